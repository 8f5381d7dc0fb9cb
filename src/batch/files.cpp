#include "batch/files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>

namespace entitle::batch {

namespace {

// Temporaries the signal handler removes. Paths are copied into fixed buffers so the handler
// reads no memory that a destructor could be freeing. A slot is free (0), being filled by
// one thread (1), or holds a temporary to remove (2): claiming it with a compare-exchange
// keeps two threads (two C API runs at once) from filling the same one.
constexpr int kMaxTemporaries = 8;
constexpr size_t kMaxPath = 4096;
char g_paths[kMaxTemporaries][kMaxPath];
std::atomic<int> g_slot[kMaxTemporaries];
std::atomic<int> g_holds{0};     // live HoldSignals
std::atomic<int> g_deferred{0};  // a signal that came while they held
std::atomic<unsigned> g_sequence{0};

// Async-signal-safe only: unlink, signal, raise, lock-free atomics.
void remove_temporaries_and_die(int sig) {
  for (int i = 0; i < kMaxTemporaries; ++i)
    if (g_slot[i].load() == 2) ::unlink(g_paths[i]);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

extern "C" void on_signal(int sig) {
  if (g_holds.load() > 0) {
    g_deferred.store(sig);
    return;
  }
  remove_temporaries_and_die(sig);
}

int register_temporary(const std::string& path) {
  if (path.size() >= kMaxPath) return -1;
  for (int i = 0; i < kMaxTemporaries; ++i) {
    int free = 0;
    if (!g_slot[i].compare_exchange_strong(free, 1)) continue;
    std::memcpy(g_paths[i], path.c_str(), path.size() + 1);
    g_slot[i].store(2);
    return i;
  }
  return -1;  // more than 8 at once: still removed on every normal exit path
}

void unregister_temporary(int slot) {
  if (slot >= 0) g_slot[slot].store(0);
}

// This host's name as it appears in temporaries' names: letters, digits, '-' and '_' only
// (no '.', which separates the parts of the name).
const std::string& host_tag() {
  static const std::string tag = [] {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) name[0] = '\0';
    std::string t;
    for (const char* c = name; *c && t.size() < 64; ++c)
      t += std::isalnum(static_cast<unsigned char>(*c)) || *c == '-' || *c == '_' ? *c : '_';
    return t.empty() ? std::string("host") : t;
  }();
  return tag;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// The <pid> of ".NAME.entitle-HOST.PID.N.tmp" when HOST is this host.
std::optional<long> temporary_pid(std::string_view file) {
  constexpr std::string_view kTag = ".entitle-", kEnd = ".tmp";
  if (!file.starts_with('.') || !file.ends_with(kEnd)) return std::nullopt;
  const size_t at = file.rfind(kTag);
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  std::string_view rest = file.substr(at + kTag.size());
  rest.remove_suffix(kEnd.size());  // HOST.PID.N
  const size_t a = rest.find('.'), b = rest.rfind('.');
  if (a == std::string_view::npos || a == b || rest.substr(0, a) != host_tag()) return std::nullopt;
  const std::string_view pid = rest.substr(a + 1, b - a - 1);
  if (!all_digits(pid) || pid.size() > 9 || !all_digits(rest.substr(b + 1))) return std::nullopt;
  return std::stol(std::string(pid));
}

bool process_gone(long pid) { return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

std::string reason() { return std::strerror(errno); }

}  // namespace

void install_signal_cleanup() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
  std::signal(SIGXFSZ, SIG_IGN);
}

HoldSignals::HoldSignals() { g_holds.fetch_add(1); }

HoldSignals::~HoldSignals() {
  if (g_holds.fetch_sub(1) != 1) return;
  if (const int sig = g_deferred.exchange(0)) remove_temporaries_and_die(sig);
}

void remove_orphans(const std::string& path) {
  const std::filesystem::path p(path);
  const std::filesystem::path folder = p.parent_path().empty() ? "." : p.parent_path();
  const std::string legacy = "." + p.filename().string() + ".";  // ".NAME.PID.tmp"
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    const std::string file = entry.path().filename().string();
    std::optional<long> pid = temporary_pid(file);
    if (!pid && file.starts_with(legacy) && file.ends_with(".tmp")) {
      const std::string digits = file.substr(legacy.size(), file.size() - legacy.size() - 4);
      if (all_digits(digits) && digits.size() <= 9) pid = std::stol(digits);
    }
    if (pid && process_gone(*pid)) std::filesystem::remove(entry.path(), ec);
  }
}

void sync_folder(const std::string& path) {
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) folder = ".";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  // A signal between creating the temporary and registering it would leave it behind: the
  // handler waits until both are done (and then removes it with the others).
  const HoldSignals hold;
  const std::filesystem::path p(path_);
  const std::string stem = "." + p.filename().string() + ".entitle-" + host_tag() + "." +
                           std::to_string(::getpid()) + ".";
  // O_EXCL: never write into a file this process did not create (an orphan of a dead
  // process that had this PID keeps its name until a later run removes it).
  for (int tries = 0; fd_ < 0; ++tries) {
    temp_ = (p.parent_path() / (stem + std::to_string(g_sequence.fetch_add(1)) + ".tmp")).string();
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && (errno != EEXIST || tries == 100)) {
      const std::string why = reason();
      temp_.clear();
      throw std::invalid_argument(path_ + ": cannot create a temporary beside it: " + why);
    }
  }
  slot_ = register_temporary(temp_);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  unregister_temporary(slot_);
  if (!installed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::fail(const char* what) const {
  const std::string why = reason();
  throw OutputError(path_, path_ + ": " + what + ": " + why + " (in its temporary " + temp_ + "; " +
                               path_ + " is left as it was)");
}

void AtomicFile::write(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    data.remove_prefix(static_cast<size_t>(n));
    written_ += static_cast<unsigned long long>(n);
  }
  start_writeback();
}

// sync()'s fsync waits for every byte not yet on disk, after all rows are done: a serial
// step of a tenth of a second or more for tens of MB. Asking the kernel to start writing each
// few MiB as it is written leaves fsync little to wait for. Only a hint: fsync still decides.
void AtomicFile::start_writeback() {
#ifdef SYNC_FILE_RANGE_WRITE
  constexpr unsigned long long kWritebackBytes = 8ull << 20;
  if (written_ - synced_ < kWritebackBytes) return;
  ::sync_file_range(fd_, static_cast<off_t>(synced_), static_cast<off_t>(written_ - synced_),
                    SYNC_FILE_RANGE_WRITE);
  synced_ = written_;
#endif
}

void AtomicFile::sync() {
  if (fd_ < 0) return;
  if (::fsync(fd_) != 0) fail("cannot sync");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("cannot close");
}

void AtomicFile::install() {
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const std::string why = reason();
    throw OutputError(path_,
                      path_ + ": cannot rename into place: " + why + " (from " + temp_ + ")");
  }
  installed_ = true;
  unregister_temporary(slot_);
  slot_ = -1;
}

void AtomicFile::commit() {
  sync();
  install();
  sync_folder(path_);
}

std::string sibling_path(const std::string& path, std::string_view suffix) {
  std::filesystem::path p(path);
  return (p.parent_path() / (p.stem().string() + std::string(suffix))).string();
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

unsigned long long file_size(const std::string& path) {
  struct stat s {};
  if (::stat(path.c_str(), &s) != 0 || !S_ISREG(s.st_mode)) return 0;
  return static_cast<unsigned long long>(s.st_size);
}

}  // namespace entitle::batch
