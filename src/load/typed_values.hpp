// Types as rule files write them ("money", "list<group>") and values read against a type:
// field defaults, parameter values and decision-table cells.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "load/node_reader.hpp"
#include "model/model.hpp"

namespace entitle::load {

// "bool int decimal money date month string", an enum or record name, or list<one of them>.
// ("enum" with inline values is handled by the caller.) On failure sets `error`.
std::optional<Type> parse_type(std::string_view text, const Model& model, std::string& error);

// One scalar of a scalar type: numbers exactly, dates, months, true/false, strings, enum
// values (checked against the enum). Strings live in model.storage. On failure sets `error`.
std::optional<Value> parse_scalar(std::string_view text, bool quoted, Type type, Model& model,
                                  std::string& error);

// A node of any type: scalars, lists (YAML sequences), records (YAML maps). Reports errors.
std::optional<Value> read_value(const yaml::Node& n, Type type, Model& model, NodeReader& reader,
                                std::string_view what);

// The same against a loaded (const) model, keeping strings and lists in `store`: values a
// test file gives for parameters and expected outputs.
std::optional<Value> parse_scalar(std::string_view text, bool quoted, Type type, const Model& model,
                                  ValueStore& store, std::string& error);
std::optional<Value> read_value(const yaml::Node& n, Type type, const Model& model,
                                ValueStore& store, NodeReader& reader, std::string_view what);

}  // namespace entitle::load
