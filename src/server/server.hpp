// `entitle serve`: the REST service over one rule set folder (docs/rest.md).
#pragma once

#include <iosfwd>

#include "entitle/diagnostics.hpp"
#include "server/server_config.hpp"

namespace entitle::server {

// How startup problems in rule files are printed (the runner shows source lines and carets).
using DiagnosticsPrinter = void (*)(std::ostream& err, const Diagnostics& diagnostics);

// Loads the rule set, listens, prints "listening on http://HOST:PORT" on `out`, and serves
// until SIGTERM or SIGINT; then stops accepting, lets requests in flight finish, and
// returns 0. Returns 1 when the rule set does not load or the drain had to be cut short
// (drain_timeout, or a second signal); 2 for an address it cannot listen on or another
// setup error (messages on `err`).
int run_server(const ServerConfig& config, std::ostream& out, std::ostream& err,
               DiagnosticsPrinter print);

}  // namespace entitle::server
