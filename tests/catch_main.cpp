#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "solver/smt/leak_suppressions.hpp"
