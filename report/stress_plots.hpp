// `bulwark stress --plots DIR`: SVG files, self-contained (no script, no
// external style), for the HTML report: the fan chart of a driven level, the
// histogram of a measure, the sweep curve of the shares of broken properties.
#pragma once
#include <string>
#include <vector>

#include "sim/stats.hpp"

namespace bulwark::report {

std::string fan_svg(const std::string& title, const std::vector<sim::FanRow>& rows);
std::string histogram_svg(const std::string& title, const sim::Histogram& h);
// One line per property: its share broken (with the Wilson interval as a band) per value.
std::string sweep_svg(const std::string& title, const std::string& param, const std::vector<double>& values,
                      const std::vector<sim::Summary>& rows);

}  // namespace bulwark::report
