// Fuzz target: one expression from bytes, taken through the lexer, parser, checker,
// compiler and VM as a rule file uses it. The expression becomes the derived value `v` of
// entity `e` in the all-types model (fuzz_support.hpp: a field of every type, the record
// type `contribution`, parameters pension_rate, hardship_groups, minimum_wage), and a rule
// outputs it. The bytes are written as a YAML double-quoted scalar with every control
// character, quote and backslash escaped, so the expression the engine sees is exactly the
// input. When it loads, it is evaluated on a full record, on one with only the required id
// (every other input missing), at three dates, with explanations.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_support.hpp"

namespace {

std::string yaml_double_quoted(const uint8_t* data, size_t size) {
  std::string out = "\"";
  for (size_t i = 0; i < size; ++i) {
    unsigned char c = data[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char esc[5];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      out += esc;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

const char* kRules =
    "rules:\n"
    "  - id: fuzz\n"
    "    title: fuzz\n"
    "    citation: {document: fuzz}\n"
    "    entity: e\n"
    "    effective: {from: 2000-01-01}\n"
    "    when: [holds: 'true']\n"
    "    outputs:\n"
    "      value: v\n";

const char* kFullRecord =
    R"({"id": "P1", "m": true, "c": false, "x": 42, "y": -7, "months": 180, "age": 61,
        "rate": "0.08", "w": "4321.07", "w2": "0.01", "birth": "1964-07-02",
        "d": "2024-02-29", "d1": "2000-01-31", "d2": "2024-07-01", "since": "2010-01",
        "s": "低保对象", "group": "dibao", "sex": "M", "groups": ["dibao", "tekun"],
        "xs": [1, -2, 300], "ys": [], "ws": ["100.00", "0.50"], "rates": ["0.5", "1.25"],
        "ds": ["2024-01-31", "2000-02-29"],
        "history": [{"scheme": "resident", "months": 12, "base": "3000.00", "start": "2020-01"},
                    {"scheme": "employee", "months": 200, "base": "0.01", "start": "1999-12"}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace entitle;
  std::string doc =
      fuzz::all_types_document("    v: " + yaml_double_quoted(data, size) + "\n", kRules);
  LoadResult loaded = RuleSet::load_documents({{"fuzz.yaml", doc}});
  fuzz::show(loaded);
  if (!loaded) {
    if (!loaded.diagnostics.has_errors()) std::abort();  // a failed load must say why
    return 0;
  }
  fuzz::evaluate_everywhere(*loaded.ruleset, kFullRecord);
  fuzz::evaluate_everywhere(*loaded.ruleset, R"({"id": "P2"})");
  return 0;
}
