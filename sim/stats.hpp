// The figures of `bulwark stress` from its run records (docs/stress.md).
#pragma once
#include <string>
#include <vector>

#include "sim/stress.hpp"

namespace bulwark::sim {

inline constexpr double kZ95 = 1.959963984540054;  // two-sided 95 % normal quantile

// k successes in n trials: the share and its 95 % Wilson score interval.
struct Share {
  long k = 0, n = 0;
  double p = 0, lo = 0, hi = 0;
};
Share wilson(long k, long n);

double normal_cdf(double x);

// The q-quantile of sorted values: the smallest x with at least q·n values <= x.
double quantile(const std::vector<double>& sorted, double q);

struct PropertyStats {
  std::string name;
  Share broken;                         // runs that break it
  double first_min = 0, first_median = 0, first_p90 = 0, first_max = 0, first_mean = 0;  // rounds, over breaking runs
  std::vector<long> first_histogram;    // first breaking round: counts per bin of `bin_width` rounds, from round 0
  long bin_width = 1;
};

// A measure is read as a loss (larger is worse): VaR_a is its a-quantile and
// ES_a the mean of the worst ceil((1 - a)·n) runs.
struct MeasureStats {
  std::string name;
  double mean = 0, sd = 0, min = 0, q05 = 0, q50 = 0, q95 = 0, max = 0;
  double var95 = 0, var99 = 0, es95 = 0, es99 = 0;
  long worst_run = 0;  // the run with the largest value (first such)
};

struct Summary {
  long runs = 0, rounds = 0;
  long steps = 0, refused = 0, idle = 0;
  std::vector<PropertyStats> properties;
  std::vector<MeasureStats> measures;
  long first_violating_run = 0;  // 0: none
};

// For plots (--plots): each round's 5/25/50/75/95 % levels of one drive
// (records made with keep_levels), and a measure's histogram.
struct FanRow {
  double q05 = 0, q25 = 0, q50 = 0, q75 = 0, q95 = 0;
};
std::vector<FanRow> fan(const std::vector<RunRecord>& runs, std::size_t drive, std::size_t drives, long rounds);
struct Histogram {
  double lo = 0, width = 1;
  std::vector<long> counts;
};
Histogram histogram(const std::vector<RunRecord>& runs, std::size_t measure, int bins = 30);

Summary summarise(const ir::TransitionSystem& ts, const std::vector<RunRecord>& runs, long rounds);

}  // namespace bulwark::sim
