// entitle_error: the per-thread record of the last failure, and the mapping from C++
// exceptions to status codes that every shim goes through.
#include <new>

#include "capi/shim.hpp"
#include "entitle/calendar.hpp"
#include "entitle/decision.hpp"
#include "entitle/record.hpp"

struct entitle_error {
  uint64_t magic = entitle::capi::kErrorMagic;
  entitle::capi::ErrorInfo info;
  // Set instead of info.message when storing the text itself failed (out of memory).
  const char* fixed_message = nullptr;
};

namespace entitle::capi {

namespace {

thread_local entitle_error last_error;

const entitle_error* valid(const entitle_error* e) {
  return e != nullptr && e->magic == kErrorMagic ? e : nullptr;
}

// EvaluationError::what() starts with "file:line:col: "; the error object keeps the position
// in its own fields, so the message is the rest.
std::string without_position(const EvaluationError& e) {
  std::string where = e.file;
  if (e.line > 0) {
    where += ':' + std::to_string(e.line);
    if (e.column > 0) where += ':' + std::to_string(e.column);
  }
  std::string_view what = e.what();
  if (!where.empty() && what.starts_with(where + ": ")) what.remove_prefix(where.size() + 2);
  return std::string(what);
}

void fill(ErrorInfo& out) {
  try {
    throw;
  } catch (const Failure& f) {
    out = f.info();
  } catch (const RecordError& e) {
    out.code = ENTITLE_ERECORD;
    out.field = e.field;
    out.line = e.line;
    out.column = e.column;
    // Position in its own fields, as the runner prints it, so the message reads once.
    if (!e.field.empty()) out.message = "field '" + e.field + "': ";
    out.message += e.reason;
    if (!e.value.empty()) out.message += " (value: " + e.value + ")";
  } catch (const EvaluationError& e) {
    out.code = ENTITLE_EEVAL;
    out.message = without_position(e);
    out.file = e.file;
    out.line = e.line;
    out.column = e.column;
  } catch (const CalendarError& e) {
    out.code = ENTITLE_EEVAL;
    out.message = e.what();
  } catch (const std::bad_alloc&) {
    out.code = ENTITLE_ENOMEM;
    out.message = "out of memory";
  } catch (const std::exception& e) {
    out.code = ENTITLE_EINTERNAL;
    out.message = std::string("internal error: ") + e.what();
  } catch (...) {
    out.code = ENTITLE_EINTERNAL;
    out.message = "internal error: an unknown exception";
  }
}

}  // namespace

void ErrorInfo::clear() noexcept {
  code = ENTITLE_OK;
  message.clear();
  file.clear();
  line = column = 0;
  field.clear();
  diagnostics.clear();
}

void fail_invalid(std::string message) { throw Failure(ENTITLE_EINVAL, std::move(message)); }

void capture_current_exception(ErrorInfo& out) noexcept {
  out.clear();
  try {
    fill(out);
  } catch (...) {
    // Copying the detail itself ran out of memory: keep the code, drop the text.
    int code = out.code == ENTITLE_OK ? ENTITLE_ENOMEM : out.code;
    out.clear();
    out.code = code;
  }
}

void set_last_error_ok() noexcept {
  // Cheap when nothing failed before, which is the common case on a hot path.
  if (last_error.info.code != ENTITLE_OK || last_error.fixed_message) {
    last_error.info.clear();
    last_error.fixed_message = nullptr;
  }
}

int set_last_error_from_current_exception() noexcept {
  capture_current_exception(last_error.info);
  last_error.fixed_message = nullptr;
  if (last_error.info.message.empty()) last_error.fixed_message = status_name(last_error.info.code);
  return last_error.info.code;
}

void set_last_error_invalid(const char* message) noexcept {
  last_error.info.clear();
  last_error.info.code = ENTITLE_EINVAL;
  last_error.fixed_message = message;  // a static string: storing it cannot fail
}

const char* status_name(int status) noexcept {
  switch (status) {
    case ENTITLE_OK: return "ENTITLE_OK";
    case ENTITLE_EINVAL: return "ENTITLE_EINVAL";
    case ENTITLE_ELOAD: return "ENTITLE_ELOAD";
    case ENTITLE_ERECORD: return "ENTITLE_ERECORD";
    case ENTITLE_EEVAL: return "ENTITLE_EEVAL";
    case ENTITLE_ENOMEM: return "ENTITLE_ENOMEM";
    case ENTITLE_EINTERNAL: return "ENTITLE_EINTERNAL";
    case ENTITLE_EIO: return "ENTITLE_EIO";
  }
  return "ENTITLE_UNKNOWN";
}

}  // namespace entitle::capi

using entitle::capi::valid;

extern "C" {

const char* entitle_status_name(int status) { return entitle::capi::status_name(status); }

const entitle_error* entitle_error_last(void) { return &entitle::capi::last_error; }

void entitle_error_clear(void) { entitle::capi::set_last_error_ok(); }

int entitle_error_code(const entitle_error* error) {
  const entitle_error* e = valid(error);
  return e ? e->info.code : ENTITLE_OK;
}

const char* entitle_error_message(const entitle_error* error) {
  const entitle_error* e = valid(error);
  if (!e) return "";
  return e->fixed_message ? e->fixed_message : e->info.message.c_str();
}

const char* entitle_error_file(const entitle_error* error) {
  const entitle_error* e = valid(error);
  return e ? e->info.file.c_str() : "";
}

unsigned int entitle_error_line(const entitle_error* error) {
  const entitle_error* e = valid(error);
  return e ? e->info.line : 0;
}

unsigned int entitle_error_column(const entitle_error* error) {
  const entitle_error* e = valid(error);
  return e ? e->info.column : 0;
}

const char* entitle_error_field(const entitle_error* error) {
  const entitle_error* e = valid(error);
  return e ? e->info.field.c_str() : "";
}

const char* entitle_error_diagnostics(const entitle_error* error) {
  const entitle_error* e = valid(error);
  return e ? e->info.diagnostics.c_str() : "";
}

}  // extern "C"
