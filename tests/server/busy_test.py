"""Slow clients and busy workers (docs/reliability.md, "Slow clients and busy workers"): no
single request and no single client can take the service down.

- Evaluation runs on the workers, connections on a thread of their own: with every worker
  held, /healthz and /metrics still answer at once, and past the queue a request is refused
  503 overloaded at once.
- A request over its budget is answered 503 budget_exceeded and its worker is free again.
- One client address cannot hold more than --max-connections-per-client connections, so
  another address is served while it tries; a head that does not arrive whole within
  --header-timeout is cut off.

Workers are held by making each record slow with the test-only variable
ENTITLE_SERVE_TEST_RECORD_DELAY_MS (src/server/app.hpp). Waits are for what /metrics says
(workers busy, requests queued), never for a fixed time; every loop has a deadline. On
loopback every client is 127.0.0.1; the "other client" binds its socket to 127.0.0.2."""
import json
import os
import select
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import (AS_OF, error_of, example_person, main, metric_value,  # noqa: E402
                         parse_response, people, raw_exchange)

OTHER = "127.0.0.2"  # another client address; all of 127/8 is loopback on Linux
HALF_HEAD = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Half: "


def wait_for_metric(s, name, value, seconds=30, **labels):
    """Polls /metrics until `name` equals `value`; the exposition then."""
    deadline = time.monotonic() + seconds
    while True:
        text = s.metrics(source=OTHER)
        if metric_value(text, name, **labels) == value:
            return text
        assert time.monotonic() < deadline, f"{name} never reached {value}:\n{text}"
        time.sleep(0.02)


def timed_get(s, path):
    start = time.monotonic()
    status, _, body = s.request("GET", path, source=OTHER)
    return status, body, time.monotonic() - start


class Background:
    """A request on a thread of its own; .result() waits for (status, headers, body)."""

    def __init__(self, s, path, body):
        self.answer = None
        self.thread = threading.Thread(target=self.run, args=(s, path, body))
        self.thread.start()

    def run(self, s, path, body):
        try:
            conn = s.connection(timeout=60)
            self.answer = s.request("POST", path, body, conn=conn)
            conn.close()
        except Exception as e:  # noqa: BLE001 - reported by result()
            self.answer = e

    def result(self):
        self.thread.join(timeout=90)
        assert not self.thread.is_alive(), "a background request never finished"
        assert not isinstance(self.answer, Exception), repr(self.answer)
        return self.answer


def closed_after(sock, seconds):
    """Seconds until the server closed the connection without answering, or None."""
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


def test_healthz_and_metrics_answer_while_every_worker_is_busy(ctx):
    # Two workers, one queue place; each batch record takes 100 ms: a 30-record batch holds
    # its worker for 3 s.
    s = ctx.serve("--threads", "2", "--max-queued-requests", "1", "--request-budget", "60",
                  env={"ENTITLE_SERVE_TEST_RECORD_DELAY_MS": "100"})
    batch = {"as_of": AS_OF, "records": people(30, seed=11)}
    slow = [Background(s, "/v1/evaluate/batch", batch) for _ in range(2)]
    wait_for_metric(s, "entitle_workers_busy", 2)

    # Every worker is busy: the cheap routes are answered on the connection thread.
    took = []
    for path in ["/healthz", "/metrics", "/readyz", "/healthz", "/healthz"]:
        status, body, seconds = timed_get(s, path)
        assert status == 200, (path, status, body)
        took.append(seconds)
    assert statistics.median(took) < 0.1, took  # the batches still have seconds to go
    assert max(took) < 1.0, took
    text = s.metrics(source=OTHER)
    assert metric_value(text, "entitle_workers_busy") == 2, "the workers were not busy throughout"

    # One more request takes the queue place; the next is refused at once, not queued.
    queued = Background(s, "/v1/evaluate", {"as_of": AS_OF, "record": example_person(ctx)})
    wait_for_metric(s, "entitle_requests_queued", 1)
    start = time.monotonic()
    status, headers, body = s.request("POST", "/v1/evaluate",
                                      {"as_of": AS_OF, "record": example_person(ctx)}, source=OTHER)
    assert time.monotonic() - start < 1.0
    assert status == 503 and error_of(body)["code"] == "overloaded", (status, body)
    assert headers["retry-after"] == "1", headers

    # Nothing was lost: the held requests are answered in full.
    for b in slow:
        status, _, data = b.result()
        doc = json.loads(data)
        assert status == 200 and doc["count"] == 30 and doc["failed"] == 0, (status, data[:300])
    status, _, data = queued.result()
    assert status == 200, data[:300]
    assert data.decode() == ctx.eval(example_person(ctx))
    text = s.metrics(source=OTHER)
    assert metric_value(text, "entitle_requests_shed_total", reason="overloaded") == 1, text
    assert metric_value(text, "entitle_workers_busy") == 0
    assert metric_value(text, "entitle_requests_queued") == 0


def test_request_over_its_budget_is_503_and_frees_the_worker(ctx):
    # One worker, a budget of 0.5 s, 100 ms a record: a 50-record batch would take 5 s.
    s = ctx.serve("--threads", "1", "--request-budget", "0.5",
                  env={"ENTITLE_SERVE_TEST_RECORD_DELAY_MS": "100"})
    start = time.monotonic()
    status, _, body = s.request("POST", "/v1/evaluate/batch", {"as_of": AS_OF, "records": people(50, seed=3)})
    took = time.monotonic() - start
    e = error_of(body)
    assert status == 503 and e["code"] == "budget_exceeded", (status, body)
    assert "500 ms" in e["message"] and "records[" in e["message"], e
    assert took < 3.0, f"the budget did not stop the batch: {took:.2f} s"
    # The worker is free at once: a request within the budget is answered.
    text = s.metrics()
    assert metric_value(text, "entitle_workers_busy") == 0, text
    assert metric_value(text, "entitle_requests_shed_total", reason="budget_exceeded") == 1, text
    status, _, data = s.request("POST", "/v1/evaluate", {"as_of": AS_OF, "record": example_person(ctx)})
    assert status == 200 and data.decode() == ctx.eval(example_person(ctx)), (status, data[:300])


def test_budget_stops_a_real_batch_without_fault_injection(ctx):
    # No delay: 1000 records with explanations take well over a millisecond on any machine.
    s = ctx.serve("--threads", "1", "--request-budget", "0.001", "--max-body-bytes", str(8 << 20))
    body = {"as_of": AS_OF, "explain": True, "records": people(1000, seed=5)}
    status, _, data = s.request("POST", "/v1/evaluate/batch", body)
    assert status == 503 and error_of(data)["code"] == "budget_exceeded", (status, data[:300])
    status, _, _ = s.request("GET", "/healthz")
    assert status == 200


def test_one_address_at_its_connection_cap_does_not_stop_another(ctx):
    # Without the per-client cap the 200 half-heads from 127.0.0.1 would hold all 64
    # connections, and 127.0.0.2 would get 503 until the head timeout.
    s = ctx.serve("--max-connections", "64", "--max-connections-per-client", "32",
                  "--header-timeout", "60")
    # One after another, as an attacker reopening them would: the first 32 are held (the
    # kernel hands connections over in order); each later one is answered 429 and closed at
    # once, without waiting for the rest of its head.
    held = []
    for i in range(200):
        sock = s.socket(timeout=10)
        sock.sendall(HALF_HEAD)
        if i < 32:
            held.append(sock)
            continue
        start = time.monotonic()
        raw = raw_exchange(sock, b"", timeout=10)
        took = time.monotonic() - start
        sock.close()
        status, headers, body = parse_response(raw)
        assert status == 429 and error_of(body)["code"] == "too_many_connections", (i, raw[:300])
        assert headers["connection"] == "close" and headers["retry-after"] == "1", headers
        assert took < 2.0, f"connection {i} over the cap took {took:.2f} s to be closed"
    attack = held
    readable, _, _ = select.select(held, [], [], 0)
    assert not readable, "a held connection was answered or closed"
    try:
        # Another address is served, every route, while the 32 are held.
        person = example_person(ctx)
        status, _, data = s.request("POST", "/v1/evaluate", {"as_of": AS_OF, "record": person}, source=OTHER)
        assert status == 200 and data.decode() == ctx.eval(person), (status, data[:300])
        status, _, _ = s.request("GET", "/healthz", source=OTHER)
        assert status == 200
        # The attacker's next connection is still refused.
        status, _, body = parse_response(raw_exchange(s.socket(), HALF_HEAD))
        assert status == 429, body
        # The 32 held and the /metrics request itself (the connections of the requests
        # above close as the server reads their end).
        text = wait_for_metric(s, "entitle_http_connections_active", 33)
        assert metric_value(text, "entitle_http_connections_rejected_per_client_total") == 169, text
        assert metric_value(text, "entitle_http_connections_rejected_total") == 0, text
    finally:
        for sock in attack:
            sock.close()
    # Its connections closed, the address is served again.
    wait_for_metric(s, "entitle_http_connections_active", 1)
    status, _, _ = s.request("GET", "/healthz")
    assert status == 200


def test_half_sent_head_is_closed_at_the_header_deadline(ctx):
    s = ctx.serve("--header-timeout", "0.5", "--idle-timeout", "30")
    # A new connection: the deadline runs from the connection.
    sock = s.socket()
    sock.sendall(HALF_HEAD)
    took = closed_after(sock, 10)
    assert took is not None and 0.3 < took < 4.0, took
    # A kept-alive one: from the first byte of its next request, not from the last answer.
    sock = s.socket()
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    first = b""
    while b'{"status":"ok"}' not in first:
        chunk = sock.recv(65536)
        assert chunk, first
        first += chunk
    time.sleep(0.8)  # idle, longer than the head timeout: still open (idle timeout 30 s)
    sock.sendall(HALF_HEAD)
    took = closed_after(sock, 10)
    assert took is not None and 0.3 < took < 4.0, took
    status, _, _ = s.request("GET", "/healthz")
    assert status == 200


def test_default_head_and_idle_deadlines_are_5_seconds(ctx):
    s = ctx.serve()
    half = s.socket()
    half.sendall(HALF_HEAD)
    idle = s.socket()
    idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    first = b""
    while b'{"status":"ok"}' not in first:
        chunk = idle.recv(65536)
        assert chunk, first
        first += chunk
    answered = time.monotonic()
    took = closed_after(half, 20)
    assert took is not None and 4.0 < took < 9.0, took
    assert closed_after(idle, 20) is not None  # its 5 s ran alongside
    took = time.monotonic() - answered
    assert 4.0 < took < 9.0, took


if __name__ == "__main__":
    main(globals())
