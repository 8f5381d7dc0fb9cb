#include "batch/output_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "batch/run.hpp"

namespace entitle::batch {

AtomicOutput::~AtomicOutput() = default;

AtomicFile& AtomicOutput::open(const std::string& path) {
  try {
    remove_orphans(path);
    files_.push_back(std::make_unique<AtomicFile>(path));
  } catch (const std::invalid_argument& e) {
    throw FileError(path, e.what());
  }
  return *files_.back();
}

void AtomicOutput::remove_at_commit(const std::string& path) {
  std::erase_if(files_, [&](const auto& f) { return f->path() == path; });
  removals_.push_back(path);
}

void AtomicOutput::commit() {
  for (const auto& f : files_) f->sync();
  {
    const HoldSignals hold;
    for (const std::string& path : removals_)
      if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        const std::string why = std::strerror(errno);
        throw OutputError(path, path + ": cannot remove the previous file: " + why);
      }
    for (auto f = files_.rbegin(); f != files_.rend(); ++f) (*f)->install();
  }
  std::vector<std::string> paths = removals_;  // the folders changed: one fsync each
  for (const auto& f : files_) paths.push_back(f->path());
  std::vector<std::string> synced;
  for (const std::string& path : paths) {
    const std::string folder = path.substr(0, path.find_last_of('/') + 1);
    if (std::find(synced.begin(), synced.end(), folder) != synced.end()) continue;
    synced.push_back(folder);
    sync_folder(path);
  }
}

}  // namespace entitle::batch
