#include "server/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <csignal>
#include <iostream>
#include <optional>
#include <thread>

#include "server/app.hpp"
#include "server/connection_registry.hpp"
#include "server/listener.hpp"
#include "server/router.hpp"
#include "server/worker_pool.hpp"

namespace entitle::server {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kDrainPoll = std::chrono::milliseconds(20);

std::string url_of(const tcp::endpoint& ep) {
  const auto a = ep.address();
  return "http://" + (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" +
         std::to_string(ep.port());
}

// After SIGTERM/SIGINT: stop accepting, close idle connections, wait for busy ones.
class Shutdown {
 public:
  Shutdown(asio::io_context& ioc, App& app, Listener& listener, ConnectionRegistry& registry,
           std::ostream& err)
      : ioc_(ioc), app_(app), listener_(listener), registry_(registry), err_(err),
        strand_(asio::make_strand(ioc)), signals_(strand_, SIGINT, SIGTERM), poll_(strand_) {}

  void arm() {
    signals_.async_wait([this](boost::system::error_code ec, int signal) {
      if (!ec) on_signal(signal);
    });
  }

  bool cut_short() const { return cut_short_; }

 private:
  void on_signal(int signal) {
    if (app_.draining.exchange(true)) {
      err_ << "entitle serve: second signal; stopping without waiting\n";
      cut_short_ = true;
      ioc_.stop();
      return;
    }
    const size_t open = registry_.count();
    err_ << "entitle serve: " << (signal == SIGTERM ? "SIGTERM" : "SIGINT") << ": draining " << open
         << (open == 1 ? " connection\n" : " connections\n");
    deadline_ = Clock::now() + app_.config.limits.drain_timeout;
    listener_.stop();
    registry_.drain_all();
    arm();  // a second signal cuts the drain short
    poll();
  }

  void poll() {
    if (registry_.count() == 0) {
      err_ << "entitle serve: drained; exiting\n";
      signals_.cancel();  // nothing left to wait for: run() returns
      return;
    }
    if (Clock::now() >= deadline_) {
      err_ << "entitle serve: drain timeout; closing " << registry_.count() << " connections\n";
      cut_short_ = true;
      ioc_.stop();
      return;
    }
    poll_.expires_after(kDrainPoll);
    poll_.async_wait([this](boost::system::error_code ec) {
      if (!ec) poll();
    });
  }

  asio::io_context& ioc_;
  App& app_;
  Listener& listener_;
  ConnectionRegistry& registry_;
  std::ostream& err_;
  asio::strand<asio::io_context::executor_type> strand_;  // the handlers below, one at a time
  asio::signal_set signals_;
  asio::steady_timer poll_;
  Clock::time_point deadline_;
  bool cut_short_ = false;
};

tcp::endpoint resolve(asio::io_context& ioc, const ServerConfig& config) {
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(config.host, std::to_string(config.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service);
  return results.begin()->endpoint();
}

// Runs handlers until the context stops; a handler that throws is logged and the loop
// goes on (sessions catch their own errors; this is the last line).
void run_loop(asio::io_context& ioc, std::ostream& err) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      err << "entitle serve: unexpected error in a handler: " << e.what() << '\n';
    } catch (...) {
      err << "entitle serve: unexpected error in a handler\n";
    }
  }
}

}  // namespace

int run_server(const ServerConfig& config, std::ostream& out, std::ostream& err,
               DiagnosticsPrinter print) {
  std::optional<App> constructed;
  try {
    constructed.emplace(config);
  } catch (const std::runtime_error& e) {  // the token file or the access log
    err << "entitle serve: " << e.what() << '\n';
    return 2;
  }
  App& app = *constructed;
  ReloadOutcome first = app.rulesets.reload();
  print(err, first.diagnostics);
  if (!first.ok) return 1;

  const unsigned threads =
      config.threads > 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  // Declared before the context: connections still queued in it when it is destroyed
  // unregister themselves from these.
  const Router router = make_router();
  ConnectionRegistry registry;
  // Connections (reading, writing, timeouts, the cheap routes) run on this thread, the one
  // calling run_server; evaluation runs on the workers. Declared after the context, the
  // workers stop first: no job is left to post its answer to a destroyed context.
  asio::io_context ioc(1);
  WorkerPool workers(threads, config.limits.max_queued_requests);
  std::shared_ptr<Listener> listener;
  try {
    listener =
        std::make_shared<Listener>(ioc, resolve(ioc, config), app, router, registry, workers);
  } catch (const boost::system::system_error& e) {
    err << "entitle serve: cannot listen on " << config.host << ':' << config.port << ": "
        << e.code().message() << '\n';
    return 2;
  }
  Shutdown shutdown(ioc, app, *listener, registry, err);
  shutdown.arm();
  listener->start();
  out << "listening on " << url_of(listener->local_endpoint()) << std::endl;

  run_loop(ioc, err);
  // Drained (no job left), or cut short: jobs running now finish, queued ones are dropped.
  workers.stop();
  return shutdown.cut_short() ? 1 : 0;
}

}  // namespace entitle::server
