// Output files that appear whole or not at all, and the names batch derives from --out.
//
// An AtomicFile writes to a temporary in the same folder; nothing under the final name
// changes until the temporary is synced and renamed over it, so a reader sees the previous
// file or the new one whole, never half a file, and a run that fails keeps the previous one.
// AtomicOutput (output_file.hpp) puts the several files of one run in place together.
//
// Destroying an uncommitted AtomicFile removes the temporary, and so does SIGINT, SIGTERM or
// SIGHUP once the program has called install_signal_cleanup(). SIGKILL cannot be caught: it
// leaves the temporary, which the next run writing into that folder removes
// (remove_orphans) once its process is gone.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace entitle::batch {

// Writing, syncing or renaming an output failed midway (a full disk, say). The message
// names the output file, the step and the system's reason.
struct OutputError : std::runtime_error {
  OutputError(std::string path, const std::string& message)
      : std::runtime_error(message), path(std::move(path)) {}
  std::string path;  // the output file (not its temporary)
};

class AtomicFile {
 public:
  // Creates "<folder>/.<name>.entitle-<host>.<pid>.<n>.tmp" (n counts this process's
  // temporaries). Throws std::invalid_argument when it cannot.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Throws OutputError (a full disk, say).
  void write(std::string_view data);
  // Flushes the temporary to disk and closes it. Throws OutputError.
  void sync();
  // Renames the synced temporary over the final name. Throws OutputError.
  void install();
  // sync(), install(), then sync the folder so that the rename is durable too.
  void commit();
  const std::string& path() const { return path_; }
  const std::string& temporary() const { return temp_; }

 private:
  void start_writeback();
  [[noreturn]] void fail(const char* what) const;  // with errno's reason

  std::string path_;
  std::string temp_;
  int fd_ = -1;
  bool installed_ = false;
  unsigned long long written_ = 0;
  unsigned long long synced_ = 0;  // writeback asked for up to here
  int slot_ = -1;                  // in the signal handler's list of temporaries
};

// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporaries of every live
// AtomicFile, then die of the signal as before, and ignores SIGXFSZ, so that a file-size
// limit (ulimit -f) fails the write with EFBIG and a message instead of killing the process.
// The library never calls this itself: a host process (Python, a JVM, a server) owns its
// signals. `entitle batch` and `entitle diff` call it.
void install_signal_cleanup();

// While one exists, those handlers wait: a signal that arrives is acted on when the last
// HoldSignals ends. AtomicOutput holds them while it renames a run's files into place, so
// Ctrl-C cannot leave half of them new (a few renames: microseconds).
class HoldSignals {
 public:
  HoldSignals();
  ~HoldSignals();
  HoldSignals(const HoldSignals&) = delete;
  HoldSignals& operator=(const HoldSignals&) = delete;
};

// Removes the temporaries that killed runs left in the folder of `path`: this host's
// ".*.entitle-<host>.<pid>.<n>.tmp" whose process <pid> is gone (a live run's, another
// host's on a shared folder, are kept), and the ".<name>.<pid>.tmp" of older versions for
// `path`'s own name.
void remove_orphans(const std::string& path);

// Syncs the folder holding `path`, which makes a rename or removal there durable.
void sync_folder(const std::string& path);

// "out/screened.csv" + ".summary.csv" -> "out/screened.summary.csv".
std::string sibling_path(const std::string& path, std::string_view suffix);

// True when both paths name one existing file.
bool same_file(const std::string& a, const std::string& b);

// The size of a regular file, or 0 when unknown.
unsigned long long file_size(const std::string& path);

}  // namespace entitle::batch
