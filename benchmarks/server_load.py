#!/usr/bin/env python3
"""`entitle serve` under load and abuse, on loopback (issue 7, part 8; docs/reliability.md).

    benchmarks/server_load.py --entitle build-release/entitle [--parts wrk,abuse,soak]
        [--wrk-seconds 60] [--abuse-seconds 30] [--soak-seconds 600]

Parts, each against a fresh `entitle serve rules/screening-2024 --threads 2` with the default
limits (abuse: without the per-client cap, as its 500 connections share one address),
POST /v1/evaluate with benchmarks/evaluate.lua:

  wrk    wrk -t2 -c64 for --wrk-seconds: requests/s, latency percentiles; every answer must
         be a 200 (wrk's "Non-2xx" and socket errors absent, and the server's own count of
         200s equal to wrk's request count).
  abuse  wrk -t1 -c8 for --abuse-seconds, first alone, then beside 500 abusive connections
         (250 silent, 250 sending their head a byte every 0.5 s; each reopened when the
         server's 5 s head timeout cuts it): the two latency distributions side by side,
         and how many abusive connections the server cut.
  slowclients
         wrk -t1 -c8 for --abuse-seconds, alone, then while one other address (127.0.0.2)
         holds 900 connections that send half a request head and stop, each reopened as
         soon as the server closes or refuses it: with the default per-client cap (32),
         and again with the cap off (--max-connections-per-client 0, the old behaviour).
  soak   wrk -t1 -c8 for --soak-seconds; the server's resident memory (VmRSS) every 10 s.

Prints one Markdown table per part; exits 1 if any answer was not a 200 or a part failed.
Needs wrk (apt-get install wrk).
"""
import argparse
import os
import re
import selectors
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
LUA = os.path.join(HERE, "evaluate.lua")


class Server:
    def __init__(self, entitle, *args):
        self.proc = subprocess.Popen(
            [entitle, "serve", os.path.join(SOURCE, "rules", "screening-2024"), "--port", "0",
             "--threads", "2", *args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"listening on (http://127\.0\.0\.1:(\d+))", line)
        if not m:
            raise SystemExit(f"server did not start: {line!r}")
        self.url, self.port = m.group(1), int(m.group(2))

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def metrics_text(self):
        """The exposition; empty when the server refuses the request (at its connection cap)."""
        try:
            return urllib.request.urlopen(self.url + "/metrics", timeout=10).read().decode()
        except urllib.error.HTTPError:
            return ""

    def metric(self, name, labels=""):
        text = self.metrics_text()
        if not text:
            return float("nan")
        prefix = f"{name}{{{labels}}} " if labels else f"{name} "
        return sum(float(l[len(prefix):]) for l in text.splitlines() if l.startswith(prefix))

    def evaluations(self):
        """(answered 200, answered anything) on POST /v1/evaluate, by the server's count."""
        text = self.metrics_text()
        ok = every = 0.0
        for m in re.finditer(r'^entitle_http_requests_total\{route="/v1/evaluate",method="POST",'
                             r'status="(\d+)"\} (\S+)$', text, re.M):
            every += float(m.group(2))
            ok += float(m.group(2)) if m.group(1) == "200" else 0
        return ok, every

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)


def wrk(url, threads, connections, seconds):
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-s", LUA, url + "/v1/evaluate"], capture_output=True, text=True,
                         check=True).stdout
    r = {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
         "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
         "non2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0,
         "socket_errors": (m.group(0) if (m := re.search(r"Socket errors:.*", out)) else "none")}
    for p in ("50", "75", "90", "99"):
        r["p" + p] = re.search(rf"^\s+{p}%\s+(\S+)", out, re.M).group(1)
    return r


def check_all_ok(r, counts, connections, label):
    """wrk saw no error, and the server answered nothing but 200s: as many as wrk counted,
    plus at most one per connection (answers still in flight when wrk's clock stopped)."""
    ok, every = counts
    good = (r["non2xx"] == 0 and r["socket_errors"] == "none" and ok == every
            and r["requests"] <= ok <= r["requests"] + connections)
    if not good:
        print(f"FAILED ({label}): non-2xx {r['non2xx']}, socket errors {r['socket_errors']}, "
              f"server answered {every:.0f}, {ok:.0f} of them 200, for {r['requests']} requests "
              "wrk counted", file=sys.stderr)
    return good


def part_wrk(args):
    s = Server(args.entitle)
    try:
        r = wrk(s.url, 2, 64, args.wrk_seconds)
        ok = check_all_ok(r, s.evaluations(), 64, "wrk")
    finally:
        s.stop()
    print(f"\n### wrk -t2 -c64 -d{args.wrk_seconds}s, POST /v1/evaluate\n")
    print("| requests | requests/s | p50 | p75 | p90 | p99 | non-2xx | socket errors |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {r['requests']} | {r['rps']:.0f} | {r['p50']} | {r['p75']} | {r['p90']} | {r['p99']} "
          f"| {r['non2xx']} | {r['socket_errors']} |")
    return ok


class Abusers:
    """500 connections that never finish a request: half silent, half trickling their head.
    Each one the server closes is opened again, so 500 stay open throughout."""

    def __init__(self, port, silent=250, slow=250, interval=0.5, source=None, first=b""):
        self.port, self.interval, self.source, self.first = port, interval, source, first
        self.head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 15000
        self.sel = selectors.DefaultSelector()
        self.cut = 0
        self.refused = 0  # answered (429/503) instead of held
        self.stop_flag = threading.Event()
        self.slow = {}
        for i in range(silent + slow):
            self.open(trickle=i >= silent)
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def open(self, trickle):
        s = socket.create_connection(("127.0.0.1", self.port),
                                     source_address=(self.source, 0) if self.source else None)
        if self.first:
            s.sendall(self.first)
        s.setblocking(False)
        self.sel.register(s, selectors.EVENT_READ, trickle)
        if trickle:
            self.slow[s] = 0

    def run(self):
        next_trickle = time.monotonic()
        while not self.stop_flag.is_set():
            for key, _ in self.sel.select(timeout=0.05):
                try:
                    data = key.fileobj.recv(65536)
                except OSError:
                    data = b""
                if data:  # refused at a cap: the end follows
                    self.refused += 1
                    continue
                # Closed by the server: replace it.
                self.close_one(key.fileobj)
                self.cut += 1
                self.open(trickle=key.data)
            if time.monotonic() >= next_trickle:
                next_trickle += self.interval
                for s, pos in list(self.slow.items()):
                    try:
                        s.send(self.head[pos:pos + 1])
                        self.slow[s] = min(pos + 1, len(self.head) - 1)
                    except OSError:
                        pass  # the read side sees the close

    def close_one(self, s):
        self.sel.unregister(s)
        self.slow.pop(s, None)
        s.close()

    def stop(self):
        self.stop_flag.set()
        self.thread.join()
        for key in list(self.sel.get_map().values()):
            self.close_one(key.fileobj)


def part_abuse(args):
    s = Server(args.entitle, "--max-connections-per-client", "0")
    try:
        alone = wrk(s.url, 1, 8, args.abuse_seconds)
        ok = check_all_ok(alone, s.evaluations(), 8, "abuse, alone")
        before = s.evaluations()
        abusers = Abusers(s.port)
        time.sleep(1)
        active = s.metric("entitle_http_connections_active")
        beside = wrk(s.url, 1, 8, args.abuse_seconds)
        abusers.stop()
        after = s.evaluations()
        ok = check_all_ok(beside, (after[0] - before[0], after[1] - before[1]), 8,
                          "abuse, beside 500") and ok
        rejected = s.metric("entitle_http_connections_rejected_total")
    finally:
        s.stop()
    print(f"\n### wrk -t1 -c8 -d{args.abuse_seconds}s alone, then beside 500 idle and slow-header "
          "connections\n")
    print("| run | requests/s | p50 | p90 | p99 | non-2xx | socket errors |")
    print("|---|---|---|---|---|---|---|")
    for name, r in (("alone", alone), ("beside 500 abusive connections", beside)):
        print(f"| {name} | {r['rps']:.0f} | {r['p50']} | {r['p90']} | {r['p99']} | {r['non2xx']} "
              f"| {r['socket_errors']} |")
    print(f"\nOpen connections while abused: {active:.0f} (the server's gauge, its own /metrics "
          f"request included); abusive connections cut by the head timeout and reopened: "
          f"{abusers.cut}; connections refused at the cap: {rejected:.0f}.")
    return ok


def part_slowclients(args):
    half = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Half: "
    rows, ok = [], True
    for label, extra in (("per-client cap 32 (default)", ()),
                         ("cap off (--max-connections-per-client 0)", ("--max-connections-per-client", "0"))):
        s = Server(args.entitle, *extra)
        try:
            if not rows:
                alone = wrk(s.url, 1, 8, args.abuse_seconds)
                ok = check_all_ok(alone, s.evaluations(), 8, "slowclients, alone") and ok
                rows.append(("alone", alone, "", "", ""))
            before = s.evaluations()
            abusers = Abusers(s.port, silent=900, slow=0, source="127.0.0.2", first=half)
            time.sleep(1)
            active = s.metric("entitle_http_connections_active")
            r = wrk(s.url, 1, 8, args.abuse_seconds)
            abusers.stop()
            after = s.evaluations()
            if not extra:
                ok = check_all_ok(r, (after[0] - before[0], after[1] - before[1]), 8, label) and ok
            rows.append((label, r, "refused /metrics" if active != active else f"{active:.0f}",
                         abusers.cut, abusers.refused))
        finally:
            s.stop()
    print(f"\n### wrk -t1 -c8 -d{args.abuse_seconds}s from 127.0.0.1, alone, then while 127.0.0.2 "
          "holds 900 half-sent heads (each reopened when closed or refused)\n")
    print("| run | requests/s | p50 | p90 | p99 | non-2xx | socket errors | open connections | attack connections closed | refused at a cap |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r, active, cut, refused in rows:
        print(f"| {name} | {r['rps']:.0f} | {r['p50']} | {r['p90']} | {r['p99']} | {r['non2xx']} "
              f"| {r['socket_errors']} | {active} | {cut} | {refused} |")
    return ok


def part_soak(args):
    s = Server(args.entitle)
    samples = []
    try:
        start_rss = s.rss_kib()
        runner = threading.Thread(target=lambda: samples.append(("wrk", wrk(s.url, 1, 8, args.soak_seconds))))
        runner.start()
        t0 = time.monotonic()
        rss = []
        while runner.is_alive():
            rss.append((time.monotonic() - t0, s.rss_kib()))
            runner.join(timeout=10)
        end_rss = s.rss_kib()
        r = samples[0][1]
        ok = check_all_ok(r, s.evaluations(), 8, "soak")
    finally:
        s.stop()
    warm = [k for t, k in rss if t >= 30] or [k for _, k in rss]
    print(f"\n### Soak: wrk -t1 -c8 -d{args.soak_seconds}s; server VmRSS every 10 s\n")
    print("| requests | requests/s | p99 | non-2xx | RSS at start | RSS at 30 s | RSS max after 30 s | RSS at end |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {r['requests']} | {r['rps']:.0f} | {r['p99']} | {r['non2xx']} | {start_rss / 1024:.1f} MiB "
          f"| {warm[0] / 1024:.1f} MiB | {max(warm) / 1024:.1f} MiB | {end_rss / 1024:.1f} MiB |")
    print("\nRSS samples (s, MiB): " + ", ".join(f"{t:.0f}: {k / 1024:.1f}" for t, k in rss))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entitle", required=True)
    ap.add_argument("--parts", default="wrk,abuse,slowclients,soak")
    ap.add_argument("--wrk-seconds", type=int, default=60)
    ap.add_argument("--abuse-seconds", type=int, default=30)
    ap.add_argument("--soak-seconds", type=int, default=600)
    args = ap.parse_args()
    parts = {"wrk": part_wrk, "abuse": part_abuse, "slowclients": part_slowclients, "soak": part_soak}
    ok = True
    for name in args.parts.split(","):
        ok = parts[name](args) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
