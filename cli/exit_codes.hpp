// The exit codes of every command (DESIGN.md "Verdicts and exit codes").
#pragma once

namespace bulwark {

enum Exit { kOk = 0, kViolated = 1, kInconclusive = 2, kInputError = 3, kInternalError = 4 };

}  // namespace bulwark
