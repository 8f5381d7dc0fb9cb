#include "base/echo.hpp"
#include "load/typed_values.hpp"

#include <vector>

#include "base/spelling.hpp"

namespace entitle::load {

namespace {
std::optional<TypeKind> scalar_kind(std::string_view name) {
  if (name == "bool") return TypeKind::boolean;
  if (name == "int") return TypeKind::integer;
  if (name == "decimal") return TypeKind::decimal;
  if (name == "money") return TypeKind::money;
  if (name == "date") return TypeKind::date;
  if (name == "month") return TypeKind::month;
  if (name == "string") return TypeKind::string;
  return std::nullopt;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> type_names(const Model& m) {
  std::vector<std::string> names{"bool", "int", "decimal", "money", "date", "month", "string"};
  for (const auto& e : m.enums) names.push_back(e.name);
  for (const auto& s : m.schemas) names.push_back(s.name);
  return names;
}
}  // namespace

std::optional<Type> parse_type(std::string_view text, const Model& model, std::string& error) {
  std::string t = trim(text);
  if (t.rfind("list<", 0) == 0 && t.back() == '>') {
    std::string inner = trim(std::string_view(t).substr(5, t.size() - 6));
    if (inner.rfind("list<", 0) == 0) {
      error = "lists of lists are not supported";
      return std::nullopt;
    }
    auto e = parse_type(inner, model, error);
    if (!e) return std::nullopt;
    return Type::list_of(*e);
  }
  if (auto k = scalar_kind(t)) return Type::of(*k);
  if (auto e = model.enum_index.find(t); e != model.enum_index.end())
    return Type::of(TypeKind::enumeration, e->second);
  if (auto s = model.find_schema(t)) {
    if (model.schemas[*s].is_entity) {
      error = "'" + echo(t) +
              "' is an entity; a field can hold a record type (declared under records:)";
      return std::nullopt;
    }
    return Type::of(TypeKind::record, *s);
  }
  error = "unknown type '" + echo(t) + "'" + did_you_mean(t, type_names(model)) +
          "; types are bool, int, decimal, money, date, month, string, an enum or record name, "
          "or list<…>";
  return std::nullopt;
}

std::optional<Value> parse_scalar(std::string_view text, bool quoted, Type type, Model& model,
                                  std::string& error) {
  return parse_scalar(text, quoted, type, model, model.storage, error);
}

std::optional<Value> parse_scalar(std::string_view text, bool quoted, Type type, const Model& model,
                                  ValueStore& store, std::string& error) {
  std::string s(text);
  switch (type.kind) {
    case TypeKind::boolean:
      if (!quoted && (s == "true" || s == "false")) return Value::of_bool(s == "true");
      error = quoted && (s == "true" || s == "false")
                  ? "'" + echo(s) + "' is quoted text; write true or false without quotes"
                  : "'" + echo(s) + "' is not true or false";
      return std::nullopt;
    case TypeKind::integer:
    case TypeKind::decimal:
    case TypeKind::money: {
      auto d = Decimal::parse(s);
      if (!d) {
        error = "'" + echo(s) +
                "' is not an exact decimal number (at most 6 decimal places, no "
                "exponent)";
        return std::nullopt;
      }
      if (type.kind == TypeKind::integer && !d->is_integer()) {
        error = "'" + echo(s) + "' is not a whole number";
        return std::nullopt;
      }
      return Value::of_decimal(*d);
    }
    case TypeKind::date: {
      if (auto d = Date::parse(s)) return Value::of_date(*d);
      error = "'" + echo(s) + "' is not a date (YYYY-MM-DD)";
      return std::nullopt;
    }
    case TypeKind::month: {
      if (auto m = Month::parse(s)) return Value::of_month(*m);
      error = "'" + echo(s) + "' is not a month (YYYY-MM)";
      return std::nullopt;
    }
    case TypeKind::string: return store.string(s);
    case TypeKind::enumeration: {
      const EnumDef& e = model.enums[type.ref];
      if (auto i = e.index_of(s)) return Value::of_enum(*i);
      error = "'" + echo(s) + "' is not a value of " + e.name + did_you_mean(s, e.values);
      return std::nullopt;
    }
    default: error = "a single value cannot be " + model.describe(type); return std::nullopt;
  }
}

std::optional<Value> read_value(const yaml::Node& n, Type type, Model& model, NodeReader& reader,
                                std::string_view what) {
  return read_value(n, type, model, model.storage, reader, what);
}

std::optional<Value> read_value(const yaml::Node& n, Type type, const Model& model,
                                ValueStore& store, NodeReader& reader, std::string_view what) {
  if (type.kind == TypeKind::list) {
    if (!reader.expect_sequence(n, what)) return std::nullopt;
    std::vector<Value> items;
    bool ok = true;
    for (size_t i = 0; i < n.items.size(); ++i) {
      auto v = read_value(n.items[i], type.element_type(), model, store, reader,
                          std::string(what) + "[" + std::to_string(i) + "]");
      if (v)
        items.push_back(*v);
      else
        ok = false;
    }
    if (!ok) return std::nullopt;
    return store.list(items.data(), items.size());
  }
  if (type.kind == TypeKind::record) {
    if (!reader.expect_map(n, what)) return std::nullopt;
    const RecordSchema& schema = model.schemas[type.ref];
    Value* fields = store.values(schema.fields.size());
    for (size_t i = 0; i < schema.fields.size(); ++i) fields[i] = schema.fields[i].default_value;
    bool ok = true;
    for (const auto& [key, value] : n.entries) {
      auto slot = schema.slot_of(key.text);
      if (!slot) {
        std::vector<std::string> names;
        for (const auto& f : schema.fields) names.push_back(f.name);
        reader.error(key, schema.name + " has no field '" + echo(key.text) + "'" +
                              did_you_mean(key.text, names));
        ok = false;
        continue;
      }
      auto v = read_value(value, schema.fields[*slot].type, model, store, reader,
                          std::string(what) + "." + key.text);
      if (v)
        fields[*slot] = *v;
      else
        ok = false;
    }
    if (!ok) return std::nullopt;
    return Value::of_record(fields, static_cast<uint32_t>(schema.fields.size()));
  }
  if (!reader.expect_scalar(n, what)) return std::nullopt;
  std::string error;
  auto v = parse_scalar(n.text, n.quoted, type, model, store, error);
  if (!v) reader.error(n, std::string(what) + ": " + error);
  return v;
}

}  // namespace entitle::load
