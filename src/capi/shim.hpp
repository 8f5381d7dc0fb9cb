// What every extern "C" shim shares: the error record, turning any exception into a status,
// and checking handles. Each shim is `return guarded([&] { … });` around a call into C++.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "entitle.h"

namespace entitle::capi {

// The detail behind a status: what entitle_error_* return, and what a failed record of a
// batch carries in its error object.
struct ErrorInfo {
  int code = ENTITLE_OK;
  std::string message;
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string field;
  std::string diagnostics;  // every load diagnostic, GCC style

  void clear() noexcept;
};

// A failure the shim raises itself (bad argument, load errors), with its status.
class Failure : public std::exception {
 public:
  explicit Failure(int code, std::string message) {
    info_.code = code;
    info_.message = std::move(message);
  }
  explicit Failure(ErrorInfo info) : info_(std::move(info)) {}
  const char* what() const noexcept override { return info_.message.c_str(); }
  const ErrorInfo& info() const { return info_; }

 private:
  ErrorInfo info_;
};

[[noreturn]] void fail_invalid(std::string message);

// Fills `out` from the exception being handled (call only inside a catch block). Never
// throws: when even the message cannot be stored, `out` says out of memory without text.
void capture_current_exception(ErrorInfo& out) noexcept;

// This thread's last error (what entitle_error_last returns).
void set_last_error_ok() noexcept;
// Returns the status it recorded.
int set_last_error_from_current_exception() noexcept;
void set_last_error_invalid(const char* message) noexcept;

// The shim around every status-returning call: runs `body`, turns whatever it throws into a
// status and this thread's last error.
template <class Body>
int guarded(Body&& body) noexcept {
  try {
    body();
    set_last_error_ok();
    return ENTITLE_OK;
  } catch (...) {
    return set_last_error_from_current_exception();
  }
}

// Throws ENTITLE_EINVAL naming `what` when `p` is NULL.
template <class T>
T* require(T* p, const char* what) {
  if (p == nullptr) fail_invalid(std::string(what) + " is NULL");
  return p;
}

// A copy of `text` in malloc'd memory, as entitle_string_free releases it.
char* to_c_string(std::string_view text);

// "ENTITLE_ERECORD" for a status.
const char* status_name(int status) noexcept;

// Magic numbers at the start of every handle: a handle whose magic is wrong was freed, is
// not ours, or is corrupt.
constexpr uint64_t kRuleSetMagic = 0x5445534c55524e45ull;  // "ENRULSET"
constexpr uint64_t kErrorMagic = 0x524f52524552544eull;    // "NTERRROR"
constexpr uint64_t kDeadMagic = 0xdeaddeaddeaddeadull;

}  // namespace entitle::capi
