#include "sim/process.hpp"

#include <cmath>

namespace bulwark::sim {

Rational round_price(double level) {
  double scaled = std::round(level * static_cast<double>(kPriceScale));
  return Rational(BigInt(static_cast<std::int64_t>(scaled)), BigInt(kPriceScale));
}

// splitmix64's finaliser over a combination: nearby inputs give unrelated seeds.
std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double Rng::uniform() {
  // 53 random bits, shifted off zero.
  return (static_cast<double>(gen() >> 11) + 0.5) * 0x1.0p-53;
}

double Rng::normal() {
  double u1 = uniform(), u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

long Rng::poisson(double rate) {
  if (rate <= 0) return 0;
  double limit = std::exp(-rate), p = 1;
  long k = 0;
  do {
    ++k;
    p *= uniform();
  } while (p > limit);
  return k - 1;
}

double DriveProcess::next(long t, Rng& rng) {
  for (const auto& f : factors) {
    if (f.kind == ir::ProcessKind::Gbm)
      random *= std::exp((f.a - f.b * f.b / 2) * f.c + f.b * std::sqrt(f.c) * rng.normal());
    else if (f.kind == ir::ProcessKind::Jump)
      random *= std::pow(1 + f.b, static_cast<double>(rng.poisson(f.a)));
  }
  double base = scale;
  if (path) {
    auto row = static_cast<std::size_t>(std::min<long>(t, static_cast<long>(path->size())) - 1);
    base *= (*path)[row].convert_to<double>();
  }
  return base * random;
}

}  // namespace bulwark::sim
