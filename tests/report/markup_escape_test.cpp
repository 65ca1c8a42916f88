// report/markup_escape: the one escape behind JUnit, the HTML report and the SVG charts.
#include <catch2/catch.hpp>

#include "report/markup_escape.hpp"

using bulwark::report::markup_escape;
using bulwark::report::xml_escape;

TEST_CASE("markup_escape escapes the five markup characters and nothing else", "[markup]") {
  CHECK(markup_escape("a<b && c>\"d\" 'e'") == "a&lt;b &amp;&amp; c&gt;&quot;d&quot; &#39;e&#39;");
  CHECK(markup_escape("plain ünïcode\tand\nlines") == "plain ünïcode\tand\nlines");
  // HTML does not mind control characters: they pass.
  CHECK(markup_escape(std::string("x\x01y")) == std::string("x\x01y"));
}

TEST_CASE("xml_escape also replaces the control characters XML 1.0 forbids", "[markup]") {
  CHECK(xml_escape(std::string("a\x01\x1f<b>\t\n\r")) == "a??&lt;b&gt;\t\n\r");
  CHECK(xml_escape("it's") == "it&#39;s");
}
