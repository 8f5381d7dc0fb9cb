// Fuzz target: one rule file from bytes beside the fixed, valid declarations of
// rules/screening-2024 (ruleset.yaml: enums and entities; parameters.yaml), so that mutated
// rules get past the YAML and declaration passes into linking, checking and compiling. A
// rule set that loads evaluates the bundled example person.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_support.hpp"

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz: cannot read %s\n", path.c_str());
    std::abort();
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string kDir = ENTITLE_SOURCE_DIR "/rules/screening-2024/";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace entitle;
  static const std::string ruleset = read_text(kDir + "ruleset.yaml");
  static const std::string parameters = read_text(kDir + "parameters.yaml");
  static const std::string person = read_text(kDir + "examples/person.json");
  std::vector<std::pair<std::string, std::string>> docs{
      {"ruleset.yaml", ruleset},
      {"parameters.yaml", parameters},
      {"rules.yaml", std::string(reinterpret_cast<const char*>(data), size)}};
  LoadResult loaded = RuleSet::load_documents(docs);
  fuzz::show(loaded);
  if (!loaded) {
    if (!loaded.diagnostics.has_errors()) std::abort();  // a failed load must say why
    return 0;
  }
  fuzz::evaluate_everywhere(*loaded.ruleset, person);
  fuzz::evaluate_everywhere(*loaded.ruleset, "{\"id\": \"x\"}");
  return 0;
}
