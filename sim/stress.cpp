#include "sim/stress.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

namespace bulwark::sim {

std::vector<std::string> property_names(const ir::TransitionSystem& ts) {
  std::vector<std::string> out;
  for (const auto& p : ts.invariants) out.push_back(p.name);
  for (const auto& p : ts.steps) out.push_back(p.name);
  return out;
}

struct Runner::Impl {
  const ir::TransitionSystem& ts;
  const StressOptions& o;
  const ir::Scenario& sc;
  interp::Interpreter in;
  interp::StepSampler sampler;
  std::vector<int> others;  // actions the policy picks from at random
  Impl(const ir::TransitionSystem& t, const StressOptions& opt)
      : ts(t), o(opt), sc(t.scenarios.at(static_cast<std::size_t>(opt.scenario))), in(t), sampler(t, opt.fixed_params) {
    for (std::size_t a = 0; a < ts.actions.size(); ++a) {
      bool driven = false;
      for (const auto& d : sc.drives) driven |= d.action == static_cast<int>(a);
      if (!driven) others.push_back(static_cast<int>(a));
    }
  }

  double number(ir::NodeId n, const std::vector<Value>& params, const interp::State* s) {
    in.bind(&params, s);
    return in.eval(n).as_rational().convert_to<double>();
  }

  std::vector<DriveProcess> setup(const std::vector<Value>& params, const interp::State& init) {
    std::vector<DriveProcess> out;
    for (const auto& d : sc.drives) {
      DriveProcess p;
      for (const auto& f : d.procs) {
        if (f.kind == ir::ProcessKind::Path) {
          p.path = &f.prices;
          continue;
        }
        DriveProcess::Factor x{f.kind};
        x.a = number(f.args[0], params, nullptr);
        x.b = number(f.args[1], params, nullptr);
        if (f.kind == ir::ProcessKind::Gbm) {
          x.c = number(f.args[2], params, nullptr);
          if (!(x.b >= 0) || !(x.c > 0) || !std::isfinite(x.a) || x.b > 100 || x.c > 1e6)
            throw StressError{f.span, fmt::format("gbm needs sigma in [0, 100] and dt in (0, 1e6]; here mu = {}, sigma = {}, dt = {}", x.a, x.b, x.c)};
        } else if (!(x.a >= 0 && x.a <= 100) || !(x.b > -1 && x.b <= 100)) {
          throw StressError{f.span, fmt::format("jump needs a rate in [0, 100] and a size in (-1, 100]; here rate = {}, size = {}", x.a, x.b)};
        }
        p.factors.push_back(x);
      }
      if (d.from) {
        double s0 = number(*d.from, params, &init);
        if (!(s0 > 0) || s0 > kMaxLevel)
          throw StressError{d.span, fmt::format("the starting level must be in (0, 1e12]; it is {} in this run", s0)};
        p.scale = p.path ? s0 / p.path->front().convert_to<double>() : s0;
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  RunRecord run(long r, interp::Trace* trace, bool cut) {
    std::uint64_t rs = mix(o.seed, static_cast<std::uint64_t>(r));
    sampler.reseed(mix(rs, 1));
    Rng market(mix(rs, 2));
    std::vector<Value> params;
    interp::State init;
    std::string why;
    if (!sampler.start(params, init, why)) throw StressError{sc.span, fmt::format("run {}: {}", r, why)};
    auto procs = setup(params, init);
    const std::size_t ni = ts.invariants.size();
    RunRecord rec;
    rec.run = r;
    rec.first_round.assign(ni + ts.steps.size(), -1);
    interp::Trace local{params, init, {}, false, -1};
    interp::Trace& t = trace ? *trace : local;
    if (trace) t = local;
    interp::State cur = init;
    bool stop = false;
    auto note = [&](bool step, int p, long round) {
      auto idx = static_cast<std::size_t>(step ? static_cast<int>(ni) + p : p);
      if (rec.first_round[idx] < 0) rec.first_round[idx] = static_cast<std::int32_t>(round);
      if (rec.violation_steps < 0) {
        rec.violation_steps = static_cast<std::int32_t>(t.steps.size());
        t.step_property = step;
        t.property = p;
        if (cut) stop = true;
      }
    };
    for (int p : in.broken_invariants(params, cur)) note(false, p, 0);
    auto take = [&](interp::Step s, long round) {
      ++rec.steps;
      bool first = rec.violation_steps < 0;
      if (s.reverted) {
        auto broken = in.broken_checks(s.action, params, cur, s.args);
        if (trace && first && cut && !broken.empty()) t.steps.push_back(s);
        for (int p : broken) note(true, p, round);
        return;
      }
      auto broken = in.broken_steps(s.action, params, cur, s.post, s.args);
      cur = s.post;
      if (trace) t.steps.push_back(std::move(s));
      for (int p : broken) note(true, p, round);
      if (!broken.empty() && first && cut) return;
      for (int p : in.broken_invariants(params, cur)) note(false, p, round);
    };
    for (long round = 1; round <= o.rounds && !stop; ++round) {
      for (std::size_t d = 0; d < sc.drives.size() && !stop; ++d) {
        double level = procs[d].next(round, market);
        if (!std::isfinite(level) || level > kMaxLevel)
          throw StressError{sc.drives[d].span, fmt::format("run {} round {}: the level {} is beyond 1e12", r, round, level)};
        if (o.keep_levels) rec.levels.push_back(level);
        Value v = Value::real(round_price(level));
        auto s = sampler.driven(sc.drives[d].action, sc.drives[d].arg, v, params, cur);
        if (s) take(std::move(*s), round);
        else ++rec.refused;
      }
      for (int m = 0; m < sc.moves && !stop; ++m) {
        std::optional<interp::Step> s;
        if (sc.first) s = sampler.step(params, cur, sc.priority, true);
        if (!s && !others.empty()) s = sampler.step(params, cur, others, false);
        if (s) take(std::move(*s), round);
        else ++rec.idle;
      }
      if (stop && o.keep_levels)  // keep the record's shape: a level per drive and round
        rec.levels.resize(static_cast<std::size_t>(o.rounds) * sc.drives.size(), rec.levels.empty() ? 0 : rec.levels.back());
    }
    in.bind(&params, &cur);
    for (const auto& m : ts.measures) rec.measures.push_back(in.eval(m.value).as_rational().convert_to<double>());
    return rec;
  }
};

Runner::Runner(const ir::TransitionSystem& ts, const StressOptions& o) : impl_(std::make_unique<Impl>(ts, o)) {}
Runner::~Runner() = default;
RunRecord Runner::run(long r, interp::Trace* trace, bool cut) { return impl_->run(r, trace, cut); }

namespace {

// Fixed-size binary records between a worker and the parent.
struct Shape {
  std::size_t props, measures, levels;
  std::size_t bytes() const { return 8 + 4 * props + 8 * measures + 16 + 8 * levels; }
};

void put(std::string& out, const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); }

std::string encode(const RunRecord& r) {
  std::string out;
  std::int64_t run = r.run;
  put(out, &run, 8);
  put(out, r.first_round.data(), 4 * r.first_round.size());
  put(out, r.measures.data(), 8 * r.measures.size());
  std::int32_t small[4] = {r.steps, r.refused, r.idle, r.violation_steps};
  put(out, small, 16);
  put(out, r.levels.data(), 8 * r.levels.size());
  return out;
}

// Reads n bytes at p into dst and moves p on. memcpy's pointers must not be
// null even for n = 0, and an empty vector's data() may be (UBSan).
void take(void* dst, const char*& p, std::size_t n) {
  if (n) std::memcpy(dst, p, n);
  p += n;
}

RunRecord decode(const char* p, const Shape& s) {
  RunRecord r;
  std::int64_t run;
  take(&run, p, 8);
  r.run = static_cast<long>(run);
  r.first_round.resize(s.props);
  take(r.first_round.data(), p, 4 * s.props);
  r.measures.resize(s.measures);
  take(r.measures.data(), p, 8 * s.measures);
  std::int32_t small[4];
  take(small, p, 16);
  r.steps = small[0], r.refused = small[1], r.idle = small[2], r.violation_steps = small[3];
  r.levels.resize(s.levels);
  take(r.levels.data(), p, 8 * s.levels);
  return r;
}

std::string temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/bulwark-stress-XXXXXX";
  std::vector<char> buf(path.begin(), path.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd < 0) throw StressError{{}, fmt::format("cannot create a temporary file in {}: {}", path, std::strerror(errno))};
  close(fd);
  return buf.data();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::vector<RunRecord> run_stress(const ir::TransitionSystem& ts, const StressOptions& o) {
  std::vector<RunRecord> out;
  int jobs = static_cast<int>(std::min<long>(std::max(o.jobs, 1), o.runs));
  if (jobs <= 1) {
    Runner runner(ts, o);
    for (long r = 1; r <= o.runs; ++r) {
      out.push_back(runner.run(r));
      if (o.progress && r % 16 == 0) o.progress(r);
    }
    return out;
  }
  Shape shape{ts.invariants.size() + ts.steps.size(), ts.measures.size(),
              o.keep_levels ? static_cast<std::size_t>(o.rounds) * ts.scenarios[static_cast<std::size_t>(o.scenario)].drives.size() : 0};
  struct Worker {
    pid_t pid = -1;
    std::string data, error;
  };
  std::vector<Worker> workers(static_cast<std::size_t>(jobs));
  for (auto& w : workers) w.data = temp_file(), w.error = temp_file();
  std::fflush(nullptr);
  for (int j = 0; j < jobs; ++j) {
    long from = o.runs * j / jobs + 1, to = o.runs * (j + 1) / jobs;
    pid_t pid = fork();
    if (pid < 0) throw StressError{{}, fmt::format("fork failed: {}", std::strerror(errno))};
    if (pid == 0) {
      int code = 0;
      try {
        std::FILE* f = std::fopen(workers[static_cast<std::size_t>(j)].data.c_str(), "wb");
        Runner runner(ts, o);
        for (long r = from; r <= to; ++r) {
          std::string rec = encode(runner.run(r));
          std::fwrite(rec.data(), 1, rec.size(), f);
          if (r % 16 == 0) std::fflush(f);  // the parent counts finished records for progress
        }
        std::fclose(f);
      } catch (const StressError& e) {
        std::ofstream err(workers[static_cast<std::size_t>(j)].error, std::ios::binary);
        err << e.span.begin << ' ' << e.span.end << ' ' << e.message;
        code = 3;
      } catch (...) {
        code = 4;
      }
      _exit(code);
    }
    workers[static_cast<std::size_t>(j)].pid = pid;
  }
  std::vector<int> codes(workers.size(), -1);
  for (std::size_t left = workers.size(); left > 0;) {
    for (std::size_t j = 0; j < workers.size(); ++j) {
      if (codes[j] >= 0) continue;
      int status = 0;
      if (waitpid(workers[j].pid, &status, WNOHANG) == workers[j].pid) {
        codes[j] = WIFEXITED(status) ? WEXITSTATUS(status) : 4;
        --left;
      }
    }
    if (left == 0) break;
    if (o.progress) {
      long done = 0;
      for (const auto& w : workers) {
        std::ifstream f(w.data, std::ios::binary | std::ios::ate);
        if (f) done += static_cast<long>(static_cast<std::size_t>(f.tellg()) / shape.bytes());
      }
      o.progress(done);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::optional<StressError> failure;
  bool crashed = false;
  for (std::size_t j = 0; j < workers.size(); ++j) {
    if (codes[j] == 3 && !failure) {
      std::string e = slurp(workers[j].error);
      StressError err;
      std::size_t a = 0, b = 0;
      int used = 0;
      if (std::sscanf(e.c_str(), "%zu %zu %n", &a, &b, &used) == 2) {
        err.span = {static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)};
        err.message = e.substr(static_cast<std::size_t>(used));
      }
      failure = err;
    } else if (codes[j] != 0) {
      crashed = true;
    }
    if (codes[j] == 0) {
      std::string data = slurp(workers[j].data);
      for (std::size_t at = 0; at + shape.bytes() <= data.size(); at += shape.bytes())
        out.push_back(decode(data.data() + at, shape));
    }
    std::remove(workers[j].data.c_str());
    std::remove(workers[j].error.c_str());
  }
  if (failure) throw *failure;
  if (crashed) throw std::runtime_error("a stress worker failed");
  std::sort(out.begin(), out.end(), [](const RunRecord& a, const RunRecord& b) { return a.run < b.run; });
  if (out.size() != static_cast<std::size_t>(o.runs)) throw std::runtime_error("a stress worker lost runs");
  return out;
}

}  // namespace bulwark::sim
