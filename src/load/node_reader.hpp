// Reading rule-file nodes with errors that say where and why: expected shapes, unknown keys
// (with "did you mean"), dates, booleans, bilingual titles and citations.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "entitle/diagnostics.hpp"
#include "load/yaml_tree.hpp"
#include "model/text.hpp"

namespace entitle::load {

class NodeReader {
 public:
  NodeReader(Diagnostics& diagnostics, std::string path)
      : diagnostics_(diagnostics), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  Diagnostics& diagnostics() { return diagnostics_; }
  SourceLocation at(const yaml::Node& n) const { return {path_, n.line, n.column}; }
  void error(const yaml::Node& n, std::string message);
  void warning(const yaml::Node& n, std::string message);

  // Each reports "<what> must be a map/list/single value" and returns false on a mismatch.
  bool expect_map(const yaml::Node& n, std::string_view what);
  bool expect_sequence(const yaml::Node& n, std::string_view what);
  bool expect_scalar(const yaml::Node& n, std::string_view what);

  // Reports every key of `map` not in `allowed`, suggesting the closest allowed key.
  void check_keys(const yaml::Node& map, std::initializer_list<std::string_view> allowed,
                  std::string_view what);
  // Reports a missing required key (at the map) and returns nullptr.
  const yaml::Node* require(const yaml::Node& map, std::string_view key, std::string_view what);

  std::optional<std::string> text(const yaml::Node& n, std::string_view what);
  std::optional<Date> date(const yaml::Node& n, std::string_view what);
  std::optional<bool> boolean(const yaml::Node& n, std::string_view what);
  // {zh: …, en: …}, or one string used for both.
  LocalizedText localized(const yaml::Node& n, std::string_view what);
  // {document: …, section: …, url: …}
  Citation citation(const yaml::Node& n, std::string_view what);

 private:
  Diagnostics& diagnostics_;
  std::string path_;
};

}  // namespace entitle::load
