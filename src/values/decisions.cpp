#include <utility>

#include "entitle/decision.hpp"
#include "values/value_store.hpp"

namespace entitle {

namespace {

// "file:line:col: message", leaving out what is unknown.
std::string locate(const std::string& message, const std::string& file, uint32_t line,
                   uint32_t column) {
  std::string where = file;
  if (line > 0) {
    where += ':' + std::to_string(line);
    if (column > 0) where += ':' + std::to_string(column);
  }
  return where.empty() ? message : where + ": " + message;
}

}  // namespace

Decisions::Decisions() : store_(std::make_unique<ValueStore>()) {}
Decisions::~Decisions() = default;
Decisions::Decisions(Decisions&&) noexcept = default;
Decisions& Decisions::operator=(Decisions&&) noexcept = default;

void Decisions::clear() {
  items.clear();
  // A moved-from object has no store; clearing makes it usable again.
  if (store_)
    store_->clear();
  else
    store_ = std::make_unique<ValueStore>();
}

EvaluationError::EvaluationError(std::string message, std::string file_, uint32_t line_,
                                 uint32_t column_)
    : std::runtime_error(locate(message, file_, line_, column_)), file(std::move(file_)),
      line(line_), column(column_) {}

}  // namespace entitle
