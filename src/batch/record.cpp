#include "batch/record.hpp"

#include <stdexcept>

#include "io/json_record.hpp"
#include "model/model.hpp"

namespace entitle::batch {

RecordSource::RecordSource(const Model& m, uint32_t entity, const InputReader& reader)
    : model_(m), entity_(entity), format_(reader.format()) {
  if (format_ != Format::csv) {
    json_layout_.emplace(m, entity);
    return;
  }
  try {
    layout_ = read_csv_header(m, entity, reader.header(), reader.header_line());
  } catch (const RecordError& e) {
    std::string where = reader.path() + ":" + std::to_string(e.line);
    if (e.column) where += ":" + std::to_string(e.column);
    throw HeaderError(where + ": error: header row: " + e.reason, reader.path(), e.line, e.column,
                      e.field, e.reason);
  }
}

void RecordSource::read(std::string_view text, const InputRow& row, Record& out) const {
  if (layout_)
    read_csv_record(model_, *layout_, text, row.line, out);
  else
    read_json_record(model_, entity_, text, out, *json_layout_);
}

}  // namespace entitle::batch
