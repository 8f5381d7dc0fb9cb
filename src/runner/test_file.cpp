#include "base/echo.hpp"
#include "runner/test_file.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "base/spelling.hpp"
#include "load/node_reader.hpp"
#include "load/typed_values.hpp"
#include "model/model.hpp"
#include "runner/test_record.hpp"

namespace entitle::runner {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kFileKeys{"description", "defaults", "cases"};
const std::vector<std::string> kDefaultKeys{"as_of", "entity", "record", "parameters"};
const std::vector<std::string> kCaseKeys{"name",       "description", "as_of",  "entity", "record",
                                         "parameters", "expect",      "update", "skip"};
const std::vector<std::string> kExpectKeys{"status", "outputs", "failing", "missing"};
const std::vector<std::string> kStatuses{"eligible", "not_eligible", "not_applicable",
                                         "undetermined"};

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void leaf_names(const Condition& c, std::vector<std::string>& out) {
  if (c.kind == Condition::Kind::leaf && !c.name.empty()) out.push_back(c.name);
  for (const auto& child : c.children) leaf_names(child, out);
}

// The parts of a case that `defaults:` may supply.
struct Scope {
  const yaml::Node* as_of = nullptr;
  std::optional<uint32_t> entity;
  const yaml::Node* record = nullptr;
  const yaml::Node* parameters = nullptr;
};

class Reader {
 public:
  Reader(const RuleSet& rs, TestFile& file)
      : rs_(rs), m_(rs.model()), file_(file), r_(file.diagnostics, file.path) {
    for (const auto& s : m_.schemas)
      if (s.is_entity) entities_.push_back(s.name);
    for (const auto& rule : m_.rules) rule_ids_.push_back(rule.id);
  }

  void read(const yaml::Node& root) {
    if (!r_.expect_map(root, "a test file")) return;
    check_keys(root, kFileKeys, "a test file");
    if (const yaml::Node* d = root.find("defaults")) {
      if (r_.expect_map(*d, "defaults")) {
        std::vector<std::string> allowed = kDefaultKeys;
        allowed.insert(allowed.end(), entities_.begin(), entities_.end());
        check_keys(*d, allowed, "defaults");
        read_scope(*d, defaults_);
      }
    }
    const yaml::Node* cases = r_.require(root, "cases", "a test file");
    if (!cases || !r_.expect_sequence(*cases, "cases")) return;
    std::map<std::string, uint32_t> names;
    for (const auto& n : cases->items) {
      const size_t before = file_.diagnostics.items().size();
      TestCase c = read_case(n);
      move_problems(before, c.problems);
      c.valid = !c.problems.has_errors();
      auto [it, fresh] = names.emplace(c.name, c.line);
      if (!fresh)
        r_.warning(n, "case name '" + echo(c.name) + "' is used twice (first at line " +
                          std::to_string(it->second) + "); -k and reports cannot tell them apart");
      file_.cases.push_back(std::move(c));
    }
  }

 private:
  // Moves the diagnostics reported since `before` (while reading one case) to `to`, each
  // once: defaults merged into a case would repeat theirs.
  void move_problems(size_t before, Diagnostics& to) {
    Diagnostics kept;
    std::set<std::tuple<uint32_t, uint32_t, std::string>> seen;
    const auto& items = file_.diagnostics.items();
    for (size_t i = 0; i < items.size(); ++i) {
      if (i < before)
        kept.add(items[i]);
      else if (seen.emplace(items[i].where.line, items[i].where.column, items[i].message).second)
        to.add(items[i]);
    }
    file_.diagnostics = std::move(kept);
  }

  // Like NodeReader::check_keys, for key lists known only at run time (entity names).
  bool check_keys(const yaml::Node& map, const std::vector<std::string>& allowed,
                  std::string_view what) {
    bool ok = true;
    for (const auto& [key, value] : map.entries) {
      if (std::find(allowed.begin(), allowed.end(), key.text) != allowed.end()) continue;
      r_.error(key, "unknown key '" + echo(key.text) + "' in " + std::string(what) +
                        did_you_mean(key.text, allowed) + "; allowed keys: " + joined(allowed));
      ok = false;
    }
    return ok;
  }

  bool read_scope(const yaml::Node& map, Scope& s) {
    bool ok = true;
    s.as_of = map.find("as_of");
    s.parameters = map.find("parameters");
    if (const yaml::Node* e = map.find("entity")) {
      if (auto name = r_.text(*e, "entity")) {
        s.entity = rs_.entity(*name);
        if (!s.entity) {
          r_.error(*e, "the rule set has no entity '" + echo(*name) + "'" +
                           did_you_mean(*name, entities_) + "; entities: " + joined(entities_));
          ok = false;
        }
      }
    }
    s.record = map.find("record");
    for (const auto& [key, value] : map.entries) {
      auto entity = rs_.entity(key.text);
      if (!entity) continue;
      if (s.record) {
        r_.error(key, "give the record once: either record: or " + key.text + ":");
        ok = false;
        continue;
      }
      if (s.entity && *s.entity != *entity) {
        r_.error(key,
                 "the record is a " + key.text + " but entity: says " + m_.schemas[*s.entity].name);
        ok = false;
      }
      s.entity = entity;
      s.record = &value;
    }
    return ok;
  }

  TestCase read_case(const yaml::Node& n) {
    TestCase c;
    c.line = n.line;
    if (!r_.expect_map(n, "a case")) return c;
    std::vector<std::string> allowed = kCaseKeys;
    allowed.insert(allowed.end(), entities_.begin(), entities_.end());
    check_keys(n, allowed, "a case");
    if (const yaml::Node* name = r_.require(n, "name", "a case"))
      c.name = r_.text(*name, "name").value_or("");
    if (c.name.empty()) c.name = "line " + std::to_string(n.line);
    if (const yaml::Node* u = n.find("update")) c.update = r_.boolean(*u, "update").value_or(false);
    if (const yaml::Node* s = n.find("skip")) {
      // skip: true, or skip: the reason (shown in the report); skip: false runs the case.
      const bool plain = s->is_scalar() && !s->quoted;
      if (!(plain && s->text == "false")) c.skip = plain && s->text == "true" ? "" : s->text;
    }
    Scope scope;
    read_scope(n, scope);
    read_date(n, c, scope);
    std::optional<uint32_t> entity = scope.entity ? scope.entity : defaults_.entity;
    if (!entity) entity = rs_.default_entity();
    if (!entity) {
      r_.error(n, entities_.empty() ? std::string("the rule set has no entities to test")
                                    : "the rule set has several entities; say which with "
                                      "entity: or a key such as " +
                                          entities_.front() + ":");
    } else {
      read_record(n, c, scope, *entity);
      read_overrides(c, scope);
      if (const yaml::Node* e = r_.require(n, "expect", "a case")) read_expect(*e, c, *entity);
    }
    return c;
  }

  void read_date(const yaml::Node& n, TestCase& c, const Scope& scope) {
    const yaml::Node* as_of = scope.as_of ? scope.as_of : defaults_.as_of;
    if (!as_of) {
      r_.error(n,
               "the case needs as_of: (the date of the decisions), or give it under "
               "defaults:");
      return;
    }
    if (auto d = r_.date(*as_of, "as_of")) c.as_of = *d;
  }

  void read_record(const yaml::Node& n, TestCase& c, const Scope& scope, uint32_t entity) {
    // The defaults' record applies to cases of the same entity.
    const yaml::Node* base =
        defaults_.entity.value_or(entity) == entity ? defaults_.record : nullptr;
    if (!base && !scope.record) {
      r_.error(n, "the case needs a record: " + m_.schemas[entity].name +
                      ": {field: value, …} (or one under defaults:)");
      return;
    }
    for (const yaml::Node* part : {base, scope.record})
      if (part && !r_.expect_map(*part, m_.schemas[entity].name)) return;
    yaml::Node merged = merge_maps(base, scope.record);
    if (auto record = read_yaml_record(rs_, entity, merged, r_, m_.schemas[entity].name))
      c.record = std::move(*record);
  }

  void read_overrides(TestCase& c, const Scope& scope) {
    for (const yaml::Node* part : {defaults_.parameters, scope.parameters})
      if (part && !r_.expect_map(*part, "parameters")) return;
    yaml::Node merged = merge_maps(defaults_.parameters, scope.parameters);
    std::vector<std::string> names;
    for (const auto& p : m_.parameters) names.push_back(p.name);
    for (const auto& [key, value] : merged.entries) {
      auto slot = rs_.parameter(key.text);
      if (!slot) {
        r_.error(key, "the rule set has no parameter '" + echo(key.text) + "'" +
                          did_you_mean(key.text, names));
        continue;
      }
      const Parameter& p = m_.parameters[*slot];
      if (auto v = load::read_value(value, p.type, m_, file_.store, r_, "parameter " + p.name))
        c.overrides.emplace_back(*slot, *v);
    }
  }

  void read_expect(const yaml::Node& n, TestCase& c, uint32_t entity) {
    if (!r_.expect_map(n, "expect")) return;
    if (n.entries.empty()) r_.error(n, "expect: names no rule; write rule_id: status");
    for (const auto& [key, value] : n.entries) {
      auto slot = m_.find_rule(key.text);
      if (!slot) {
        r_.error(key, "the rule set has no rule '" + echo(key.text) + "'" +
                          did_you_mean(key.text, rule_ids_));
        continue;
      }
      const Rule& rule = m_.rules[*slot];
      if (rule.entity != entity) {
        r_.error(key, "rule '" + rule.id + "' decides for a " + m_.schemas[rule.entity].name +
                          ", but this case's record is a " + m_.schemas[entity].name);
        continue;
      }
      Expectation e;
      e.rule = *slot;
      e.line = key.line;
      if (value.is_scalar()) {
        e.status = status(value);
      } else if (r_.expect_map(value, "the expectation for " + rule.id)) {
        check_keys(value, kExpectKeys, "the expectation for " + rule.id);
        if (const yaml::Node* s = value.find("status")) e.status = status(*s);
        for (const auto& [k, v] : value.entries)
          if (k.text == "outputs") read_outputs(v, k, rule, e);
        if (const yaml::Node* f = value.find("failing")) e.failing = failing(*f, rule);
        if (const yaml::Node* m = value.find("missing")) e.missing = missing(*m, entity);
      }
      c.expectations.push_back(std::move(e));
    }
  }

  std::optional<Status> status(const yaml::Node& n) {
    auto text = r_.text(n, "status");
    if (!text) return std::nullopt;
    for (size_t i = 0; i < kStatuses.size(); ++i)
      if (*text == kStatuses[i]) return static_cast<Status>(i);
    r_.error(n, "'" + echo(*text) + "' is not a status" + did_you_mean(*text, kStatuses) +
                    "; statuses: " + joined(kStatuses));
    return std::nullopt;
  }

  void read_outputs(const yaml::Node& n, const yaml::Node& key, const Rule& rule, Expectation& e) {
    OutputsPlace place;
    place.key_line = key.line;
    place.value_line = n.line;
    place.style = n.is_null() ? OutputsPlace::Style::empty
                  : n.flow    ? OutputsPlace::Style::flow
                              : OutputsPlace::Style::block;
    e.outputs_place = place;
    if (n.is_null()) return;
    if (!r_.expect_map(n, "outputs")) return;
    std::vector<std::string> names;
    for (const auto& o : rule.outputs) names.push_back(o.name);
    for (const auto& [name, value] : n.entries) {
      auto index = rule.output_index(name.text);
      if (!index) {
        r_.error(name, "rule '" + rule.id + "' has no output '" + echo(name.text) + "'" +
                           did_you_mean(name.text, names) +
                           (names.empty() ? "; it has no outputs" : "; outputs: " + joined(names)));
        continue;
      }
      const OutputDef& def = rule.outputs[*index];
      if (value.is_null()) {
        e.outputs.push_back({*index, Value::missing()});
      } else if (auto v =
                     load::read_value(value, def.type, m_, file_.store, r_, "output " + def.name)) {
        e.outputs.push_back({*index, *v});
      }
    }
  }

  // A list of names (or one name), each checked against `known`.
  std::optional<std::vector<std::string>> names(const yaml::Node& n, const std::string& what,
                                                const std::vector<std::string>& known,
                                                const std::string& kind,
                                                const std::string& plural) {
    std::vector<const yaml::Node*> items;
    if (n.is_scalar())
      items.push_back(&n);
    else if (n.is_sequence())
      for (const auto& i : n.items) items.push_back(&i);
    else if (!n.is_null()) {
      r_.expect_sequence(n, what);
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (const yaml::Node* item : items) {
      auto text = r_.text(*item, what);
      if (!text) continue;
      if (std::find(known.begin(), known.end(), *text) == known.end()) {
        r_.error(*item, "'" + echo(*text) + "' is not " + kind + did_you_mean(*text, known) +
                            (known.empty() ? "" : "; " + plural + ": " + joined(known)));
        continue;
      }
      out.push_back(*text);
    }
    return out;
  }

  std::optional<std::vector<std::string>> failing(const yaml::Node& n, const Rule& rule) {
    if (rule.table) {
      r_.error(n, "rule '" + rule.id + "' is a decision table; it has no conditions to list");
      return std::nullopt;
    }
    std::vector<std::string> known;
    leaf_names(rule.when, known);
    return names(n, "failing", known, "a condition of " + rule.id, "its conditions");
  }

  std::optional<std::vector<std::string>> missing(const yaml::Node& n, uint32_t entity) {
    std::vector<std::string> known;
    for (const auto& f : m_.schemas[entity].fields) known.push_back(f.name);
    return names(n, "missing", known, "a field of " + m_.schemas[entity].name, "its fields");
  }

  const RuleSet& rs_;
  const Model& m_;
  TestFile& file_;
  load::NodeReader r_;
  Scope defaults_;
  std::vector<std::string> entities_;
  std::vector<std::string> rule_ids_;
};

bool is_yaml(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

}  // namespace

TestFile read_test_file(const RuleSet& rs, const std::string& path) {
  TestFile file;
  file.path = path;
  auto doc = yaml::parse_file(path, file.diagnostics);
  if (!doc) {
    file.readable = false;
    return file;
  }
  Reader(rs, file).read(doc->root);
  return file;
}

std::vector<std::string> find_test_files(const std::string& ruleset_dir,
                                         const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  auto add_folder = [&](const fs::path& dir) {
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file() && is_yaml(entry.path())) files.push_back(entry.path().string());
  };
  if (paths.empty()) {
    fs::path tests = fs::path(ruleset_dir) / "tests";
    if (fs::is_directory(tests)) add_folder(tests);
  }
  for (const auto& p : paths) {
    if (fs::is_directory(p))
      add_folder(p);
    else if (fs::is_regular_file(p))
      files.push_back(p);
    else
      throw std::invalid_argument(p + ": no such test file or folder");
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::vector<std::string> rule_ids_in_test_file(const std::string& path) {
  Diagnostics ignored;  // `entitle test` reports what is wrong with the file
  auto doc = yaml::parse_file(path, ignored);
  std::vector<std::string> ids;
  if (!doc || !doc->root.is_map()) return ids;
  const yaml::Node* cases = doc->root.find("cases");
  if (!cases || !cases->is_sequence()) return ids;
  for (const auto& c : cases->items) {
    const yaml::Node* expect = c.is_map() ? c.find("expect") : nullptr;
    if (!expect || !expect->is_map()) continue;
    for (const auto& [key, value] : expect->entries) ids.push_back(key.text);
  }
  return ids;
}

}  // namespace entitle::runner
