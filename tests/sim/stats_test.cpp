// sim/: the statistics of `bulwark stress` on known figures, the closed form
// of a GBM ending below a barrier, and records independent of --jobs.
#include <catch2/catch.hpp>

#include <cmath>

#include "cli/pipeline.hpp"
#include "sim/stats.hpp"
#include "sim/stress.hpp"

using namespace bulwark;

namespace {
ir::TransitionSystem compile_ok(const std::string& rel) {
  Diagnostics d;
  cli::Timings t;
  auto c = cli::compile(std::string(BULWARK_SOURCE_DIR) + "/" + rel, {}, cli::Until::Lower, d, t);
  REQUIRE(c.system);
  // The file must outlive the system's spans: keep it alive for the test run.
  static std::vector<std::unique_ptr<SourceFile>> keep;
  keep.push_back(std::move(c.file));
  return std::move(*c.system);
}
}  // namespace

TEST_CASE("Wilson interval matches published values", "[sim]") {
  // 10 of 100: 0.0552 .. 0.1744 (Wilson 1927; e.g. Newcombe 1998, table I).
  auto s = sim::wilson(10, 100);
  CHECK(s.p == Approx(0.1));
  CHECK(s.lo == Approx(0.0552).margin(1e-4));
  CHECK(s.hi == Approx(0.1744).margin(1e-4));
  auto z = sim::wilson(0, 1000);  // the rule of three's neighbour: upper 0.0038
  CHECK(z.lo == 0);
  CHECK(z.hi == Approx(0.00383).margin(1e-5));
}

TEST_CASE("quantiles, VaR and expected shortfall of a known sample", "[sim]") {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  CHECK(sim::quantile(v, 0.95) == 95);
  CHECK(sim::quantile(v, 0.99) == 99);
  CHECK(sim::quantile(v, 0.5) == 50);
  CHECK(sim::normal_cdf(0) == Approx(0.5));
  CHECK(sim::normal_cdf(1.959963984540054) == Approx(0.975));
}

TEST_CASE("sampled prices are rounded exactly to 1e-6", "[sim]") {
  CHECK(sim::round_price(1.23456749) == Rational(1234567, 1000000));
  CHECK(sim::round_price(194.0) == Rational(194));
  CHECK(sim::round_price(0.0000004) == Rational(0));
}

TEST_CASE("GBM ends below a barrier as often as the closed form says", "[sim]") {
  auto ts = compile_ok("tests/inputs/stress/gbm_barrier.bwk");
  sim::StressOptions o;
  o.runs = 4000;
  o.rounds = 20;
  o.seed = 11;
  auto recs = sim::run_stress(ts, o);
  auto s = sim::summarise(ts, recs, o.rounds);
  REQUIRE(s.properties.size() == 1);
  // P(S_T < B) = Phi((ln(B/S0) - (mu - sigma^2/2) T) / (sigma sqrt T)), T = K dt.
  double S0 = 100, B = 90, mu = 0.05, sigma = 0.2, T = 20 * 0.05;
  double closed = sim::normal_cdf((std::log(B / S0) - (mu - sigma * sigma / 2) * T) / (sigma * std::sqrt(T)));
  const auto& p = s.properties[0].broken;
  INFO("closed form " << closed << ", sampled " << p.p << " [" << p.lo << ", " << p.hi << "]");
  CHECK(p.lo <= closed);
  CHECK(closed <= p.hi);
  // Broken only at the last round, by construction of the spec.
  CHECK(s.properties[0].first_min == 20);
  CHECK(s.properties[0].first_max == 20);
  // E[S_T] = S0 e^(mu T): the mean loss 100 - S_T within 4 standard errors.
  const auto& m = s.measures.at(0);
  CHECK(std::abs(m.mean - (100 - S0 * std::exp(mu * T))) < 4 * m.sd / std::sqrt(4000.0));
  CHECK(m.var95 <= m.var99);
  CHECK(m.var99 <= m.es99);
}

TEST_CASE("records do not depend on --jobs", "[sim]") {
  auto ts = compile_ok("specs/perps/cascade.bwk");
  sim::StressOptions o;
  for (std::size_t i = 0; i < ts.scenarios.size(); ++i)
    if (ts.scenarios[i].name == "gap_down") o.scenario = static_cast<int>(i);
  o.runs = 60;
  o.rounds = 15;
  o.seed = 5;
  auto one = sim::run_stress(ts, o);
  o.jobs = 3;
  auto three = sim::run_stress(ts, o);
  REQUIRE(one.size() == three.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    CHECK(one[i].run == three[i].run);
    CHECK(one[i].first_round == three[i].first_round);
    CHECK(one[i].measures == three[i].measures);
    CHECK(one[i].steps == three[i].steps);
  }
}
