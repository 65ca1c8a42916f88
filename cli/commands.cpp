#include "cli/commands.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/merge.hpp"
#include "dsl/syntax/format.hpp"
#include "report/exit_code.hpp"
#include "solver/smt/smt2_export.hpp"

namespace bulwark::cli {

// ---- merge ---------------------------------------------------------------------
int run_merge(const std::vector<std::string>& files, const Common& c) {
  Diagnostics diags;
  std::vector<MergeInput> inputs;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    if (in) text << in.rdbuf();
    if (!in) {
      diags.error("E0101", fmt::format("cannot read `{}`", f));
      continue;
    }
    inputs.push_back({f, text.str()});
  }
  if (diags.has_errors()) return report_diags(diags, c);
  MergeResult m = merge_results(inputs);
  for (const auto& e : m.errors) diags.error("E0510", e);
  if (diags.has_errors()) return report_diags(diags, c);
  fmt::print("{}\n", m.json.dump(2));
  return m.exit_code;  // report::combine_exit_codes over the specs (cli/merge.cpp)
}

// ---- smt2 --------------------------------------------------------------------------
int run_smt2(const std::string& spec, const std::string& out_dir, int depth, double timeout, const std::string& solver,
             const Common& c) {
  Diagnostics diags;
  auto opts = check_options(c, diags);
  if (!opts) return report_diags(diags, c);
  if (depth < 0 || depth > 100 || !(timeout > 0)) {
    diags.error("E0507", fmt::format("--depth must be 0..100 and --timeout positive, found {} and {}", depth, timeout));
    return report_diags(diags, c);
  }
  Timings t;
  auto compiled = compile(spec, *opts, Until::Lower, diags, t);
  report_diags(diags, c);
  if (!compiled.system) return kInputError;
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  auto files = solver::export_obligations(*compiled.system, depth, timeout,
                                          solver == "cvc5" ? solver::SolverOptions::Cvc5 : solver::SolverOptions::Z3);
  for (const auto& f : files) {
    auto path = std::filesystem::path(out_dir) / (file_stem_for(f.name) + ".smt2");
    std::ofstream out(path);
    out << f.text;
    if (!out) {
      fmt::print(stderr, "error[E0508]: cannot write {}\n", path.string());
      return kInputError;
    }
    fmt::print("{}  {}  {:.3f}s\n", path.string(), solver::to_string(f.answer), f.solve_s);
  }
  return kOk;
}

// ---- fmt ------------------------------------------------------------------------
int run_fmt(const std::vector<std::string>& specs, bool write, bool check_only, const Common& c) {
  report::RunOutcome found;  // a file not formatted (--check) counts as a violation: exit 1
  for (const auto& spec : specs) {
    Diagnostics diags;
    Timings t;
    auto compiled = compile(spec, {}, Until::Parse, diags, t);
    report_diags(diags, c);
    if (!compiled.parsed) {
      found.input_error = true;
      continue;
    }
    std::string text = format_spec(*compiled.parsed);
    if (check_only) {
      if (text != compiled.file->text()) {
        fmt::print("{}: not formatted\n", spec);
        ++found.violated;
      }
    } else if (write) {
      if (text != compiled.file->text()) {
        std::ofstream out(spec, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) {
          fmt::print(stderr, "error[E0508]: cannot write {}\n", spec);
          found.input_error = true;
        }
      }
    } else {
      fmt::print("{}", text);
    }
  }
  return report::exit_code(found);
}

// ---- ir -------------------------------------------------------------------------
int run_ir(const std::string& spec, const Common& c) {
  Diagnostics diags;
  auto opts = check_options(c, diags);
  if (!opts) return report_diags(diags, c);
  Timings t;
  auto compiled = compile(spec, *opts, Until::Lower, diags, t);
  report_diags(diags, c);
  if (!compiled.system) return kInputError;
  fmt::print("{}", ir::print(*compiled.system));
  print_stats(c, spec, t, 0);
  return kOk;
}

}  // namespace bulwark::cli
