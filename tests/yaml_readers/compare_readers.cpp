#include "compare_readers.hpp"

#include <optional>

namespace entitle::yaml {

namespace {

const char* kind_name(Node::Kind k) {
  switch (k) {
    case Node::Kind::null: return "null";
    case Node::Kind::scalar: return "scalar";
    case Node::Kind::sequence: return "sequence";
    case Node::Kind::map: return "map";
  }
  return "?";
}

std::string describe(const Node& n) {
  return std::string(kind_name(n.kind)) + " at " + std::to_string(n.line) + ":" +
         std::to_string(n.column) + " text '" + n.text + "' quoted " + (n.quoted ? "yes" : "no") +
         " flow " + (n.flow ? "yes" : "no") + " tag '" + n.tag + "'";
}

// The first difference between two trees, naming the node by its path; empty if none.
std::string first_difference(const Node& general, const Node& fast, const std::string& where) {
  const bool same_node = general.kind == fast.kind && general.line == fast.line &&
                         general.column == fast.column && general.text == fast.text &&
                         general.quoted == fast.quoted && general.flow == fast.flow &&
                         general.tag == fast.tag && general.items.size() == fast.items.size() &&
                         general.entries.size() == fast.entries.size();
  if (!same_node) {
    return where + ": yaml-cpp " + describe(general) + " (" +
           std::to_string(general.items.size() + general.entries.size()) + " children), libyaml " +
           describe(fast) + " (" + std::to_string(fast.items.size() + fast.entries.size()) +
           " children)";
  }
  for (size_t i = 0; i < general.items.size(); ++i) {
    auto d =
        first_difference(general.items[i], fast.items[i], where + "[" + std::to_string(i) + "]");
    if (!d.empty()) return d;
  }
  for (size_t i = 0; i < general.entries.size(); ++i) {
    const std::string at = where + "{" + general.entries[i].key.text + "}";
    auto d = first_difference(general.entries[i].key, fast.entries[i].key, at + " key");
    if (d.empty()) d = first_difference(general.entries[i].value, fast.entries[i].value, at);
    if (!d.empty()) return d;
  }
  return {};
}

}  // namespace

ReaderComparison compare_readers(std::string_view text, const Limits& limits) {
  ReaderComparison result;
  Diagnostics fast_diagnostics;
  const auto fast = parse(text, "f.yaml", fast_diagnostics, limits, Reader::fast_only);
  if (!fast) return result;
  result.fast_accepted = true;
  Diagnostics general_diagnostics;
  const auto general = parse(text, "f.yaml", general_diagnostics, limits, Reader::general);
  if (!general || !general_diagnostics.items().empty()) {
    result.divergence = "libyaml gave a tree, yaml-cpp said:\n" + general_diagnostics.to_string();
  } else if (!fast_diagnostics.items().empty()) {
    result.divergence =
        "the fast reader gave a tree and a diagnostic:\n" + fast_diagnostics.to_string();
  } else {
    result.divergence = first_difference(general->root, fast->root, "root");
  }
  return result;
}

}  // namespace entitle::yaml
