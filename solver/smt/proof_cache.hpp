// The proof cache: definitive answers of solver queries kept on disk, so an
// unchanged spec re-checks without solving and a changed one re-solves only
// the queries whose content changed. A query's key is a hash of its canonical
// text (the declarations, then every assertion in order, printed from the IR:
// node ids play no part) and of the solvers' names and versions. Entries carry
// a checksum; one that does not verify is ignored (and rewritten). `unknown`
// is never stored: a timeout today may be an answer tomorrow.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "solver/smt/answer_text.hpp"
#include "solver/smt/backend.hpp"

namespace bulwark::solver {

class ProofCache {
 public:
  // `dir` is created if missing; if it cannot be, `warning()` says why and
  // the cache does nothing.
  ProofCache(std::string dir, std::string solver_id);
  std::optional<AnswerText> lookup(const std::string& query);
  void store(const std::string& query, const AnswerText& answer);
  // Any answer kept as text (the CHC engine's); the caller never stores an unknown.
  std::optional<std::string> lookup_text(const std::string& query);
  void store_text(const std::string& query, const std::string& body);
  const std::string& warning() const { return warning_; }
  long hits = 0, misses = 0;

 private:
  std::string path_of(const std::string& key) const;
  std::optional<std::string> read(const std::string& query) const;  // a verified body, uncounted
  std::string dir_, solver_id_, warning_;
  bool usable_ = false;
};

// The default directory: $XDG_CACHE_HOME/bulwark, else ~/.cache/bulwark.
std::string default_cache_dir();
// The solvers' names and versions and this build's identity, part of every key.
std::string solver_id(SolverOptions options);

// The canonical text of a CHC problem (chc.hpp): the declarations, every
// action, the assumes, init, the lemmas and the property.
std::string chc_query_text(const ir::TransitionSystem& ts, const std::vector<ir::NodeId>& lemmas, ir::NodeId property);

// Wraps the backends `inner` makes so that every check consults `cache` first.
std::unique_ptr<BackendFactory> with_cache(std::unique_ptr<BackendFactory> inner, const ir::TransitionSystem& ts,
                                           std::shared_ptr<ProofCache> cache);

}  // namespace bulwark::solver
