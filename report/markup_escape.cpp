#include "report/markup_escape.hpp"

namespace bulwark::report {

namespace {

std::string escape(const std::string& s, bool xml_chars_only) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (xml_chars_only && ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') out += '?';
        else out += static_cast<char>(ch);
    }
  }
  return out;
}

}  // namespace

std::string markup_escape(const std::string& s) { return escape(s, false); }
std::string xml_escape(const std::string& s) { return escape(s, true); }

}  // namespace bulwark::report
