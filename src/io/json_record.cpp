#include "io/json_record.hpp"

#include "base/text_position.hpp"
#include "io/field_text.hpp"
#include "io/json_flat_record.hpp"

#include <nlohmann/json.hpp>

#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/echo.hpp"
#include "base/spelling.hpp"
#include "io/value_format.hpp"
#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {

namespace {

using json = nlohmann::json;

constexpr size_t kMaxDepth = 64;
constexpr int kMaxIntegerDigits = 13;  // Decimal::max() is about 9.2 × 10^12

// --- positions --------------------------------------------------------------------------

// Feeds the parser one char at a time while remembering how far it has read, so errors
// found in SAX callbacks (which carry no position) can still say where they are.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, const char** read_up_to) : p_(p), read_up_to_(read_up_to) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    *read_up_to_ = ++p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++*this;
    return before;
  }
  friend bool operator==(const TrackingIterator& a, const TrackingIterator& b) {
    return a.p_ == b.p_;
  }

 private:
  const char* p_;
  const char** read_up_to_;
};

// 1-based line and column of text[offset]; columns count UTF-8 characters.
TextPosition position_of(std::string_view text, size_t offset) {
  const size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // the parser skips a BOM
  if (offset < bom) return {};
  return position_in_text(text.substr(bom), offset - bom);
}

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// --- numbers ----------------------------------------------------------------------------

std::string out_of_range_reason() {
  return "out of range (at most ±" + Decimal::max().to_string() + ")";
}

// The plain-decimal spelling of a JSON number with an exponent ("1.5e3" -> "1500",
// "25E-2" -> "0.25"), written into buf. Fails, saying why, when no Decimal could hold it.
std::optional<std::string_view> without_exponent(std::string_view text, size_t e, char (&buf)[48],
                                                 std::string& why) {
  int64_t exponent = 0;
  size_t i = e + 1;
  const bool exponent_negative = text[i] == '-';
  if (text[i] == '+' || text[i] == '-') ++i;
  for (; i < text.size(); ++i)
    exponent = std::min<int64_t>(exponent * 10 + (text[i] - '0'), 1'000'000);

  // The value is 0.d1d2…dn × 10^point, with leading and trailing zeros dropped from d.
  char digits[24];
  size_t count = 0;
  size_t pending_zeros = 0;  // zeros that matter only if a non-zero digit follows
  int64_t point = exponent_negative ? -exponent : exponent;
  bool in_fraction = false;
  for (const char c : text.substr(0, e)) {
    if (c == '-') continue;
    if (c == '.') {
      in_fraction = true;
      continue;
    }
    if (!in_fraction) ++point;
    if (count == 0 && c == '0') {
      --point;
      continue;
    }
    if (c == '0') {
      ++pending_zeros;
      continue;
    }
    for (; pending_zeros > 0; --pending_zeros, ++count)
      if (count < sizeof digits) digits[count] = '0';
    if (count < sizeof digits) digits[count] = c;
    ++count;
  }
  if (count == 0) return std::string_view("0");
  if (point > kMaxIntegerDigits) {
    why = out_of_range_reason();
    return std::nullopt;
  }
  if (static_cast<int64_t>(count) - point > Decimal::kScale) {
    why = "more than 6 decimal places";
    return std::nullopt;
  }
  // At most 13 integer and 6 fraction digits remain, so every digit was kept.
  size_t n = 0;
  if (text.front() == '-') buf[n++] = '-';
  if (point <= 0) {
    buf[n++] = '0';
    buf[n++] = '.';
    for (int64_t k = point; k < 0; ++k) buf[n++] = '0';
    for (size_t k = 0; k < count; ++k) buf[n++] = digits[k];
  } else {
    for (int64_t k = 0; k < point; ++k)
      buf[n++] = k < static_cast<int64_t>(count) ? digits[k] : '0';
    if (point < static_cast<int64_t>(count)) {
      buf[n++] = '.';
      for (size_t k = static_cast<size_t>(point); k < count; ++k) buf[n++] = digits[k];
    }
  }
  return std::string_view(buf, n);
}

// A JSON number's text as an exact Decimal. On failure `why` says what is wrong.
std::optional<Decimal> json_number(std::string_view text, std::string& why) {
  std::string_view plain = text;
  char buf[48];
  if (const size_t e = text.find_first_of("eE"); e != std::string_view::npos) {
    const auto rewritten = without_exponent(text, e, buf, why);
    if (!rewritten) return std::nullopt;
    plain = *rewritten;
  }
  if (auto d = Decimal::parse(plain)) return d;
  why = decimal_text_problem(plain);
  return std::nullopt;
}

// --- messages ---------------------------------------------------------------------------

std::string json_quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string expectation(const Type& t, const Model& m) {
  switch (t.kind) {
    case TypeKind::boolean: return "true or false";
    case TypeKind::integer: return "an integer";
    case TypeKind::decimal: return "a number";
    case TypeKind::money: return "an amount of money";
    case TypeKind::date: return "a date (YYYY-MM-DD)";
    case TypeKind::month: return "a month (YYYY-MM)";
    case TypeKind::string: return "a string";
    case TypeKind::enumeration:
      return t.ref < m.enums.size() ? "one of " + enum_value_list(m, t.ref) : "an enum value";
    case TypeKind::record: return "an object";
    case TypeKind::list: return "a list (JSON array)";
    case TypeKind::error: break;
  }
  return "a value";
}

// nlohmann's what() carries "[json.exception.parse_error.101] parse error at line 1,
// column 5: "; the RecordError adds its own position (in characters), so keep the rest.
std::string clean_parse_message(std::string message) {
  if (!message.empty() && message.front() == '[') {
    const size_t close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  if (message.starts_with("parse error")) {
    const size_t colon = message.find(": ");
    if (colon != std::string::npos) message.erase(0, colon + 2);
  }
  return message;
}

// --- the reader -------------------------------------------------------------------------

// A slot no key has filled yet: missing, marked by a size no real missing value has.
constexpr uint32_t kUnseen = UINT32_MAX;
Value unseen() {
  Value v;
  v.size = kUnseen;
  return v;
}
bool is_unseen(const Value& v) { return v.kind == ValueKind::missing && v.size == kUnseen; }

// An object or array being read. Objects fill one slot per schema field; arrays collect
// their elements in the reader's scratch until they end and their length is known.
struct Frame {
  const RecordSchema* schema = nullptr;  // objects only
  Value* slots = nullptr;                // objects only
  uint32_t field = 0;                    // objects: slot of the latest key
  Type element;                          // arrays only
  uint32_t index = 0;                    // arrays: elements read so far
  size_t scratch_begin = 0;              // arrays: their first element in scratch
  const char* begin = nullptr;           // the '{' or '['

  bool is_object() const { return schema != nullptr; }
};

// Reused per thread so that reading a record does not allocate once warm.
struct Workspace {
  std::vector<Frame> frames;
  std::vector<Value> scratch;
  std::vector<Value> items;  // the flat reader's array elements
};

class RecordReader {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  RecordReader(const Model& model, uint32_t entity, std::string_view text, Record& out,
               Workspace& work)
      : model_(model), entity_(entity), text_(text), out_(out), store_(out.store()),
        frames_(work.frames), scratch_(work.scratch), read_up_to_(text.data()) {
    frames_.clear();
    scratch_.clear();
  }

  void read() {
    TrackingIterator first(text_.data(), &read_up_to_);
    TrackingIterator last(text_.data() + text_.size(), &read_up_to_);
    if (!json::sax_parse(first, last, this))
      throw RecordError("", "", "the JSON text could not be read");
  }

  // SAX events. Each either stores a value or throws RecordError.
  bool null() {
    const char* at = read_up_to_ - 4;
    if (frames_.empty()) not_an_object(at);
    if (!top().is_object()) fail("a list element cannot be null", "null", at);
    absent(top().schema->fields[top().field], at);
    return true;
  }

  bool boolean(bool b) {
    const char* at = read_up_to_ - (b ? 4 : 5);
    if (frames_.empty()) not_an_object(at);
    if (expected().kind != TypeKind::boolean) mismatch("a boolean", b ? "true" : "false", at);
    put(Value::of_bool(b));
    return true;
  }

  bool number_integer(number_integer_t n) {
    integer(n);
    return true;
  }

  bool number_unsigned(number_unsigned_t n) {
    // Beyond int64 is beyond any Decimal too; from_int reports it.
    integer(n > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(n));
    return true;
  }

  bool number_float(number_float_t, const string_t& text) {
    const char* at = number_start();
    if (frames_.empty()) not_an_object(at);
    const Type& t = expected();
    if (!t.is_numeric()) mismatch("a number", text, at);
    std::string why;
    const std::optional<Decimal> d = json_number(text, why);
    if (!d) fail(why, text, at);
    store_number(*d, t, text, at);
    return true;
  }

  bool string(string_t& s) {
    const char* at = string_start();
    if (frames_.empty()) not_an_object(at);
    put(from_string(s, expected(), at));
    return true;
  }

  bool binary(binary_t&) { return true; }  // JSON text has no binary values

  bool start_object(std::size_t) {
    const char* at = read_up_to_ - 1;
    if (frames_.empty()) {
      open_record(model_.schemas.at(entity_), out_.values().data(), at);
      return true;
    }
    const Type& t = expected();
    if (t.kind != TypeKind::record) mismatch("an object", "{…}", at);
    const RecordSchema& schema = model_.schemas.at(t.ref);
    open_record(schema, store_.values(schema.fields.size()), at);
    return true;
  }

  bool key(string_t& name) {
    const char* at = string_start();
    Frame& f = top();
    const auto it = f.schema->field_index.find(name);
    if (it == f.schema->field_index.end())
      fail_at(echo(name),
              "unknown field '" + echo(name) + "'" + did_you_mean(name, field_names(*f.schema)), "",
              at);
    f.field = it->second;
    if (!is_unseen(f.slots[f.field])) fail("field given twice", "", at);
    return true;
  }

  bool end_object() {
    const Frame f = top();
    for (uint32_t i = 0; i < f.schema->fields.size(); ++i) {
      if (!is_unseen(f.slots[i])) continue;
      top().field = i;
      absent(f.schema->fields[i], f.begin);
    }
    frames_.pop_back();
    if (!frames_.empty())
      put(Value::of_record(f.slots, static_cast<uint32_t>(f.schema->fields.size())));
    return true;
  }

  bool start_array(std::size_t) {
    const char* at = read_up_to_ - 1;
    if (frames_.empty()) not_an_object(at);
    const Type& t = expected();
    if (!t.is_list()) mismatch("a list", "[…]", at);
    check_depth(at);
    Frame f;
    f.element = t.element_type();
    f.scratch_begin = scratch_.size();
    f.begin = at;
    frames_.push_back(f);
    return true;
  }

  bool end_array() {
    const Frame f = top();
    frames_.pop_back();
    const Value list = store_.list(scratch_.data() + f.scratch_begin, f.index);
    scratch_.resize(f.scratch_begin);
    put(list);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& token, const json::exception& e) {
    // A number too large for a double (1e400) is a field's value out of range, not bad JSON.
    constexpr int kNumberOverflow = 406;
    if (e.id == kNumberOverflow && !frames_.empty()) {
      const char* at = number_start();
      if (!expected().is_numeric()) mismatch("a number", token, at);
      fail(out_of_range_reason(), token, at);
    }
    // `position` counts the bytes read, the offending one included.
    const TextPosition pos = position_of(text_, position > 0 ? position - 1 : 0);
    throw RecordError("", "", clean_parse_message(e.what()), pos.line, pos.column);
  }

 private:
  Frame& top() { return frames_.back(); }

  // The type the value being read must have: the current field's, or the list's element's.
  const Type& expected() {
    Frame& f = top();
    return f.is_object() ? f.schema->fields[f.field].type : f.element;
  }

  void put(Value v) {
    Frame& f = top();
    if (f.is_object()) {
      f.slots[f.field] = v;
    } else {
      scratch_.push_back(v);
      ++f.index;
    }
  }

  void open_record(const RecordSchema& schema, Value* slots, const char* at) {
    check_depth(at);
    for (size_t i = 0; i < schema.fields.size(); ++i) slots[i] = unseen();
    Frame f;
    f.schema = &schema;
    f.slots = slots;
    f.begin = at;
    frames_.push_back(f);
  }

  void check_depth(const char* at) {
    if (frames_.size() >= kMaxDepth)
      fail("nested deeper than " + std::to_string(kMaxDepth) + " levels", "", at);
  }

  // An absent key or null: the default, else missing, unless the field is required.
  void absent(const FieldDef& field, const char* at) {
    if (field.has_default) {
      put(store_.copy(field.default_value));  // the record may outlive the rule set
    } else if (field.required) {
      fail("required field is missing", "", at);
    } else {
      put(Value::missing());
    }
  }

  void integer(int64_t n) {
    const char* at = number_start();
    const std::string_view text = number_text(at);  // for messages; no copy
    if (frames_.empty()) not_an_object(at);
    const Type& t = expected();
    if (!t.is_numeric()) mismatch("a number", text, at);
    Decimal d;
    try {
      d = Decimal::from_int(n);
    } catch (const DecimalOverflow&) {
      fail(out_of_range_reason(), text, at);
    }
    store_number(d, t, text, at);
  }

  void store_number(Decimal d, const Type& t, std::string_view text, const char* at) {
    if (t.kind == TypeKind::integer && !d.is_integer()) fail("not an integer", text, at);
    put(Value::of_decimal(d));
  }

  // A JSON string holding a scalar: the same text rules as a CSV cell (field_text.hpp),
  // except that JSON has real booleans, so "true" in quotes is not one.
  Value from_string(const std::string& s, const Type& t, const char* at) {
    if (t.kind == TypeKind::boolean || t.kind == TypeKind::list || t.kind == TypeKind::record)
      mismatch("a string", json_quoted(s), at);
    Value v;
    std::string why;
    if (!parse_field_text(model_, t, s, store_, v, why)) fail(why, json_quoted(s), at);
    return v;
  }

  // --- where tokens start: the parser has just read past them --------------------------

  const char* string_start() const {
    // Back from the closing quote to the first quote not escaped by a backslash.
    const char* p = read_up_to_ - 1;
    while (p > text_.data()) {
      --p;
      if (*p != '"') continue;
      size_t backslashes = 0;
      for (const char* q = p; q > text_.data() && q[-1] == '\\'; --q) ++backslashes;
      if (backslashes % 2 == 0) break;
    }
    return p;
  }

  const char* number_start() const {
    // The lexer reads one char past a number, except at the end of the text.
    const char* p = read_up_to_;
    if (p > text_.data() && !is_number_char(p[-1])) --p;
    while (p > text_.data() && is_number_char(p[-1])) --p;
    return p;
  }

  // The number as written, starting at `at`.
  std::string_view number_text(const char* at) const {
    const char* end = at;
    while (end < text_.data() + text_.size() && is_number_char(*end)) ++end;
    return {at, static_cast<size_t>(end - at)};
  }

  // --- errors -------------------------------------------------------------------------

  static std::vector<std::string> field_names(const RecordSchema& schema) {
    std::vector<std::string> names;
    names.reserve(schema.fields.size());
    for (const FieldDef& f : schema.fields) names.push_back(f.name);
    return names;
  }

  // "history[3].months": the first `depth` frames' current components, then `leaf`.
  std::string path(size_t depth, std::string_view leaf = {}) const {
    std::string p;
    for (size_t i = 0; i < depth; ++i) {
      const Frame& f = frames_[i];
      if (f.is_object()) {
        if (!p.empty()) p += '.';
        p += f.schema->fields[f.field].name;
      } else {
        p += '[' + std::to_string(f.index) + ']';
      }
    }
    if (!leaf.empty()) {
      if (!p.empty()) p += '.';
      p += leaf;
    }
    return p;
  }

  [[noreturn]] void raise(std::string field, std::string reason, std::string_view value,
                          const char* at) const {
    const TextPosition pos = position_of(text_, static_cast<size_t>(at - text_.data()));
    throw RecordError(std::move(field), std::string(value), std::move(reason), pos.line,
                      pos.column);
  }

  // A problem with the value being read (or the key just read) at the current path.
  [[noreturn]] void fail(std::string reason, std::string_view value, const char* at) const {
    raise(path(frames_.size()), std::move(reason), value, at);
  }

  // A problem with key `name` of the innermost object, which is not a field.
  [[noreturn]] void fail_at(std::string_view name, std::string reason, std::string_view value,
                            const char* at) const {
    raise(path(frames_.size() - 1, name), std::move(reason), value, at);
  }

  [[noreturn]] void mismatch(std::string_view got, std::string_view value, const char* at) {
    fail("expected " + expectation(expected(), model_) + ", got " + std::string(got), value, at);
  }

  [[noreturn]] void not_an_object(const char* at) const {
    raise("", "a record must be a JSON object", "", at);
  }

  const Model& model_;
  uint32_t entity_;
  std::string_view text_;
  Record& out_;
  ValueStore& store_;
  std::vector<Frame>& frames_;
  std::vector<Value>& scratch_;
  const char* read_up_to_;  // one past the last char the parser has read
};

}  // namespace

namespace {

void read_with(const Model& model, uint32_t entity, std::string_view json_text, Record& out,
               Workspace& work, const JsonFlatLayout* layout = nullptr) {
  const size_t field_count = model.schemas.at(entity).fields.size();
  out.reset(entity, static_cast<uint32_t>(field_count));
  try {
    // Most records are flat; the general reader handles the rest and reports every error.
    if (read_flat_json_record(model, entity, json_text, out, work.items, layout)) return;
    out.reset(entity, static_cast<uint32_t>(field_count));
    RecordReader reader(model, entity, json_text, out, work);
    reader.read();
  } catch (...) {
    out.reset(entity, static_cast<uint32_t>(field_count));  // no half-read record
    throw;
  }
}

}  // namespace

struct JsonReadWorkspace::Buffers {
  Workspace work;
};

JsonReadWorkspace::JsonReadWorkspace() : buffers(std::make_unique<Buffers>()) {}
JsonReadWorkspace::~JsonReadWorkspace() = default;

void read_json_record(const Model& model, uint32_t entity, std::string_view json_text,
                      Record& out) {
  thread_local Workspace work;
  read_with(model, entity, json_text, out, work);
}

void read_json_record(const Model& model, uint32_t entity, std::string_view json_text, Record& out,
                      JsonReadWorkspace& work) {
  read_with(model, entity, json_text, out, work.buffers->work);
}

void read_json_record(const Model& model, uint32_t entity, std::string_view json_text, Record& out,
                      const JsonFlatLayout& layout) {
  thread_local Workspace work;
  read_with(model, entity, json_text, out, work, &layout);
}

}  // namespace entitle
