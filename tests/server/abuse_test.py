"""Abusive clients (issue 7, part 8): hundreds of idle and slow-header connections do not stop
the service from answering others, and every refused request gets its 4xx and a closed
connection. How long answers take under abuse is measured by benchmarks/server_load.py, not
here (speed is never a unit test)."""
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import (error_of, example_person, main, metric_value, parse_response,  # noqa: E402
                         raw_exchange)

JSON_HEAD = b"Content-Type: application/json\r\n"


def evaluate_body(ctx):
    return json.dumps({"as_of": "2024-07-01", "record": example_person(ctx)}).encode()


class SlowHeaderClients:
    """`n` connections each sending its request head one byte at a time, never finishing it."""

    def __init__(self, server, n, interval):
        self.socks = [server.socket() for _ in range(n)]
        self.head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10000
        self.interval = interval
        self.stop = threading.Event()
        self.cut = 0  # connections the server closed
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        pos = 0
        live = list(self.socks)
        while not self.stop.is_set() and live:
            for s in list(live):
                try:
                    s.sendall(self.head[pos:pos + 1])
                except OSError:
                    live.remove(s)
                    self.cut += 1
            pos = min(pos + 1, len(self.head) - 1)
            self.stop.wait(self.interval)

    def close(self):
        self.stop.set()
        self.thread.join()
        for s in self.socks:
            s.close()


def test_500_idle_and_slow_header_connections_do_not_stop_service(ctx):
    # Defaults (512 connections) except a longer head timeout, so that no abusive connection
    # is cut during the test however slow the machine (sanitizer builds), and no cap per
    # client address: all 500 come from 127.0.0.1, as through a proxy (busy_test.py tests
    # the per-client cap).
    s = ctx.serve("--threads", "2", "--header-timeout", "60", "--max-connections-per-client", "0")
    idle = [s.socket() for _ in range(250)]
    slow = SlowHeaderClients(s, 250, 0.05)
    try:
        # The 500 are all accepted and held before the normal clients start.
        deadline = time.monotonic() + 30
        while metric_value(s.metrics(), "entitle_http_connections_active") < 501:
            assert time.monotonic() < deadline, "the 500 connections were not all accepted"
            time.sleep(0.05)

        body = evaluate_body(ctx)
        expected = s.request("POST", "/v1/evaluate", body, {"Content-Type": "application/json"})
        assert expected[0] == 200, expected
        failures = []

        def client():
            conn = s.connection(timeout=30)
            try:
                for _ in range(50):
                    status, _, data = s.request("POST", "/v1/evaluate", body,
                                                {"Content-Type": "application/json"}, conn=conn)
                    if status != 200 or data != expected[2]:
                        failures.append((status, data[:200]))
            except Exception as e:  # noqa: BLE001 - a failed client is a failed test
                failures.append(repr(e))
            finally:
                conn.close()

        clients = [threading.Thread(target=client) for _ in range(4)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        assert not failures, failures[:3]

        # The abusers were neither served nor dropped: they are all still open.
        text = s.metrics()
        assert metric_value(text, "entitle_http_connections_active") >= 501, text
        assert metric_value(text, "entitle_http_connections_rejected_total") == 0
        assert slow.cut == 0, f"{slow.cut} slow connections were cut before their timeout"
        assert metric_value(text, "entitle_http_requests_total", route="/v1/evaluate",
                            method="POST", status="200") == 201
    finally:
        slow.close()
        for i in idle:
            i.close()


def closed_after_answer(sock, data):
    """Sends data without ending the sending side; the server must answer and close by
    itself (raw_exchange times out otherwise). Returns (status, body)."""
    status, headers, body = parse_response(raw_exchange(sock, data, timeout=20))
    assert headers.get("connection") == "close", headers
    return status, body


def test_refused_requests_get_their_4xx_and_a_closed_connection(ctx):
    s = ctx.serve("--max-body-bytes", "10000", "--max-header-bytes", "4096")
    post = b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\n" + JSON_HEAD
    cases = [
        # A head over the limit, still coming.
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 8000, 431, "headers_too_large"),
        # A body declared over the limit: refused before it is read.
        (post + b"Content-Length: 10001\r\n\r\n{", 413, "body_too_large"),
        # A chunked body streaming past the limit, no end in sight.
        (post + b"Transfer-Encoding: chunked\r\n\r\n" + b"1000\r\n" + b" " * 4096 + b"\r\n" * 1
         + b"1000\r\n" + b" " * 4096 + b"\r\n" + b"1000\r\n" + b" " * 4096 + b"\r\n", 413,
         "body_too_large"),
        # Compressed bodies, by Content-Encoding and by Transfer-Encoding.
        (post + b"Content-Encoding: gzip\r\nContent-Length: 5000\r\n\r\n\x1f\x8b", 415,
         "unsupported_media_type"),
        (post + b"Transfer-Encoding: gzip, chunked\r\n\r\n10\r\n", 415, "unsupported_media_type"),
        # Not HTTP.
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64, 400, "bad_request"),
    ]
    for data, want_status, want_code in cases:
        status, body = closed_after_answer(s.socket(timeout=20), data)
        assert status == want_status and error_of(body)["code"] == want_code, (data[:80], status, body)


def test_chunked_body_that_never_ends_is_cut_off(ctx):
    s = ctx.serve("--body-timeout", "0.5")
    sock = s.socket(timeout=20)
    start = time.monotonic()
    # One chunk, then nothing: neither the next chunk nor the final 0-chunk ever comes.
    answer = raw_exchange(sock, b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\n" + JSON_HEAD +
                          b"Transfer-Encoding: chunked\r\n\r\n5\r\n{\"as_\r\n", timeout=20)
    took = time.monotonic() - start
    assert answer == b"", answer[:200]
    assert 0.4 < took < 10, took
    status, _, _ = s.request("GET", "/healthz")
    assert status == 200


if __name__ == "__main__":
    main(globals())
