// Text made safe for XML and HTML: the one escape every markup writer in
// report/ uses (JUnit, the HTML report, the SVG charts).
#pragma once
#include <string>

namespace bulwark::report {

// Escapes & < > " and ' (as &#39;, which both XML and HTML read), so the
// result is safe in element content and in quoted attribute values.
std::string markup_escape(const std::string& s);

// As markup_escape, and also replaces the control characters XML 1.0 forbids
// (all below 0x20 but tab, newline and return) by '?': an XML parser rejects
// the whole document for one of them, HTML does not care.
std::string xml_escape(const std::string& s);

}  // namespace bulwark::report
