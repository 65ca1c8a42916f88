// Include once per executable that links the solvers (cli/main.cpp, the unit
// tests). In a sanitizer build (BULWARK_SANITIZE) LeakSanitizer reads these
// suppressions: CLN, cvc5's number library, allocates in its static
// initialisers and never frees; that is not our leak to report.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() { return "leak:libcln.so\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif
