#!/usr/bin/env python3
"""How long `entitle serve` takes to refuse hostile bodies (docs/reliability.md, "Hostile
input costs linear time").

    benchmarks/hostile_body.py --entitle build-release/entitle [--sizes 10000,40000,209714]
        [--timeout 600]

For each size n, POST /v1/evaluate with {"":0,"":0,…} (n times one key) and with
{"a0":0,"a1":0,…} (n distinct keys) to a fresh `entitle serve rules/screening-2024` with
--max-body-bytes 8 MiB (the distinct keys of 209,714 members are over the 1 MiB default);
prints a Markdown table of the status, the message and the time of one request each.
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entitle", required=True)
    ap.add_argument("--sizes", default="10000,40000,209714")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    port = free_port()
    server = subprocess.Popen([args.entitle, "serve", os.path.join(SOURCE, "rules", "screening-2024"),
                               "--port", str(port), "--max-body-bytes", str(8 << 20),
                               "--body-timeout", str(int(args.timeout))],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("the server did not start")
                time.sleep(0.1)
        print("| body | members | bytes | status | message | time |")
        print("|---|---|---|---|---|---|")
        shapes = [("same key", lambda n: "{" + ",".join(['"":0'] * n) + "}"),
                  ("distinct keys", lambda n: "{" + ",".join('"a%d":0' % i for i in range(n)) + "}")]
        for n in [int(x) for x in args.sizes.split(",")]:
            for name, make in shapes:
                body = make(n).encode()
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=args.timeout)
                start = time.monotonic()
                c.request("POST", "/v1/evaluate", body=body,
                          headers={"Content-Type": "application/json"})
                r = c.getresponse()
                data = r.read()
                took = time.monotonic() - start
                c.close()
                message = json.loads(data)["error"]["message"][:40] if r.status != 200 else ""
                print(f"| {name} | {n:,} | {len(body):,} | {r.status} | `{message}` | "
                      f"{took * 1e3:,.1f} ms |", flush=True)
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
