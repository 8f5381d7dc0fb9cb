#include "base/echo.hpp"
#include "load/node_reader.hpp"

#include <vector>

#include "base/spelling.hpp"

namespace entitle::load {

namespace {
const char* kind_name(const yaml::Node& n) {
  switch (n.kind) {
    case yaml::Node::Kind::null: return "empty";
    case yaml::Node::Kind::scalar: return "a single value";
    case yaml::Node::Kind::sequence: return "a list";
    case yaml::Node::Kind::map: return "a map";
  }
  return "empty";
}
}  // namespace

void NodeReader::error(const yaml::Node& n, std::string message) {
  diagnostics_.error(at(n), std::move(message));
}
void NodeReader::warning(const yaml::Node& n, std::string message) {
  diagnostics_.warning(at(n), std::move(message));
}

bool NodeReader::expect_map(const yaml::Node& n, std::string_view what) {
  if (n.is_map()) return true;
  error(n, std::string(what) + " must be a map (key: value lines), but it is " + kind_name(n));
  return false;
}
bool NodeReader::expect_sequence(const yaml::Node& n, std::string_view what) {
  if (n.is_sequence()) return true;
  error(n, std::string(what) + " must be a list (lines starting with '- '), but it is " +
               kind_name(n));
  return false;
}
bool NodeReader::expect_scalar(const yaml::Node& n, std::string_view what) {
  if (n.is_scalar()) return true;
  error(n, std::string(what) + " must be a single value, but it is " + kind_name(n));
  return false;
}

void NodeReader::check_keys(const yaml::Node& map, std::initializer_list<std::string_view> allowed,
                            std::string_view what) {
  if (!map.is_map()) return;
  std::vector<std::string> names(allowed.begin(), allowed.end());
  for (const auto& [key, value] : map.entries) {
    bool known = false;
    for (auto a : allowed) known = known || key.text == a;
    if (known) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    error(key, "unknown key '" + echo(key.text) + "' in " + std::string(what) +
                   did_you_mean(key.text, names) + "; allowed keys: " + list);
  }
}

const yaml::Node* NodeReader::require(const yaml::Node& map, std::string_view key,
                                      std::string_view what) {
  const yaml::Node* n = map.find(key);
  if (!n || n->is_null()) {
    error(map, std::string(what) + " needs '" + std::string(key) + "'");
    return nullptr;
  }
  return n;
}

std::optional<std::string> NodeReader::text(const yaml::Node& n, std::string_view what) {
  if (!expect_scalar(n, what)) return std::nullopt;
  return n.text;
}

std::optional<Date> NodeReader::date(const yaml::Node& n, std::string_view what) {
  if (!expect_scalar(n, what)) return std::nullopt;
  auto d = Date::parse(n.text);
  if (!d) error(n, std::string(what) + " '" + echo(n.text) + "' is not a date (YYYY-MM-DD)");
  return d;
}

std::optional<bool> NodeReader::boolean(const yaml::Node& n, std::string_view what) {
  if (!expect_scalar(n, what)) return std::nullopt;
  if (!n.quoted && n.text == "true") return true;
  if (!n.quoted && n.text == "false") return false;
  error(n, std::string(what) + " must be true or false, not '" + echo(n.text) + "'");
  return std::nullopt;
}

LocalizedText NodeReader::localized(const yaml::Node& n, std::string_view what) {
  LocalizedText t;
  if (n.is_scalar()) {
    t.zh = t.en = n.text;
    return t;
  }
  if (!expect_map(n, what)) return t;
  check_keys(n, {"zh", "en"}, what);
  if (auto* zh = n.find("zh")) t.zh = text(*zh, std::string(what) + ".zh").value_or("");
  if (auto* en = n.find("en")) t.en = text(*en, std::string(what) + ".en").value_or("");
  if (t.empty()) error(n, std::string(what) + " needs zh or en text");
  return t;
}

Citation NodeReader::citation(const yaml::Node& n, std::string_view what) {
  Citation c;
  if (!expect_map(n, what)) return c;
  check_keys(n, {"document", "section", "url"}, what);
  if (auto* d = require(n, "document", what)) c.document = text(*d, "the document").value_or("");
  if (auto* s = n.find("section")) c.section = text(*s, "the section").value_or("");
  if (auto* u = n.find("url")) c.url = text(*u, "the url").value_or("");
  return c;
}

}  // namespace entitle::load
