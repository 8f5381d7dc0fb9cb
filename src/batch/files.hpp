// Output files that appear whole or not at all, and the names batch derives from --out.
//
// An AtomicFile writes to a temporary in the same folder, then on commit() fsyncs it and
// renames it into place (and fsyncs the folder), so a reader never sees half a file under
// the final name. Destroying an uncommitted AtomicFile removes the temporary, and so does
// SIGINT, SIGTERM or SIGHUP once the program has called install_signal_cleanup(). SIGKILL
// cannot be caught: it leaves the temporary (never the final name), which the next
// AtomicFile for that name removes once its process is gone.
#pragma once

#include <string>
#include <string_view>

namespace entitle::batch {

class AtomicFile {
 public:
  // Creates "<folder>/.<name>.<pid>.tmp". Throws std::invalid_argument when it cannot.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Throws std::runtime_error naming the file (a full disk, say).
  void write(std::string_view data);
  void commit();
  const std::string& path() const { return path_; }

 private:
  void start_writeback();

  std::string path_;
  std::string temp_;
  int fd_ = -1;
  unsigned long long written_ = 0;
  unsigned long long synced_ = 0;  // writeback asked for up to here
  int slot_ = -1;  // in the signal handler's list of temporaries
};

// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporaries of every live
// AtomicFile, then die of the signal as before. The library never calls this itself: a
// host process (Python, a JVM, a server) owns its signals. `entitle batch` and `entitle diff` call it.
void install_signal_cleanup();

// Removes `path` if it exists, so that after a failed run no stale file under that name
// passes for this run's result. Throws std::invalid_argument when it cannot.
void remove_stale(const std::string& path);

// "out/screened.csv" + ".summary.csv" -> "out/screened.summary.csv".
std::string sibling_path(const std::string& path, std::string_view suffix);

// True when both paths name one existing file.
bool same_file(const std::string& a, const std::string& b);

// The size of a regular file, or 0 when unknown.
unsigned long long file_size(const std::string& path);

}  // namespace entitle::batch
