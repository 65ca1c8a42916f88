// The market processes of a scenario (docs/stress.md): each drive's level
// per round, sampled in double precision and rounded to an exact rational
// (kPriceScale) only when it enters the interpreter, so rounding never
// accumulates along a path.
#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "dsl/ir/transition_system.hpp"

namespace bulwark::sim {

// Sampled reals enter the exact interpreter as multiples of 1/kPriceScale.
inline constexpr std::int64_t kPriceScale = 1'000'000;
// Levels beyond this are refused (the rounding would overflow 64 bits).
inline constexpr double kMaxLevel = 1e12;

// Nearest multiple of 1/kPriceScale, exactly (ties away from zero).
Rational round_price(double level);

// Seeds derived from (seed, run index, stream), independent of --jobs.
std::uint64_t mix(std::uint64_t a, std::uint64_t b);

struct Rng {
  std::mt19937_64 gen;
  explicit Rng(std::uint64_t seed) : gen(seed) {}
  double uniform();  // in (0, 1)
  double normal();   // standard normal (Box-Muller, so the stream is the same on every platform)
  long poisson(double rate);
};

// One drive's process for one run: its parameters evaluated on the run's
// params and initial state.
struct DriveProcess {
  struct Factor {
    ir::ProcessKind kind;
    double a = 0, b = 0, c = 0;  // gbm: mu, sigma, dt; jump: rate, size
  };
  std::vector<Factor> factors;
  const std::vector<Rational>* path = nullptr;
  double scale = 1;   // path * scale (from / first row), or the start level without a path
  double random = 1;  // product of the gbm and jump factors so far
  // The level at round t (1-based) after advancing the random factors one round.
  double next(long t, Rng& rng);
};

struct ProcessError {
  Span span;
  std::string message;
};

}  // namespace bulwark::sim
