#include "cli/spec_run.hpp"

#include <fmt/format.h>

#include <memory>

#include "solver/smt/proof_cache.hpp"

namespace bulwark::cli {

solver::EngineOptions engine_options(const RunSettings& s, CompileWith compile_with) {
  solver::EngineOptions eo;
  eo.depth = s.depth;
  eo.timeout_s = s.timeout;
  eo.total_timeout_s = s.total_timeout;
  if (!s.no_cache) eo.cache_dir = solver::default_cache_dir();
  eo.engine = s.engine == "induction"    ? solver::ProofEngine::Induction
              : s.engine == "kinduction" ? solver::ProofEngine::KInduction
              : s.engine == "chc"        ? solver::ProofEngine::Chc
                                         : solver::ProofEngine::Auto;
  eo.recompile = [compile_with = std::move(compile_with)](const std::string& extra) {
    Diagnostics diags;
    auto again = std::make_shared<Compiled>(compile_with(extra, diags));
    if (!again->system) return solver::Recompiled{nullptr, render_all(diags, false)};
    return solver::Recompiled{std::shared_ptr<const ir::TransitionSystem>(again, &*again->system), ""};
  };
  return eo;
}

bool valid_settings(const RunSettings& s, Diagnostics& diags) {
  if (s.depth < 0 || s.depth > 1000 || !(s.timeout > 0) || s.timeout > 86400 || !(s.total_timeout >= 0) ||
      s.total_timeout > 864000) {
    diags.error("E0507", fmt::format("--depth must be 0..1000, --timeout 0 < t <= 86400 and --total-timeout "
                                     "0..864000 seconds, found {}, {} and {}", s.depth, s.timeout, s.total_timeout));
    return false;
  }
  return true;
}

}  // namespace bulwark::cli
