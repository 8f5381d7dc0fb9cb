// One client connection: HTTP/1.1 requests read with size limits and timeouts, answered by
// the router, kept alive until idle. Internal to the server (pulls in Asio).
#pragma once

#include <boost/asio/ip/tcp.hpp>

namespace entitle::server {

struct App;
class Router;
class ConnectionRegistry;

// Serves the connection until the client closes it, a timeout cuts it off, or the server
// drains. The session keeps itself alive; the registry knows it.
void start_session(boost::asio::ip::tcp::socket socket, App& app, const Router& router,
                   ConnectionRegistry& registry);

// Over the connection cap: answers 503 (without waiting for the request) and closes.
void reject_connection(boost::asio::ip::tcp::socket socket, App& app);

}  // namespace entitle::server
