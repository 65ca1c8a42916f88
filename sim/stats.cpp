#include "sim/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bulwark::sim {

Share wilson(long k, long n) {
  Share s;
  s.k = k;
  s.n = n;
  if (n <= 0) return s;
  double nn = static_cast<double>(n), p = static_cast<double>(k) / nn, z2 = kZ95 * kZ95;
  double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  double half = kZ95 / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  s.p = p;
  // Exactly 0 (1) when no (every) run succeeds; rounding leaves ~1e-18 otherwise.
  s.lo = k == 0 ? 0.0 : std::max(0.0, centre - half);
  s.hi = k == n ? 1.0 : std::min(1.0, centre + half);
  return s;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  auto n = static_cast<double>(sorted.size());
  auto i = static_cast<long>(std::ceil(q * n - 1e-9)) - 1;
  i = std::clamp<long>(i, 0, static_cast<long>(sorted.size()) - 1);
  return sorted[static_cast<std::size_t>(i)];
}

namespace {
double tail_mean(const std::vector<double>& sorted, double a) {
  if (sorted.empty()) return 0;
  auto k = static_cast<std::size_t>(std::ceil((1 - a) * static_cast<double>(sorted.size()) - 1e-9));
  k = std::clamp<std::size_t>(k, 1, sorted.size());
  double sum = std::accumulate(sorted.end() - static_cast<long>(k), sorted.end(), 0.0);
  return sum / static_cast<double>(k);
}
}  // namespace

std::vector<FanRow> fan(const std::vector<RunRecord>& runs, std::size_t drive, std::size_t drives, long rounds) {
  std::vector<FanRow> out;
  std::vector<double> v;
  for (long t = 0; t < rounds; ++t) {
    v.clear();
    auto at = static_cast<std::size_t>(t) * drives + drive;
    for (const auto& r : runs)
      if (at < r.levels.size()) v.push_back(r.levels[at]);
    std::sort(v.begin(), v.end());
    out.push_back({quantile(v, 0.05), quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), quantile(v, 0.95)});
  }
  return out;
}

Histogram histogram(const std::vector<RunRecord>& runs, std::size_t measure, int bins) {
  Histogram h;
  if (runs.empty()) return h;
  double lo = runs[0].measures[measure], hi = lo;
  for (const auto& r : runs) lo = std::min(lo, r.measures[measure]), hi = std::max(hi, r.measures[measure]);
  h.lo = lo;
  h.width = hi > lo ? (hi - lo) / bins : 1;
  h.counts.assign(static_cast<std::size_t>(hi > lo ? bins : 1), 0);
  for (const auto& r : runs) {
    auto b = static_cast<std::size_t>((r.measures[measure] - lo) / h.width);
    ++h.counts[std::min(b, h.counts.size() - 1)];
  }
  return h;
}

Summary summarise(const ir::TransitionSystem& ts, const std::vector<RunRecord>& runs, long rounds) {
  Summary s;
  s.runs = static_cast<long>(runs.size());
  s.rounds = rounds;
  for (const auto& r : runs) {
    s.steps += r.steps;
    s.refused += r.refused;
    s.idle += r.idle;
    if (!s.first_violating_run && r.violation_steps >= 0) s.first_violating_run = r.run;
  }
  auto names = property_names(ts);
  long bins = std::min<long>(rounds + 1, 20);
  long width = (rounds + 1 + bins - 1) / bins;
  for (std::size_t p = 0; p < names.size(); ++p) {
    PropertyStats ps;
    ps.name = names[p];
    ps.bin_width = width;
    ps.first_histogram.assign(static_cast<std::size_t>((rounds + width) / width), 0);
    std::vector<double> first;
    for (const auto& r : runs)
      if (r.first_round[p] >= 0) {
        first.push_back(r.first_round[p]);
        ++ps.first_histogram[static_cast<std::size_t>(r.first_round[p] / width)];
      }
    ps.broken = wilson(static_cast<long>(first.size()), s.runs);
    if (!first.empty()) {
      std::sort(first.begin(), first.end());
      ps.first_min = first.front();
      ps.first_max = first.back();
      ps.first_median = quantile(first, 0.5);
      ps.first_p90 = quantile(first, 0.9);
      ps.first_mean = std::accumulate(first.begin(), first.end(), 0.0) / static_cast<double>(first.size());
    }
    s.properties.push_back(std::move(ps));
  }
  for (std::size_t m = 0; m < ts.measures.size(); ++m) {
    MeasureStats ms;
    ms.name = ts.measures[m].name;
    std::vector<double> v;
    double worst = 0;
    for (const auto& r : runs) {
      double x = r.measures[m];
      if (v.empty() || x > worst) worst = x, ms.worst_run = r.run;
      v.push_back(x);
    }
    if (!v.empty()) {
      double n = static_cast<double>(v.size());
      ms.mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
      double ss = 0;
      for (double x : v) ss += (x - ms.mean) * (x - ms.mean);
      ms.sd = v.size() > 1 ? std::sqrt(ss / (n - 1)) : 0;
      std::sort(v.begin(), v.end());
      ms.min = v.front();
      ms.max = v.back();
      ms.q05 = quantile(v, 0.05);
      ms.q50 = quantile(v, 0.5);
      ms.q95 = quantile(v, 0.95);
      ms.var95 = ms.q95;
      ms.var99 = quantile(v, 0.99);
      ms.es95 = tail_mean(v, 0.95);
      ms.es99 = tail_mean(v, 0.99);
    }
    s.measures.push_back(std::move(ms));
  }
  return s;
}

}  // namespace bulwark::sim
