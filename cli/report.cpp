#include "cli/report.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "cli/exit_codes.hpp"
#include "report/verdict_json.hpp"
#include "cli/merge.hpp"
#include "report/html_report.hpp"
#include "report/progress.hpp"
#include "report/trace_text.hpp"

namespace bulwark::cli {
namespace {

// The name `--chart` expression i gets inside the spec.
std::string chart_measure(std::size_t i) { return fmt::format("chart_{}__", i + 1); }

std::vector<std::string> spec_files(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (!fs::is_directory(a, ec)) {
      out.push_back(a);
      continue;
    }
    std::vector<std::string> below;
    for (const auto& e : fs::recursive_directory_iterator(a, ec))
      if (e.path().extension() == ".bwk") below.push_back(e.path().string());
    std::sort(below.begin(), below.end());
    out.insert(out.end(), below.begin(), below.end());
  }
  return out;
}

}  // namespace

std::string write_atomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::string tmpl = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) return fmt::format("cannot write {}: {}", path, std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  bool ok = done == text.size() && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || std::rename(name.data(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(name.data());
    return fmt::format("cannot write {}: {}", path, why);
  }
  return "";
}

int run_report(const ReportArgs& a, const CheckOptions& options) {
  Diagnostics diags;
  if (!valid_settings(a.run, diags)) {
    std::fputs(render_all(diags, a.color).c_str(), stderr);
    return kInputError;
  }
  for (const auto& c : a.charts)
    if (c.empty() || c.find_first_of(";{}\n") != std::string::npos)
      return input_error(diags, a.color, "E0530",
                         fmt::format("--chart `{}` must be one expression (no `;`, braces or newlines)", c));
  {
    std::error_code ec;
    auto dir = std::filesystem::path(a.out).parent_path();
    if (a.out.empty() || std::filesystem::is_directory(a.out, ec) || (!dir.empty() && !std::filesystem::is_directory(dir, ec)))
      return input_error(diags, a.color, "E0508", fmt::format("-o {}: not a file in an existing folder", a.out));
  }
  auto specs = spec_files(a.specs);
  if (specs.empty()) return input_error(diags, a.color, "E0101", "no .bwk spec found in the given paths");

  std::string extra;
  for (std::size_t i = 0; i < a.charts.size(); ++i) extra += fmt::format("\nmeasure {}: {};", chart_measure(i), a.charts[i]);
  if (!extra.empty()) extra += "\n";

  std::vector<std::unique_ptr<Compiled>> compiled;  // the reports point into them
  std::vector<report::SpecReport> reports;
  int overall = kOk;
  for (const auto& spec : specs) {
    Timings t;
    auto c = std::make_unique<Compiled>(compile(spec, options, Until::Lower, diags, t, {}, extra));
    if (!c->system && !extra.empty()) {
      // Is it the spec or a --chart expression?
      Diagnostics plain;
      if (compile(spec, options, Until::Lower, plain, t).system) {
        std::string list;
        for (const auto& ch : a.charts) list += fmt::format("{}`{}`", list.empty() ? "" : ", ", ch);
        return input_error(diags, a.color, "E0530",
                           fmt::format("--chart {}: not a numeric expression over the state of {} (see above)", list, spec));
      }
      diags = std::move(plain);
    }
    if (!c->system) {
      std::fputs(render_all(diags, a.color).c_str(), stderr);
      return kInputError;
    }
    const auto& ts = *c->system;
    auto eo = engine_options(a.run, [&spec, &options, &extra](const std::string& more, Diagnostics& d) {
      Timings rt;
      return compile(spec, options, Until::Lower, d, rt, {}, extra + more);
    });
    if (!a.property.empty()) {
      bool found = false;
      for (const auto* list : {&ts.invariants, &ts.steps})
        for (const auto& p : *list) found = found || p.name == a.property;
      if (!found) return input_error(diags, a.color, "E0509", fmt::format("{}: there is no property named `{}`", spec, a.property));
      eo.only = std::set<std::string>{a.property};
    }
    std::optional<report::Progress> progress;
    progress.emplace(stderr, report::Progress::wanted(stderr, a.quiet), "report " + spec);
    eo.progress = &*progress;
    auto res = solver::run_engines(ts, eo);
    progress.reset();  // erased before warnings are printed
    for (const auto& w : res.warnings) fmt::print(stderr, "{}", report::warning_text(ts, spec, w));
    if (res.input_error) {
      fmt::print(stderr, "{}: error[E0403]: {}\n", spec, *res.input_error);
      return kInputError;
    }
    if (res.internal_error) {
      fmt::print(stderr, "internal error: {}\n", *res.internal_error);
      return kInternalError;
    }
    report::SpecReport r{spec, &ts, std::move(res.verdicts), std::move(res.warnings), {}, 0};
    for (std::size_t i = 0; i < a.charts.size(); ++i)
      for (std::size_t m = 0; m < ts.measures.size(); ++m)
        if (ts.measures[m].name == chart_measure(i)) r.charts.push_back({a.charts[i], static_cast<int>(m)});
    r.exit_code = report::exit_code(report::RunOutcome::of(r.verdicts));
    overall = report::combine_exit_codes(overall, r.exit_code);
    reports.push_back(std::move(r));
    compiled.push_back(std::move(c));
  }
  std::string html = report::html_report(reports, BULWARK_VERSION);
  if (auto err = write_atomically(a.out, html); !err.empty()) {
    fmt::print(stderr, "error[E0508]: {}\n", err);
    return kInputError;
  }
  std::size_t props = 0, violated = 0;
  for (const auto& r : reports) {
    props += r.verdicts.size();
    for (const auto& v : r.verdicts) violated += v.status == solver::Status::Violated;
  }
  fmt::print("{}: {} spec{}, {} propert{} ({} violated)\n", a.out, reports.size(), reports.size() == 1 ? "" : "s", props,
             props == 1 ? "y" : "ies", violated);
  return overall;
}

}  // namespace bulwark::cli
