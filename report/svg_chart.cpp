#include "report/svg_chart.hpp"

#include <fmt/format.h>

#include "report/markup_escape.hpp"

#include <algorithm>
#include <cmath>

namespace bulwark::report {

namespace {

// Colour-blind-safe palette (Okabe-Ito), then repeated.
constexpr const char* kColors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"};

// A tick step of 1, 2 or 5 times a power of ten giving about `n` ticks over [lo, hi].
double nice_step(double lo, double hi, int n) {
  double raw = (hi - lo) / n;
  double mag = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

std::string tick_label(double v) {
  if (std::fabs(v) < 1e-12) return "0";
  return fmt::format("{:.6g}", v);
}

}  // namespace

std::string svg_line_chart(const LineChart& c) {
  constexpr double W = 560, H = 210, left = 64, right = 16, top = 28, bottom = 34;
  const double legend_row = 18;
  const double height = H + legend_row * static_cast<double>(c.series.size());
  double lo = INFINITY, hi = -INFINITY;
  std::size_t n = c.x_labels.size();
  for (const auto& s : c.series)
    for (double y : s.y)
      if (std::isfinite(y)) lo = std::min(lo, y), hi = std::max(hi, y);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {  // a flat line: give it room
    double pad = std::max(1.0, std::fabs(hi) * 0.1);
    lo -= pad, hi += pad;
  }
  double step = nice_step(lo, hi, 5);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  const double pw = W - left - right, ph = H - top - bottom;
  auto X = [&](std::size_t i) { return left + (n <= 1 ? pw / 2 : pw * static_cast<double>(i) / static_cast<double>(n - 1)); };
  auto Y = [&](double y) { return top + ph * (1 - (y - lo) / (hi - lo)); };

  std::string out = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"{2}\">\n<text class=\"ctitle\" x=\"{3}\" y=\"18\">{2}</text>\n",
      W, height, markup_escape(c.title), left);
  // Horizontal grid lines with their values.
  for (double t = lo; t <= hi + step / 2; t += step) {
    out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\"/>"
                       "<text class=\"ylab\" x=\"{}\" y=\"{:.1f}\">{}</text>\n",
                       left, Y(t), W - right, Y(t), left - 6, Y(t) + 4, markup_escape(tick_label(t)));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>"
                     "<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\"/>\n",
                     left, top, top + ph, W - right);
  std::size_t every = std::max<std::size_t>(1, (n + 11) / 12);  // at most about 12 step labels
  for (std::size_t i = 0; i < n; i += every)
    out += fmt::format("<text class=\"xlab\" x=\"{:.1f}\" y=\"{}\">{}</text>\n", X(i), top + ph + 16,
                       markup_escape(c.x_labels[i]));
  out += fmt::format("<text class=\"xlab\" x=\"{:.1f}\" y=\"{}\">step</text>\n", left + pw / 2, top + ph + 30);
  for (std::size_t k = 0; k < c.series.size(); ++k) {
    const auto& s = c.series[k];
    const char* color = kColors[k % std::size(kColors)];
    std::string d;
    for (std::size_t i = 0; i < s.y.size() && i < n; ++i) {
      if (!std::isfinite(s.y[i])) continue;
      d += fmt::format("{}{:.1f} {:.1f}", d.empty() ? "M" : " L", X(i), Y(s.y[i]));
    }
    out += fmt::format("<path class=\"series\" data-series=\"{}\" d=\"{}\" stroke=\"{}\"/>\n", markup_escape(s.name), d, color);
    for (std::size_t i = 0; i < s.y.size() && i < n; ++i) {
      if (!std::isfinite(s.y[i])) continue;
      out += fmt::format("<circle class=\"pt\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{} at {}: {}</title></circle>\n",
                         X(i), Y(s.y[i]), color, markup_escape(s.name), markup_escape(c.x_labels[i]),
                         markup_escape(i < s.text.size() ? s.text[i] : tick_label(s.y[i])));
    }
    double ly = H + legend_row * static_cast<double>(k);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"{3}\" stroke-width=\"3\"/>"
                       "<text class=\"legend\" x=\"{4}\" y=\"{5:.1f}\">{6}</text>\n",
                       left, ly, left + 22, color, left + 28, ly + 4, markup_escape(s.name));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace bulwark::report
