// The exit codes of every command: the enum and the rule live in
// report/exit_code.hpp (one rule in one place); this header stays for the
// commands that include it.
#pragma once
#include "report/exit_code.hpp"
