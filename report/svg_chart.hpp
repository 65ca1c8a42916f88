// Inline SVG line charts over the steps of a trace (for the HTML report):
// no script, no external resource, so the chart renders wherever the page does.
#pragma once
#include <string>
#include <vector>

namespace bulwark::report {

struct Series {
  std::string name;
  std::vector<double> y;          // one value per x position
  std::vector<std::string> text;  // the exact value at each x, shown as the point's tooltip
};

struct LineChart {
  std::string title;
  std::vector<std::string> x_labels;  // "init", "1", "2", ...
  std::vector<Series> series;
};

// One <svg> element: axes with ticks, one <path class="series"> per series,
// a dot with a <title> per point, and a legend.
std::string svg_line_chart(const LineChart& chart);

}  // namespace bulwark::report
