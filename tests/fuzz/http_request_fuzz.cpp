// Fuzz target: the REST service's request path, as a client on the network reaches it. The
// bytes are sent as they are, on a fresh loopback connection, to a real `entitle serve`
// running in this process (rules/screening-2024, an admin token, one thread); then the
// client half-closes and reads until the server closes. So every input goes through the
// listener, the session's Beast parser and its limits, the request checks, the router and
// the route handlers — pipelined requests, chunked bodies, Expect: 100-continue included.
//
// What must hold besides the sanitizers: the server always ends the connection (a session
// that waits past the client's end is a hang); whatever it answers is HTTP; and no answer
// is 500, since a 500 means a handler threw something unexpected (dispatch.cpp turns it into
// a generic 500 — a bug the fuzzer should find, not hide).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <thread>

#include "server/server.hpp"

namespace {

// Long enough that a loaded machine never trips it; a real hang waits forever.
constexpr int kServerCloseTimeoutMs = 20'000;
// The admin token in tests/fuzz/http.dict, so the fuzzer can reach an authorised reload.
constexpr const char* kAdminToken = "fuzz-admin-token-0123456789abcdef";

// Catches the "listening on http://127.0.0.1:PORT" line run_server prints from its thread.
class PortCatcher : public std::streambuf {
 public:
  uint16_t wait() {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, std::chrono::seconds(60), [&] { return port_ != 0 || failed_; }) ||
        failed_) {
      std::fprintf(stderr, "http fuzz: the server did not start: %s\n", text_.c_str());
      std::abort();
    }
    return port_;
  }
  void fail() {
    std::lock_guard lock(mutex_);
    failed_ = true;
    ready_.notify_all();
  }

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return 0;
    std::lock_guard lock(mutex_);
    text_.push_back(static_cast<char>(c));
    const auto colon = text_.rfind(':');
    if (c == '\n' && colon != std::string::npos && port_ == 0) {
      port_ = static_cast<uint16_t>(std::atoi(text_.c_str() + colon + 1));
      ready_.notify_all();
    }
    return c;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::string text_;
  uint16_t port_ = 0;
  bool failed_ = false;
};

void print_diagnostics(std::ostream& err, const entitle::Diagnostics& d) { err << d.to_string(); }

uint16_t start_server() {
  namespace fs = std::filesystem;
  const fs::path token =
      fs::temp_directory_path() / ("entitle-http-fuzz-token-" + std::to_string(getpid()));
  std::ofstream(token) << kAdminToken << '\n';

  static PortCatcher catcher;
  static std::ostream out(&catcher);
  entitle::server::ServerConfig config;
  config.ruleset_dir = ENTITLE_SOURCE_DIR "/rules/screening-2024";
  config.host = "127.0.0.1";
  config.port = 0;
  config.threads = 1;  // one thread: coverage follows the input, not the scheduler
  config.admin_token_file = token.string();
  std::thread([config] {
    const int code = entitle::server::run_server(config, out, std::cerr, print_diagnostics);
    std::fprintf(stderr, "http fuzz: the server stopped (exit %d)\n", code);
    catcher.fail();
    std::abort();
  }).detach();
  const uint16_t port = catcher.wait();
  std::error_code ignored;
  fs::remove(token, ignored);  // read at start; nothing reads it again
  return port;
}

int connect_to(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) std::abort();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // libFuzzer's timeout alarm interrupts system calls: EINTR is retried everywhere here.
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    int error = errno;
    if (error == EINTR) {  // the connection goes on in the background: wait for its outcome
      pollfd p{fd, POLLOUT, 0};
      while (poll(&p, 1, -1) < 0 && errno == EINTR) {}
      socklen_t len = sizeof error;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    }
    if (error != 0) {
      std::fprintf(stderr, "http fuzz: connect: %s\n", std::strerror(error));
      std::abort();
    }
  }
  return fd;
}

// Sends what the server takes; it may answer and close before reading everything (an
// early 413/415/431), which is not an error here.
void send_all(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

std::string read_until_closed(int fd) {
  std::string got;
  char buf[16384];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, kServerCloseTimeoutMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      std::fprintf(stderr,
                   "http fuzz: the server kept the connection open %d ms after the "
                   "client's end (%zu bytes answered)\n",
                   kServerCloseTimeoutMs, got.size());
      std::abort();
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return got;  // closed (or reset after an early answer)
    got.append(buf, static_cast<size_t>(n));
  }
}

// The answers, one after another (pipelined requests get several, Expect: 100-continue an
// interim one first): each a status line, headers and a Content-Length body. Every answer
// must parse so, and none may be a 500.
void check_answers(std::string_view got) {
  size_t at = 0;
  while (at < got.size()) {
    const std::string_view rest = got.substr(at);
    const size_t head_end = rest.find("\r\n\r\n");
    if (rest.substr(0, 7) != "HTTP/1." || rest.size() < 13 || head_end == std::string_view::npos) {
      std::fprintf(stderr, "http fuzz: not an HTTP answer at byte %zu: %.60s\n", at,
                   std::string(rest).c_str());
      std::abort();
    }
    if (rest.substr(8, 5) == " 500 ") {
      std::fprintf(stderr, "http fuzz: the server answered 500:\n%s\n", std::string(rest).c_str());
      std::abort();
    }
    // The server writes the header as "Content-Length" (Beast's spelling).
    size_t body = 0;
    const std::string_view head = rest.substr(0, head_end);
    if (const size_t cl = head.find("\r\nContent-Length: "); cl != std::string_view::npos)
      body = std::strtoul(std::string(head.substr(cl + 18, 20)).c_str(), nullptr, 10);
    at += head_end + 4 + body;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint16_t port = start_server();
  const int fd = connect_to(port);
  send_all(fd, data, size);
  shutdown(fd, SHUT_WR);
  const std::string answers = read_until_closed(fd);
  close(fd);
  // To see what the server made of an input (a reproducer, a seed): ENTITLE_FUZZ_ECHO=1.
  static const bool echo = std::getenv("ENTITLE_FUZZ_ECHO") != nullptr;
  if (echo) std::fprintf(stderr, "%s\n", answers.c_str());
  check_answers(answers);
  return 0;
}
