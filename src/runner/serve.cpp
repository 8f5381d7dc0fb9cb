// `entitle serve RULESET_DIR`: the REST service (src/server/, docs/rest.md).
#include <CLI/CLI.hpp>
#include <iostream>

#include "runner/common.hpp"
#include "runner/subcommands.hpp"
#include "server/server.hpp"

namespace entitle::runner {

namespace {

// Seconds on the command line, milliseconds inside; fractions allowed (tests use 0.5).
CLI::Option* add_seconds(CLI::App* cmd, const std::string& name, std::chrono::milliseconds& target,
                         const std::string& help) {
  const double seconds = std::chrono::duration<double>(target).count();
  return cmd
      ->add_option_function<double>(
          name,
          [&target](double s) {
            target = std::chrono::milliseconds(static_cast<int64_t>(s * 1000));
          },
          help)
      ->default_val(seconds)
      ->check(CLI::Range(0.001, 86400.0));
}

}  // namespace

void add_serve(CLI::App& app, int& exit_code) {
  auto c = std::make_shared<server::ServerConfig>();
  server::Limits& l = c->limits;
  auto* cmd = app.add_subcommand("serve", "Serve a rule set over HTTP (JSON REST API)");
  cmd->add_option("RULESET_DIR", c->ruleset_dir, "Rule-set folder")->required();
  cmd->add_option("--host", c->host, "Address to listen on (loopback unless you mean otherwise)")
      ->capture_default_str();
  cmd->add_option("--port", c->port, "Port; 0 picks a free one (printed on standard output)")
      ->capture_default_str();
  cmd->add_option("--threads", c->threads,
                  "Evaluation workers (default: one per core); connections and /healthz, "
                  "/metrics have a thread of their own")
      ->check(CLI::Range(0u, 256u));
  cmd->add_option("--admin-token-file", c->admin_token_file,
                  "File holding the bearer token for POST /v1/admin/reload (without it, reload "
                  "is disabled)");
  cmd->add_option("--access-log", c->access_log,
                  "Write one JSON line per request to this file, or - for standard output");
  cmd->add_option("--max-body-bytes", l.max_body_bytes, "Largest request body (413 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));
  cmd->add_option("--max-header-bytes", l.max_header_bytes, "Largest request head (431 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{256}, size_t{1} << 20));
  cmd->add_option("--max-json-depth", l.max_json_depth, "Deepest JSON nesting (400 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{2}, size_t{1000}));
  cmd->add_option("--max-batch-records", l.max_batch_records,
                  "Most records in one batch request (413 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  cmd->add_option("--max-connections", l.max_connections, "Most open connections (503 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  cmd->add_option("--max-connections-per-client", l.max_connections_per_client,
                  "Most open connections from one client address (429 beyond); 0: no cap, "
                  "for a reverse proxy in front")
      ->capture_default_str()
      ->check(CLI::Range(size_t{0}, size_t{1000000}));
  cmd->add_option("--max-queued-requests", l.max_queued_requests,
                  "Most requests waiting for an evaluation worker (503 overloaded beyond)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{0}, size_t{1000000}));
  add_seconds(cmd, "--request-budget", l.request_budget,
              "Seconds an evaluation or reload request may take, waiting for a worker "
              "included (503 budget_exceeded beyond)");
  add_seconds(cmd, "--header-timeout", l.header_timeout,
              "Seconds to receive a whole request head (from the connection, for a new one)");
  add_seconds(cmd, "--body-timeout", l.body_timeout, "Seconds to receive a request body");
  add_seconds(cmd, "--write-timeout", l.write_timeout, "Seconds for the client to take a response");
  add_seconds(cmd, "--idle-timeout", l.idle_timeout, "Seconds a kept-alive connection may idle");
  add_seconds(cmd, "--drain-timeout", l.drain_timeout,
              "Seconds requests in flight get after SIGTERM/SIGINT");
  cmd->footer(
      "Example:\n"
      "  entitle serve rules/screening-2024 --port 8080\n"
      "  listening on http://127.0.0.1:8080\n"
      "  curl -s localhost:8080/v1/evaluate -H 'Content-Type: application/json' \\\n"
      "       -d "
      "'{\"as_of\":\"2024-07-01\",\"record\":{\"id\":\"P1\",\"birth_date\":\"1964-07-02\",...}}'\n"
      "Routes, limits, reload and metrics: docs/rest.md. SIGTERM or SIGINT drains and exits 0.\n"
      "Exit status: 0 after a clean shutdown, 1 if the rule set does not load or the drain was\n"
      "cut short, 2 for a usage error or an address that cannot be listened on.");
  cmd->callback([c, &exit_code] {
    exit_code = server::run_server(*c, std::cout, std::cerr, print_diagnostics);
  });
}

}  // namespace entitle::runner
