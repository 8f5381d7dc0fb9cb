"""SIGTERM and SIGINT: stop accepting, finish the requests in flight, exit 0."""
import json
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import AS_OF, example_person, main, parse_response, raw_exchange  # noqa: E402


def refused(port):
    """No new connection is taken: refused, or reset when the listener closed with this one
    still in its backlog (the kernel resets what was queued but never accepted)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return False
    except (ConnectionRefusedError, ConnectionResetError):
        return True


def half_sent_request(ctx, s):
    """A connection whose request is half-way through its body; returns (socket, the rest).
    The server has read the head when this returns: it answered 100 Continue."""
    body = json.dumps({"as_of": AS_OF, "record": example_person(ctx)}).encode()
    head = (b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body))
    sock = s.socket()
    sock.sendall(head)
    sock.settimeout(10)
    interim = sock.recv(65536)
    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n", interim
    sock.sendall(body[:40])
    return sock, body[40:]


def test_sigterm_finishes_the_request_in_flight_and_exits_0(ctx):
    for sig in (signal.SIGTERM, signal.SIGINT):
        s = ctx.serve()
        busy, rest = half_sent_request(ctx, s)
        idle = s.socket()
        idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        idle.settimeout(5)
        assert idle.recv(65536).startswith(b"HTTP/1.1 200")
        time.sleep(0.2)  # both connections are open and known to the server
        s.signal(sig)
        deadline = time.monotonic() + 5
        while not refused(s.port):  # no new connections
            assert time.monotonic() < deadline, "still accepting after the signal"
            time.sleep(0.02)
        assert idle.recv(65536) == b"", "the idle connection was not closed"
        assert s.proc.poll() is None, "exited before the request in flight was answered"
        status, headers, body = parse_response(raw_exchange(busy, rest))
        assert status == 200, body
        assert headers["connection"] == "close"
        assert json.loads(body)["decisions"], body
        busy.close()
        assert s.wait(timeout=10) == 0, s.err_text()
        assert "drained" in s.err_text()


def test_drain_is_cut_short_after_the_drain_timeout(ctx):
    s = ctx.serve("--drain-timeout", "0.5", "--body-timeout", "30")
    busy, _ = half_sent_request(ctx, s)
    time.sleep(0.2)
    start = time.monotonic()
    s.signal()
    assert s.wait(timeout=10) == 1
    assert time.monotonic() - start < 5
    assert "drain timeout" in s.err_text()
    busy.close()


def test_second_signal_stops_at_once(ctx):
    s = ctx.serve("--drain-timeout", "60", "--body-timeout", "60")
    busy, _ = half_sent_request(ctx, s)
    time.sleep(0.2)
    s.signal()
    time.sleep(0.3)
    assert s.proc.poll() is None
    s.signal(signal.SIGINT)
    assert s.wait(timeout=5) == 1
    busy.close()


if __name__ == "__main__":
    main(globals())
