#include "report/mutate_report.hpp"
#include "report/plural.hpp"

#include <fmt/format.h>

namespace bulwark::report {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Killed: return "killed";
    case Outcome::Survived: return "survived";
    case Outcome::Undecided: return "undecided";
    case Outcome::Invalid: return "invalid";
    case Outcome::Error: return "error";
  }
  return "";
}

namespace {

std::size_t count(const MutationRun& r, Outcome o) {
  std::size_t n = 0;
  for (const auto& m : r.results) n += m.outcome == o;
  return n;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// "lending.bwk:30:27: flip-comparison in borrow: `a <= b;` -> `a > b;`"
std::string diff_line(const SourceFile& f, const mutate::Mutant& m) {
  return fmt::format("{}: {} in {}: `{}` -> {}", f.location(m.at.begin), mutate::to_string(m.kind), m.action, m.original,
                     m.mutated.empty() ? std::string("(removed)") : "`" + m.mutated + "`");
}

}  // namespace

std::string mutation_text(const MutationRun& r) {
  std::size_t killed = count(r, Outcome::Killed), survived = count(r, Outcome::Survived),
              undecided = count(r, Outcome::Undecided), invalid = count(r, Outcome::Invalid),
              errors = count(r, Outcome::Error);
  std::size_t total = killed + survived + undecided;
  std::string out = fmt::format("{}: {} of {}", r.file->name(), counted(r.generated, "mutant"), counted(r.actions, "action"));
  if (r.results.size() < r.generated) out += fmt::format(", {} checked (--max-mutants)", r.results.size());
  out += fmt::format(" (depth {}, {} s per mutant; {:.1f} s)\n", r.depth, r.timeout_s, r.time_s);
  if (!r.already_violated.empty())
    out += fmt::format("  violated in the original, so they cannot kill a mutant: {}\n", joined(r.already_violated));
  if (!r.unproved.empty())
    out += fmt::format("  not proved in the original: {} (a mutant survives only if it proves them)\n", joined(r.unproved));
  out += fmt::format("  killed     {:>4}  a property the original keeps is violated (replayed trace)\n", killed);
  out += fmt::format("  survived   {:>4}  every other property still proved: the properties miss these changes\n", survived);
  out += fmt::format("  undecided  {:>4}  nothing violated, but not every property proved (timeout or depth)\n", undecided);
  if (invalid) out += fmt::format("  invalid    {:>4}  the mutant is not a valid spec (not counted)\n", invalid);
  if (errors) out += fmt::format("  error      {:>4}  internal error while checking (not counted; please report)\n", errors);
  if (total == 0) out += "  mutation score: none (no mutant checked)\n";
  else
    out += fmt::format("  mutation score: {}/{} = {:.1f}% killed{}\n", killed, total, 100.0 * static_cast<double>(killed) / static_cast<double>(total),
                       undecided ? fmt::format(" (undecided counted as not killed; at most {:.1f}% if all were)",
                                               100.0 * static_cast<double>(killed + undecided) / static_cast<double>(total))
                                 : "");
  for (Outcome o : {Outcome::Survived, Outcome::Undecided, Outcome::Invalid, Outcome::Error}) {
    if (!count(r, o)) continue;
    out += fmt::format("{}:\n", to_string(o));
    for (const auto& m : r.results) {
      if (m.outcome != o) continue;
      out += "  " + diff_line(*r.file, m.mutant);
      if (o == Outcome::Undecided) out += fmt::format("  [not proved: {}]", joined(m.properties));
      if (!m.note.empty()) out += fmt::format("  [{}]", m.note);
      out += "\n";
    }
  }
  return out;
}

nlohmann::json mutation_json(const MutationRun& r) {
  nlohmann::json ms = nlohmann::json::array();
  for (const auto& m : r.results) {
    auto lc = r.file->line_col(m.mutant.at.begin);
    ms.push_back({{"outcome", to_string(m.outcome)},
                  {"operator", mutate::to_string(m.mutant.kind)},
                  {"action", m.mutant.action},
                  {"location", {{"file", r.file->name()}, {"line", lc.line}, {"col", lc.col}}},
                  {"original", m.mutant.original},
                  {"mutant", m.mutant.mutated.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.mutant.mutated)},
                  {"properties", m.properties},
                  {"note", m.note},
                  {"time_s", m.time_s}});
  }
  std::size_t killed = count(r, Outcome::Killed),
              total = killed + count(r, Outcome::Survived) + count(r, Outcome::Undecided);
  return {{"spec", r.file->name()},
          {"generated", r.generated},
          {"checked", r.results.size()},
          {"killed", killed},
          {"survived", count(r, Outcome::Survived)},
          {"undecided", count(r, Outcome::Undecided)},
          {"invalid", count(r, Outcome::Invalid)},
          {"errors", count(r, Outcome::Error)},
          {"score", total ? nlohmann::json(static_cast<double>(killed) / static_cast<double>(total)) : nlohmann::json(nullptr)},
          {"already_violated", r.already_violated},
          {"unproved", r.unproved},
          {"depth", r.depth},
          {"timeout_s", r.timeout_s},
          {"mutants", ms}};
}

}  // namespace bulwark::report
