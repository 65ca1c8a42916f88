#include "solver/smt/proof_cache.hpp"

#include "solver/smt/recorder.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/uuid/detail/sha1.hpp>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>

namespace bulwark::solver {
namespace fs = std::filesystem;

namespace {

std::string sha1(const std::string& text) {
  boost::uuids::detail::sha1 h;
  h.process_bytes(text.data(), text.size());
  unsigned int digest[5];
  h.get_digest(digest);
  std::string out;
  for (unsigned d : digest) out += fmt::format("{:08x}", d);
  return out;
}

constexpr const char* kMagic = "bulwark proof cache 1";

}  // namespace

std::string default_cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "bulwark").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "bulwark").string();
  return "";
}

// Which build of Bulwark wrote an entry: its encodings decide what a query
// means, so an entry from another build (a fixed bug, a changed encoding) is
// never served. The executable's size and modification time identify it.
std::string build_id() {
  struct stat st {};
  if (stat("/proc/self/exe", &st) != 0) return "unknown build";
  return fmt::format("build {}-{}", st.st_size, st.st_mtime);
}

std::string solver_id(SolverOptions o) {
  std::string solvers;
  switch (o.which) {
    case SolverOptions::Z3: solvers = "z3 " + z3_version(); break;
    case SolverOptions::Cvc5: solvers = "cvc5 " + cvc5_version(); break;
    case SolverOptions::Portfolio:
      solvers = fmt::format("{}z3 {} + cvc5 {}", o.cross_check ? "cross-checked " : "", z3_version(), cvc5_version());
      break;
  }
  return solvers + ", " + build_id();
}

ProofCache::ProofCache(std::string dir, std::string solver_id) : dir_(std::move(dir)), solver_id_(std::move(solver_id)) {
  std::error_code ec;
  if (dir_.empty()) {
    warning_ = "no cache directory (neither XDG_CACHE_HOME nor HOME is set)";
    return;
  }
  fs::create_directories(dir_, ec);
  if (ec || access(dir_.c_str(), W_OK) != 0) {
    warning_ = fmt::format("cannot write the proof cache directory {}: {}", dir_, ec ? ec.message() : "permission denied");
    return;
  }
  usable_ = true;
}

std::string ProofCache::path_of(const std::string& key) const { return (fs::path(dir_) / key.substr(0, 2) / key.substr(2)).string(); }

// An entry: the magic line, the key, the checksum of the body, the body.
std::optional<std::string> ProofCache::read(const std::string& query) const {
  if (!usable_) return std::nullopt;
  std::string key = sha1(solver_id_ + "\n" + query);
  std::ifstream in(path_of(key), std::ios::binary);
  std::string magic, stored_key, sum;
  if (!(in && std::getline(in, magic) && std::getline(in, stored_key) && std::getline(in, sum) && magic == kMagic &&
        stored_key == key))
    return std::nullopt;
  std::stringstream body;
  body << in.rdbuf();
  if (sha1(body.str()) != sum) return std::nullopt;
  return body.str();
}

std::optional<std::string> ProofCache::lookup_text(const std::string& query) {
  auto body = read(query);
  ++(body ? hits : misses);
  return body;
}

std::optional<AnswerText> ProofCache::lookup(const std::string& query) {
  std::optional<AnswerText> a;
  if (auto body = read(query))
    if (a = parse_answer(*body); a && a->answer == Answer::Unknown) a.reset();  // a body of another kind: absent
  ++(a ? hits : misses);
  return a;
}

void ProofCache::store(const std::string& query, const AnswerText& answer) {
  if (answer.answer != Answer::Unknown) store_text(query, to_text(answer));
}

void ProofCache::store_text(const std::string& query, const std::string& body) {
  if (!usable_) return;
  std::string key = sha1(solver_id_ + "\n" + query);
  fs::path path = path_of(key);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  // Written aside and renamed: a reader never sees half an entry, and two
  // runs storing the same entry do not interleave.
  fs::path tmp = path;
  tmp += fmt::format(".{}.tmp", getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << kMagic << "\n" << key << "\n" << sha1(body) << "\n" << body;
    if (!out) return fs::remove(tmp, ec), void();
  }
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
}

namespace {

// The declarations every query's meaning depends on, and the printed form of
// each node and action, shared by the backends of one run.
struct QueryText {
  explicit QueryText(const ir::TransitionSystem& ts) : ts(ts) {
    std::ostringstream h;
    for (const auto& s : ts.sorts) {
      h << "sort " << s.name;
      for (const auto& e : s.elems) h << " " << e;
      h << "\n";
    }
    for (const auto& c : ts.cells)
      h << "cell " << c.name << " " << int(c.type.kind) << " " << c.type.sort << " " << ts.vars[static_cast<std::size_t>(c.var)].nat << "\n";
    for (const auto& p : ts.params) h << "param " << p.name << " " << int(p.type.kind) << " " << p.type.sort << " " << p.nat << "\n";
    header = h.str();
  }
  const std::string& node(ir::NodeId id) {
    auto it = nodes.find(id);
    return it != nodes.end() ? it->second : nodes.emplace(id, ir::canonical_text(ts, id)).first->second;
  }
  const std::string& action(int a) {
    auto it = actions.find(a);
    if (it != actions.end()) return it->second;
    const auto& act = ts.actions[static_cast<std::size_t>(a)];
    std::ostringstream o;
    o << "action " << act.name;
    for (const auto& arg : act.args) o << " " << arg.name << ":" << int(arg.type.kind) << ":" << arg.type.sort << ":" << arg.nat;
    for (const auto& g : act.guards) o << "\n  guard\n" << node(g.cond);
    for (ir::NodeId n : act.next) o << "\n  next\n" << node(n);
    return actions.emplace(a, o.str()).first->second;
  }
  std::string formula(const Formula& f) {
    return fmt::format("assert {} {} {} {} {}\n{}", f.frame.pre, f.frame.post, f.frame.step, f.frame.action,
                       f.negate ? "not" : "is", node(f.node));
  }
  // An obligation's canonical text: the declarations, then its parts in order, then its goal.
  std::string of(const Obligation& o) {
    std::string out = header;
    for (const auto& p : o.parts) switch (p.what) {
        case Obligation::Part::Assume: out += formula(p.f); break;
        case Obligation::Part::StateTypes: out += fmt::format("types {}\n", p.a); break;
        case Obligation::Part::Transition:
          out += fmt::format("step {} {}\n", p.a, p.b);
          for (std::size_t a = 0; a < ts.actions.size(); ++a)
            if (p.b < 0 || p.b == static_cast<int>(a)) out += action(static_cast<int>(a)) + "\n";
          break;
        case Obligation::Part::Distinct: out += fmt::format("distinct {} {}\n", p.a, p.b); break;
      }
    if (o.goal) out += formula(*o.goal);
    return out;
  }
  const ir::TransitionSystem& ts;
  std::string header;
  std::map<ir::NodeId, std::string> nodes;
  std::map<int, std::string> actions;
};

// A backend that records what is asserted (as text, along push/pop) and
// answers a check from the cache when it can. The solver behind it is only
// told what was asserted when a check misses, so a cached run encodes nothing.
class CachingBackend final : public Backend {
 public:
  CachingBackend(std::unique_ptr<Backend> inner, std::shared_ptr<QueryText> text, std::shared_ptr<ProofCache> cache)
      : b_(std::move(inner)), text_(std::move(text)), cache_(std::move(cache)) {}

  void push() override { rec_.push(); }
  void pop() override { rec_.pop(*b_); }
  void add(const Formula& f) override { rec_.add(f); }
  void add_state_types(int k) override { rec_.add_state_types(k); }
  void add_transition(int k, int action) override { rec_.add_transition(k, action); }
  void add_distinct_states(int i, int j) override { rec_.add_distinct_states(i, j); }

  Answer check(double timeout_s, const std::vector<Formula>& tracked, std::vector<int>* core,
               const StopSignal* stop) override {
    // The key: what is asserted, as an obligation's text.
    std::string query = text_->of(rec_.obligation());
    for (const auto& f : tracked) query += "tracked " + text_->formula(f);
    if (core) query += "core wanted\n";
    if (auto hit = cache_->lookup(query)) {
      if (hit->answer == Answer::Unsat && core) *core = hit->core;
      if (hit->answer == Answer::Sat) b_->load_model(hit->model);
      return hit->answer;
    }
    rec_.sync(*b_);
    Answer r = b_->check(timeout_s, tracked, core, stop);
    if (r == Answer::Unsat) cache_->store(query, {r, {}, core ? *core : std::vector<int>{}, {}});
    if (r == Answer::Sat) cache_->store(query, {r, {}, {}, b_->model_constants()});
    return r;
  }
  std::string reason() const override { return b_->reason(); }
  bool nonlinear() const override { return b_->nonlinear(); }
  Value param(int i) override { return b_->param(i); }
  Value cell(int state, int c) override { return b_->cell(state, c); }
  int action_at(int step) override { return b_->action_at(step); }
  Value arg(int step, int action, int i) override { return b_->arg(step, action, i); }
  std::map<std::string, std::string> model_constants() override { return b_->model_constants(); }
  void load_model(std::map<std::string, std::string> constants) override { b_->load_model(std::move(constants)); }
  std::string smt2(const std::vector<Formula>& extra) override {
    rec_.sync(*b_);
    return b_->smt2(extra);
  }

 private:
  std::unique_ptr<Backend> b_;
  std::shared_ptr<QueryText> text_;
  std::shared_ptr<ProofCache> cache_;
  Recorder rec_;  // what the solver is told when a check misses; its obligation is the key
};

class CachingFactory final : public BackendFactory {
 public:
  CachingFactory(std::unique_ptr<BackendFactory> inner, const ir::TransitionSystem& ts, std::shared_ptr<ProofCache> cache)
      : inner_(std::move(inner)), text_(std::make_shared<QueryText>(ts)), cache_(std::move(cache)) {}
  std::unique_ptr<Backend> make(Use use) override {
    return std::make_unique<CachingBackend>(inner_->make(use), text_, cache_);
  }

 private:
  std::unique_ptr<BackendFactory> inner_;
  std::shared_ptr<QueryText> text_;
  std::shared_ptr<ProofCache> cache_;
};

}  // namespace

std::string chc_query_text(const ir::TransitionSystem& ts, const std::vector<ir::NodeId>& lemmas, ir::NodeId property) {
  QueryText q(ts);
  std::string out = q.header + "chc\n";
  for (std::size_t a = 0; a < ts.actions.size(); ++a) out += q.action(static_cast<int>(a)) + "\n";
  for (ir::NodeId n : ts.assumes) out += "assume\n" + q.node(n);
  for (ir::NodeId n : ts.init) out += "init\n" + q.node(n);
  for (ir::NodeId n : lemmas) out += "lemma\n" + q.node(n);
  return out + "property\n" + q.node(property);
}

std::unique_ptr<BackendFactory> with_cache(std::unique_ptr<BackendFactory> inner, const ir::TransitionSystem& ts,
                                           std::shared_ptr<ProofCache> cache) {
  return std::make_unique<CachingFactory>(std::move(inner), ts, std::move(cache));
}

}  // namespace bulwark::solver
