#include "batch/files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace entitle::batch {

namespace {

// Temporaries the signal handler removes. Paths are copied into fixed buffers so the handler
// reads no memory that a destructor could be freeing.
constexpr int kMaxTemporaries = 8;
constexpr size_t kMaxPath = 4096;
char g_paths[kMaxTemporaries][kMaxPath];
std::atomic<bool> g_used[kMaxTemporaries];

extern "C" void remove_temporaries(int sig) {
  for (int i = 0; i < kMaxTemporaries; ++i)
    if (g_used[i].load()) ::unlink(g_paths[i]);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

int register_temporary(const std::string& path) {
  if (path.size() >= kMaxPath) return -1;
  for (int i = 0; i < kMaxTemporaries; ++i) {
    if (g_used[i].load()) continue;
    std::memcpy(g_paths[i], path.c_str(), path.size() + 1);
    g_used[i].store(true);
    return i;
  }
  return -1;  // more than 8 at once: still removed on every normal exit path
}

void unregister_temporary(int slot) {
  if (slot >= 0) g_used[slot].store(false);
}

// Removes "<folder>/.<name>.<pid>.tmp" files left by runs that were killed (SIGKILL cannot
// be caught), when no process <pid> is running any more.
void remove_orphans(const std::filesystem::path& folder, const std::string& name) {
  const std::string prefix = "." + name + ".";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(
           folder.empty() ? std::filesystem::path(".") : folder, ec)) {
    const std::string file = entry.path().filename().string();
    if (!file.starts_with(prefix) || !file.ends_with(".tmp")) continue;
    const std::string pid = file.substr(prefix.size(), file.size() - prefix.size() - 4);
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH)
      std::filesystem::remove(entry.path(), ec);
  }
}

std::string system_error(const std::string& what, const std::string& path) {
  return path + ": " + what + ": " + std::strerror(errno);
}

}  // namespace

void install_signal_cleanup() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_temporaries);
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  const std::filesystem::path p(path_);
  const std::filesystem::path folder = p.parent_path();
  remove_orphans(folder, p.filename().string());
  temp_ = (folder / ("." + p.filename().string() + "." + std::to_string(::getpid()) + ".tmp"))
              .string();
  slot_ = register_temporary(temp_);
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    unregister_temporary(slot_);
    throw std::invalid_argument(system_error("cannot create the output file", temp_));
  }
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
  unregister_temporary(slot_);
}

void AtomicFile::write(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(system_error("cannot write", temp_));
    }
    data.remove_prefix(static_cast<size_t>(n));
    written_ += static_cast<unsigned long long>(n);
  }
  start_writeback();
}

// commit()'s fsync waits for every byte not yet on disk, after all rows are done: a serial
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

void AtomicFile::commit() {
  if (::fsync(fd_) != 0) throw std::runtime_error(system_error("cannot sync", temp_));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw std::runtime_error(system_error("cannot close", temp_));
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error(system_error("cannot rename into place", path_));
  temp_.clear();
  unregister_temporary(slot_);
  slot_ = -1;
  // The rename is durable only once the folder is synced too.
  std::string folder = std::filesystem::path(path_).parent_path().string();
  if (folder.empty()) folder = ".";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void remove_stale(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    throw std::invalid_argument(system_error("cannot remove the previous output", path));
}

std::string sibling_path(const std::string& path, std::string_view suffix) {
  std::filesystem::path p(path);
  return (p.parent_path() / (p.stem().string() + std::string(suffix))).string();
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

unsigned long long file_size(const std::string& path) {
  struct stat s {};
  if (::stat(path.c_str(), &s) != 0 || !S_ISREG(s.st_mode)) return 0;
  return static_cast<unsigned long long>(s.st_size);
}

}  // namespace entitle::batch
