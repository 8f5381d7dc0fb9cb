"""Slow and greedy clients cannot hold the service: timeouts cut them off, the connection cap
answers 503, and the others are served meanwhile."""
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import (error_of, example_person, main, metric_value, parse_response,  # noqa: E402
                         raw_exchange)


def closed_within(sock, seconds):
    """Seconds until the server closed the connection (reading nothing), or None."""
    sock.settimeout(seconds)
    start = time.monotonic()
    try:
        data = sock.recv(65536)
    except socket.timeout:
        return None
    except ConnectionResetError:
        data = b""
    assert data == b"", f"unexpected answer: {data[:200]!r}"
    return time.monotonic() - start


def test_slow_header_client_is_cut_off(ctx):
    s = ctx.serve("--header-timeout", "0.5")
    slow = s.socket()
    start = time.monotonic()
    # One byte every 100 ms: it would take seconds to finish the head.
    closed = False
    for b in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 40:
        try:
            slow.sendall(bytes([b]))
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        time.sleep(0.1)
        slow.settimeout(0.001)
        try:
            if slow.recv(1) == b"":
                closed = True
                break
        except socket.timeout:
            pass
        except ConnectionResetError:
            closed = True
            break
    elapsed = time.monotonic() - start
    assert closed, "the slow client was never cut off"
    assert 0.4 < elapsed < 4.0, elapsed  # generous: sanitizer builds run this too
    status, _, _ = s.request("GET", "/healthz")  # the others are served
    assert status == 200


def test_silent_connection_is_closed_after_the_header_timeout(ctx):
    s = ctx.serve("--header-timeout", "0.3")
    took = closed_within(s.socket(), 6)
    assert took is not None and 0.2 < took < 4.0, took


def test_idle_keep_alive_connection_is_closed(ctx):
    s = ctx.serve("--idle-timeout", "0.4", "--header-timeout", "5")
    sock = s.socket()
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.1)
    first = sock.recv(65536)
    assert first.startswith(b"HTTP/1.1 200"), first
    took = closed_within(sock, 6)
    assert took is not None and 0.2 < took < 4.0, took


def test_slow_body_client_is_cut_off(ctx):
    s = ctx.serve("--body-timeout", "0.5")
    sock = s.socket()
    sock.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 100\r\n\r\n{\"as_of\":")
    took = closed_within(sock, 6)
    assert took is not None and took < 4.0, took


def test_client_that_never_reads_its_answer_is_cut_off(ctx):
    s = ctx.serve("--write-timeout", "0.5")
    person = json.loads(json.dumps(example_person(ctx)))
    body = json.dumps({"as_of": "2024-07-01", "explain": True, "records": [person] * 1000}).encode()
    sock = s.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the answer (megabytes) cannot fit
    sock.sendall(b"POST /v1/evaluate/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body) + body)
    deadline = time.monotonic() + 10
    while True:  # this connection counts until the write timeout closes it
        active = metric_value(s.metrics(), "entitle_http_connections_active")
        if active == 1 or time.monotonic() > deadline:  # 1: the /metrics request itself
            break
        time.sleep(0.1)
    assert active == 1, "the connection of a client that does not read was kept open"
    sock.close()


def test_connection_cap_answers_503(ctx):
    s = ctx.serve("--max-connections", "3", "--header-timeout", "5")
    held = [s.socket() for _ in range(3)]
    for h in held:  # make sure each is accepted and counted before the next one
        h.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert h.recv(65536).startswith(b"HTTP/1.1 200")
    status, headers, body = parse_response(raw_exchange(s.socket(), b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert status == 503 and error_of(body)["code"] == "overloaded", body
    assert headers["retry-after"] == "1" and headers["connection"] == "close"
    # A slot freed is a slot usable again.
    held.pop().close()
    deadline = time.monotonic() + 5
    while True:
        status, headers, body = parse_response(raw_exchange(s.socket(), b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert status == 200
    assert metric_value(body.decode(), "entitle_http_connections_rejected_total") >= 1
    for h in held:
        h.close()


if __name__ == "__main__":
    main(globals())
