// `entitle test --update`: golden reset of the cases marked `update: true`. Only their
// `outputs:` blocks are rewritten with the actual outputs; the rest of the file (comments,
// order, spacing, other cases) stays byte for byte as written.
#pragma once

#include <string>
#include <vector>

#include "runner/test_run.hpp"

namespace entitle::runner {

// Rewrites the given outputs blocks of `path` in place (through a temporary file and a
// rename). A block keeps its style: a flow map stays `{a: 1, b: 2}` on one line, a block
// map stays one `name: value` line per output at its indentation. Throws
// std::runtime_error when the file cannot be read or written, or a block is not where the
// reader saw it.
void rewrite_outputs(const std::string& path, std::vector<OutputsUpdate> updates);

}  // namespace entitle::runner
