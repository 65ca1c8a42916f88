#include "report/stress_plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "report/markup_escape.hpp"
#include "report/stress_report.hpp"

namespace bulwark::report {
namespace {

constexpr double kW = 640, kH = 360, kL = 72, kR = 28, kT = 32, kB = 40;  // size and margins

// Ticks at 1, 2 or 5 x 10^k, about five over [lo, hi] (whole numbers only
// for `whole` axes: rounds, run counts), labelled with as many decimals as
// the step needs. Looking at the rendered charts showed why: ticks at
// quarters of the data range gave labels like "6.95886" and "5.75" rounds,
// which overlapped the axis title and ran off the right edge.
struct Axis {
  double lo, hi, step;
  int decimals;
  Axis(double a, double b, bool whole, bool widen) {
    if (!(b > a)) b = a + 1;
    double raw = (b - a) / 5, mag = std::pow(10, std::floor(std::log10(raw))), r = raw / mag;
    step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
    if (whole) step = std::max(1.0, std::round(step));
    decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    // Value axes start and end on a tick; the x axis keeps the data's range.
    lo = widen ? std::floor(a / step + 1e-9) * step : a;
    hi = widen ? std::ceil(b / step - 1e-9) * step : b;
  }
  std::vector<double> ticks() const {
    std::vector<double> t;
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
      t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);  // no "-0"
    return t;
  }
  std::string label(double v) const { return fmt::format("{:.{}f}", v, decimals); }
};

// Maps data to the plot area and draws the frame, title and axis labels.
struct Canvas {
  Axis ax, ay;
  double x0, x1, y0, y1;
  std::string body;
  Canvas(double ax0, double ax1, double ay0, double ay1, bool xwhole = false, bool ywhole = false)
      : ax(ax0, ax1, xwhole, false), ay(ay0, ay1, ywhole, true), x0(ax.lo), x1(ax.hi), y0(ay.lo), y1(ay.hi) {}
  double x(double v) const { return kL + (v - x0) / (x1 - x0) * (kW - kL - kR); }
  double y(double v) const { return kH - kB - (v - y0) / (y1 - y0) * (kH - kT - kB); }
  std::string done(const std::string& title, const std::string& xlabel, const std::string& ylabel) const {
    std::string s = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
        "font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        "<text x=\"{}\" y=\"18\" font-size=\"13\">{}</text>\n",
        kW, kH, kW, kH, kL, markup_escape(title));
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n", kL, kT,
                     kW - kL - kR, kH - kT - kB);
    for (double vx : ax.ticks())
      s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x(vx), kH - kB + 18, ax.label(vx));
    for (double vy : ay.ticks())
      s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kL - 4, y(vy) + 4, ay.label(vy));
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", (kL + kW - kR) / 2, kH - 6, markup_escape(xlabel));
    s += fmt::format("<text x=\"12\" y=\"{}\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">{}</text>\n",
                     (kT + kH - kB) / 2, (kT + kH - kB) / 2, markup_escape(ylabel));
    return s + body + "</svg>\n";
  }
  // A closed band between two series of points, and a polyline.
  void band(const std::vector<double>& xs, const std::vector<double>& lo, const std::vector<double>& hi, const char* fill) {
    std::string pts;
    for (std::size_t i = 0; i < xs.size(); ++i) pts += fmt::format("{:.1f},{:.1f} ", x(xs[i]), y(hi[i]));
    for (std::size_t i = xs.size(); i-- > 0;) pts += fmt::format("{:.1f},{:.1f} ", x(xs[i]), y(lo[i]));
    body += fmt::format("<polygon points=\"{}\" fill=\"{}\" stroke=\"none\"/>\n", pts, fill);
  }
  void line(const std::vector<double>& xs, const std::vector<double>& ys, const char* stroke) {
    std::string pts;
    for (std::size_t i = 0; i < xs.size(); ++i) pts += fmt::format("{:.1f},{:.1f} ", x(xs[i]), y(ys[i]));
    body += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", pts, stroke);
  }
};

const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

}  // namespace

std::string fan_svg(const std::string& title, const std::vector<sim::FanRow>& rows) {
  std::vector<double> xs, a, b, c, d, e;
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t t = 0; t < rows.size(); ++t) {
    xs.push_back(static_cast<double>(t + 1));
    a.push_back(rows[t].q05), b.push_back(rows[t].q25), c.push_back(rows[t].q50), d.push_back(rows[t].q75), e.push_back(rows[t].q95);
    lo = std::min(lo, rows[t].q05), hi = std::max(hi, rows[t].q95);
  }
  if (rows.empty()) lo = 0, hi = 1;
  Canvas cv(1, std::max<double>(2, static_cast<double>(rows.size())), lo, hi, true);
  cv.band(xs, a, e, "#c6dbef");
  cv.band(xs, b, d, "#6baed6");
  cv.line(xs, c, "#08306b");
  return cv.done(title + " (median, 25-75 %, 5-95 % of runs)", "round", "level");
}

std::string histogram_svg(const std::string& title, const sim::Histogram& h) {
  long top = 1;
  for (long n : h.counts) top = std::max(top, n);
  double hi = h.lo + h.width * static_cast<double>(h.counts.size());
  Canvas cv(h.lo, hi, 0, static_cast<double>(top), false, true);
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    double a = h.lo + h.width * static_cast<double>(i);
    cv.body += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#4292c6\"/>\n",
                           cv.x(a), cv.y(static_cast<double>(h.counts[i])), std::max(0.5, cv.x(a + h.width) - cv.x(a) - 1),
                           cv.y(0) - cv.y(static_cast<double>(h.counts[i])));
  }
  return cv.done(title, "value in the last state", "runs");
}

std::string sweep_svg(const std::string& title, const std::string& param, const std::vector<double>& values,
                      const std::vector<sim::Summary>& rows) {
  double top = 0;  // the y axis ends a little above the highest upper bound (shares are often small)
  for (const auto& r : rows)
    for (const auto& p : r.properties) top = std::max(top, p.broken.hi);
  Canvas cv(values.empty() ? 0 : values.front(), values.empty() ? 1 : values.back(), 0,
            top > 0 ? std::min(1.0, top * 1.1) : 1);
  if (!rows.empty()) {
    int colour = 0, legend = 0;
    for (std::size_t p = 0; p < rows[0].properties.size(); ++p) {
      if (std::none_of(rows.begin(), rows.end(), [&](const sim::Summary& r) { return r.properties[p].broken.k > 0; }))
        continue;
      std::vector<double> lo, mid, hi;
      for (const auto& r : rows) {
        lo.push_back(r.properties[p].broken.lo);
        mid.push_back(r.properties[p].broken.p);
        hi.push_back(r.properties[p].broken.hi);
      }
      const char* c = kColours[colour++ % 6];
      cv.body += fmt::format("<g opacity=\"0.25\">");
      cv.band(values, lo, hi, c);
      cv.body += "</g>\n";
      cv.line(values, mid, c);
      cv.body += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"{}\">{}</text>\n", kL + 8, kT + 14 + 14 * legend++, c,
                             markup_escape(rows[0].properties[p].name));
    }
  }
  return cv.done(title, param, "share of runs broken (95 % CI)");
}

}  // namespace bulwark::report
