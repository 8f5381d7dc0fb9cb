// The output files of one batch::run or batch::diff, replaced together once the run succeeds.
//
// Until commit() nothing under an output name changes: a run that fails (a bad row is not a
// failure; a full disk, a write error, an exception are), is stopped with Ctrl-C or SIGTERM,
// or is killed leaves the previous output, rejects and summary files byte for byte, and only
// temporaries beside them (files.hpp), which the next run in that folder removes. commit()
// first syncs every temporary (the slow step, and the one a full disk fails), then renames
// them over their names in one short step with signals held, the first file opened (the
// main output) last, so a main output that is new means its rejects and summary are too.
// As `install`, rsync and databases do: write a temporary beside it, fsync, rename, fsync
// the folder.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "batch/files.hpp"

namespace entitle::batch {

class AtomicOutput {
 public:
  AtomicOutput() = default;
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput();  // without commit(): the temporaries are removed, nothing else changes

  // A temporary for `path` that commit() renames over it, after removing the temporaries
  // that killed runs left in its folder. Throws FileError (run.hpp) when it cannot be made.
  AtomicFile& open(const std::string& path);

  // commit() removes `path` rather than replacing it: a file of an earlier run that this
  // run has no counterpart for (its rejects, when this run has none). The temporary opened
  // for it, if any, is discarded (a reference open() gave for it is then invalid).
  void remove_at_commit(const std::string& path);

  // Syncs, then renames and removes as above, then syncs the folders. Throws OutputError
  // naming the file; a failed sync changes nothing under the output names.
  void commit();

 private:
  std::vector<std::unique_ptr<AtomicFile>> files_;
  std::vector<std::string> removals_;
};

}  // namespace entitle::batch
