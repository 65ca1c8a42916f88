#include "cli/common.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "report/exit_code.hpp"
#include "report/trace_text.hpp"

namespace bulwark::cli {

void report_internal_error(const std::exception& e) {
  std::fprintf(stderr, "internal error: %s\nplease report this with the spec that caused it\n", e.what());
}

bool ci_format(const Common& c) { return c.format == "junit" || c.format == "sarif"; }

bool color_for(std::FILE* f, const Common& c) {
  const char* env = std::getenv("NO_COLOR");
  return !c.no_color && isatty(fileno(f)) && !(env && *env);
}

int report_diags(const Diagnostics& d, const Common& c) {
  std::fputs(render_all(d, color_for(stderr, c)).c_str(), stderr);
  return d.has_errors() ? kInputError : kOk;
}

std::optional<CheckOptions> check_options(const Common& c, Diagnostics& diags) {
  CheckOptions o;
  static const std::regex pattern(R"(([A-Za-z_][A-Za-z0-9_]*)=(-?[0-9]+))");
  for (const auto& s : c.sizes) {
    std::smatch m;
    if (!std::regex_match(s, m, pattern) || m[2].length() > 9) {
      diags.error("E0503", fmt::format("--size {}: expected SORT=N with N a whole number, e.g. --size Account=4", s));
      continue;
    }
    o.sizes[m[1]] = std::stoi(m[2]);
  }
  if (diags.has_errors()) return std::nullopt;
  return o;
}

nlohmann::json stats_json(const std::string& spec, const Timings& t, long steps, const nlohmann::json& extra) {
  struct rusage ru {}, children {};
  getrusage(RUSAGE_SELF, &ru);
  getrusage(RUSAGE_CHILDREN, &children);  // solver processes (cvc5, isolated Z3 queries)
  nlohmann::json j = {{"spec", spec},         {"parse_s", t.parse_s}, {"check_s", t.check_s},
                      {"lower_s", t.lower_s}, {"run_s", t.run_s},     {"steps", steps},
                      {"peak_rss_kb", ru.ru_maxrss}, {"peak_solver_process_rss_kb", children.ru_maxrss}};
  j.update(extra);
  return j;
}

void print_stats(const Common& c, const std::string& spec, const Timings& t, long steps, const nlohmann::json& extra) {
  if (c.stats) fmt::print(stderr, "{}\n", stats_json(spec, t, steps, extra).dump());
}

std::string file_stem_for(const std::string& name) {
  std::string s;
  for (char ch : name) s += std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' ? ch : '_';
  return s;
}

std::optional<std::string> write_trace(const std::string& dir, const std::string& spec,
                                       const ir::TransitionSystem& ts, const interp::Trace& trace) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto path = std::filesystem::path(dir) / fmt::format("{}.{}{}.itf.json", std::filesystem::path(spec).stem().string(),
                                                       file_stem_for(report::broken_property(ts, trace).name),
                                                       trace.from_init ? "" : ".cti");
  std::ofstream out(path);
  out << report::trace_itf(ts, trace).dump(2) << "\n";
  if (!out) {
    fmt::print(stderr, "error[E0508]: cannot write {}\n", path.string());
    return std::nullopt;
  }
  return path.string();
}

}  // namespace bulwark::cli
