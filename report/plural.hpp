// A count with its noun, in the plural unless the count is 1: "1 step",
// "4 steps". Every "{} steps" in the output goes through it, so that a depth
// or trace of one step never reads "1 steps".
#pragma once
#include <fmt/format.h>

#include <string>
#include <string_view>

namespace bulwark::report {

template <class N>
std::string counted(N n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace bulwark::report
