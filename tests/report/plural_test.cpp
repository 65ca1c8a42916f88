// report/plural: a count with its noun, plural unless the count is one.
#include <catch2/catch.hpp>

#include "report/plural.hpp"

using bulwark::report::counted;

TEST_CASE("counted: singular only for one") {
  CHECK(counted(0, "step") == "0 steps");
  CHECK(counted(1, "step") == "1 step");
  CHECK(counted(2, "step") == "2 steps");
  CHECK(counted(std::size_t{1}, "driven tick") == "1 driven tick");
  CHECK(counted(std::int64_t{147000}, "step") == "147000 steps");
}
