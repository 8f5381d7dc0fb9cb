"""Shared helpers for the end-to-end tests of `entitle serve` (python3 standard library only).

ctest runs each test function on its own:
    python3 <file>_test.py --entitle BIN --source REPO --work DIR --test test_name
Every test starts its own server on --port 0 (loopback), so tests run in parallel and a
failure leaves nothing behind. A test fails by raising (an assert with a message).
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback

AS_OF = "2024-07-01"
JSON = {"Content-Type": "application/json"}


class Context:
    def __init__(self, args):
        self.entitle = args.entitle
        self.source = args.source
        self.work = args.work
        self.rules = os.path.join(args.source, "rules", "screening-2024")
        self.servers = []
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)

    def path(self, name):
        return os.path.join(self.work, name)

    def serve(self, *args, rules=None, wait=True, port=0, cwd=None, env=None):
        """Starts `entitle serve` on a free loopback port (or `port`); returns the Server.
        `env`: variables added to the server's environment."""
        s = Server(self, rules or self.rules, list(args), wait, port, cwd, env)
        self.servers.append(s)
        return s

    def eval(self, record, *args, as_of=AS_OF):
        """`entitle eval` of one record: its stdout (the decisions JSON) without the newline."""
        path = self.path("record-%d.json" % random.getrandbits(48))
        with open(path, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        p = subprocess.run([self.entitle, "eval", self.rules, "--as-of", as_of, *args, path],
                           capture_output=True, text=True, timeout=30)
        assert p.returncode == 0, f"entitle eval failed: {p.stderr}"
        return p.stdout.rstrip("\n")

    def cleanup(self):
        for s in self.servers:
            s.kill()


class Server:
    def __init__(self, ctx, rules, args, wait, port, cwd, env=None):
        n = len(ctx.servers)
        self.stdout_path = ctx.path(f"server{n}.stdout")
        self.stderr_path = ctx.path(f"server{n}.stderr")
        self.stdout = open(self.stdout_path, "wb")
        self.stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([ctx.entitle, "serve", rules, "--port", str(port), *args],
                                     stdout=self.stdout, stderr=self.stderr, cwd=cwd,
                                     env={**os.environ, **env} if env else None)
        self.port = None
        if wait:
            self.wait_listening()

    def wait_listening(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.stdout_path, encoding="utf-8") as f:
                first = f.readline()
            if first.startswith("listening on http://127.0.0.1:") and first.endswith("\n"):
                self.port = int(first.rsplit(":", 1)[1])
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}: {self.err_text()}")
            time.sleep(0.02)
        raise AssertionError("server did not print its address")

    def err_text(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def out_text(self):
        with open(self.stdout_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def connection(self, timeout=10, source=None):
        """A connection from 127.0.0.1, or from `source` (another loopback address, such as
        127.0.0.2: on Linux all of 127/8 is loopback), to be another client address."""
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout,
                                          source_address=(source, 0) if source else None)

    def request(self, method, path, body=None, headers=None, conn=None, source=None):
        """(status, headers dict with lower-case names, body bytes) on a new connection
        (from `source`, if given)."""
        own = conn is None
        c = conn or self.connection(source=source)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body, ensure_ascii=False).encode()
                headers = {**JSON, **(headers or {})}
            elif isinstance(body, str):
                body = body.encode()
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if own:
                c.close()

    def get_json(self, path):
        status, headers, data = self.request("GET", path)
        return status, json.loads(data)

    def post_json(self, path, body, headers=None):
        status, h, data = self.request("POST", path, body, {**JSON, **(headers or {})})
        return status, json.loads(data)

    def socket(self, timeout=10, source=None):
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout,
                                        source_address=(source, 0) if source else None)

    def metrics(self, source=None):
        status, _, data = self.request("GET", "/metrics", source=source)
        assert status == 200
        return data.decode()

    def signal(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)

    def wait(self, timeout=20):
        return self.proc.wait(timeout=timeout)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.stdout.close()
        self.stderr.close()


def raw_exchange(sock, data, timeout=10):
    """Sends bytes, then reads until the server closes; returns what came back."""
    sock.settimeout(timeout)
    if data:
        sock.sendall(data)
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def parse_response(raw):
    """(status, headers dict lower-case, body bytes) of the first response in raw bytes."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = body[:int(headers["content-length"])]
    return status, headers, body


def error_of(body):
    """The error object of an error answer, checked for the common shape."""
    doc = json.loads(body)
    assert set(doc) == {"error"}, doc
    e = doc["error"]
    for key in ("code", "message", "field"):
        assert key in e, f"error object without {key}: {e}"
    return e


def metric_value(text, name, **labels):
    """The value of one sample of a Prometheus exposition (0 when absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    prefix = f"{name}{{{want}}} " if labels else f"{name} "
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line[len(prefix):])
    return 0.0


def example_person(ctx):
    with open(os.path.join(ctx.rules, "examples", "person.json"), encoding="utf-8") as f:
        return json.load(f)


GROUPS = ["registered_poor", "dibao", "tekun", "wubao", "low_income_edge"]
EMPLOYMENT = ["employee", "flexible", "farmer", "student", "none"]


def people(n, seed):
    """A deterministic mix of screening-2024 persons: every status, some fields missing."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        p = {
            "id": f"S{seed}-{i}",
            "birth_date": f"{rng.randint(1935, 2005):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "sex": rng.choice("MF"),
            "hukou_local": rng.random() < 0.85,
            "township": rng.choice(["Anle", "Nanhu", "Chengguan"]),
            "groups": rng.sample(GROUPS, rng.choice([0, 1, 1, 2])),
            "employment": rng.choice(EMPLOYMENT),
            "resident_pension_enrolled": rng.random() < 0.5,
            "employee_pension_enrolled": rng.random() < 0.3,
            "receiving_pension": rng.random() < 0.2,
            "contribution_months": rng.randint(0, 480),
            "monthly_wage": f"{rng.randint(0, 3000000) / 100:.2f}",
        }
        if rng.random() < 0.15:  # an undetermined decision or two
            del p[rng.choice(["employment", "groups", "receiving_pension"])]
        out.append(p)
    return out


def main(tests):
    ap = argparse.ArgumentParser()
    ap.add_argument("--entitle", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--test", help="run only this test function")
    args = ap.parse_args()
    names = [args.test] if args.test else sorted(n for n in tests if n.startswith("test_"))
    failed = 0
    for name in names:
        ctx = Context(argparse.Namespace(**{**vars(args), "work": os.path.join(args.work, name)}))
        start = time.monotonic()
        try:
            tests[name](ctx)
            print(f"PASS {name} ({time.monotonic() - start:.2f} s)")
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)
            for i, s in enumerate(ctx.servers):
                print(f"--- server {i} stderr:\n{s.err_text()}")
        finally:
            ctx.cleanup()
    sys.exit(1 if failed else 0)
