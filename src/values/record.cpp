#include "entitle/record.hpp"

#include <utility>

#include "base/utf8.hpp"
#include "values/value_store.hpp"

namespace entitle {

namespace {

constexpr size_t kShownValueBytes = 60;

// Cuts `text` to about kShownValueBytes without splitting a UTF-8 character, so a long
// value (a pasted paragraph, a huge number) does not swamp the message.
std::string shorten(std::string text) {
  if (text.size() <= kShownValueBytes) return text;
  size_t cut = kShownValueBytes;
  while (cut > 0 && is_utf8_continuation(static_cast<unsigned char>(text[cut]))) --cut;
  text.resize(cut);
  text += "…";
  return text;
}

std::string describe_error(const std::string& field, const std::string& value,
                           const std::string& reason, uint32_t line, uint32_t column) {
  std::string what;
  if (!field.empty()) what += "field '" + field + "': ";
  what += reason;
  if (!value.empty()) what += " (value: " + value + ")";
  if (line > 0) {
    what += " at line " + std::to_string(line);
    if (column > 0) what += ", column " + std::to_string(column);
  }
  return what;
}

}  // namespace

RecordError::RecordError(std::string field_, std::string value_, std::string reason_,
                         uint32_t line_, uint32_t column_)
    : std::runtime_error(describe_error(field_, shorten(value_), reason_, line_, column_)),
      field(std::move(field_)), value(shorten(std::move(value_))), reason(std::move(reason_)),
      line(line_), column(column_) {}

Record::Record(uint32_t entity, uint32_t field_count)
    : entity_(entity), values_(field_count), store_(std::make_unique<ValueStore>()) {}

Record::~Record() = default;
Record::Record(Record&&) noexcept = default;
Record& Record::operator=(Record&&) noexcept = default;

void Record::clear() { reset(entity_, static_cast<uint32_t>(values_.size())); }

void Record::reset(uint32_t entity, uint32_t field_count) {
  entity_ = entity;
  values_.assign(field_count, Value::missing());
  // A moved-from record has no store; reuse after a move should still work.
  if (store_)
    store_->clear();
  else
    store_ = std::make_unique<ValueStore>();
}

}  // namespace entitle
