"""Hostile request bodies cost linear time (issue "Hostile input costs linear time").

A 1 MiB body of one key repeated, {"":0,"":0,…} (209,714 members), used to be answered
`422 unknown member ''` after 227 s: each member's position was counted from the start of
the body. Timing assertions are fragile, so the shape of the cost is tested instead: the
same hostile body at n and 4n members, the least of five requests each, must cost the server
less than MAX_RATIO times as much CPU (linear is about 4, quadratic 16). The server's CPU time
(every thread's, from /proc/PID/task/*/schedstat, in nanoseconds) is counted, not the wall
clock, which on a loaded machine preempts a long request more often than a short one; under
ASan a linear reader still measures up to about 6 at these sizes (its allocator), so a ratio
over MAX_RATIO fails only when the two also differ by more than NOISE_S (a quadratic reader at
200,000 members differs by minutes). The only absolute bound is a hang guard far above what a
sanitizer build needs.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import JSON, error_of, main  # noqa: E402

HANG_GUARD_S = 10.0
NOISE_S = 0.05
MAX_RATIO = 8


def same_key(n):
    return ("{" + ",".join(['"":0'] * n) + "}").encode()


def distinct_keys(n):
    return ("{" + ",".join('"a%d":0' % i for i in range(n)) + "}").encode()


def record_members(n):
    """A record of n unknown members after its id: the engine's reader refuses the first."""
    members = ",".join('"f%d":0' % i for i in range(n))
    return ('{"as_of":"2024-07-01","record":{"id":"P1",' + members + "}}").encode()


def nested_object(n):
    """An unknown member whose value is an object of n members (skipped, never parsed)."""
    inner = ",".join('"b%d":{"c":[0]}' % i for i in range(n))
    return ('{"lang":"zh","x":{' + inner + "}}").encode()


def timed_post(server, body):
    start = time.monotonic()
    status, _, data = server.request("POST", "/v1/evaluate", body, JSON)
    return time.monotonic() - start, status, data


def server_cpu_seconds(server):
    """CPU time of every thread of the server process so far."""
    task_dir = f"/proc/{server.proc.pid}/task"
    total = 0
    for task in os.listdir(task_dir):
        try:
            with open(f"{task_dir}/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:  # a thread that ended meanwhile
            pass
    return total * 1e-9


def fastest(server, body):
    """The least server CPU time of five refusals of `body`."""
    best = None
    for _ in range(5):
        before = server_cpu_seconds(server)
        took, status, data = timed_post(server, body)
        used = server_cpu_seconds(server) - before
        assert status == 422, (status, data[:300])
        assert took < HANG_GUARD_S, f"a refusal took {took:.1f} s"
        best = used if best is None else min(best, used)
    return best


def test_one_mebibyte_of_one_repeated_key_is_refused_at_once(ctx):
    s = ctx.serve()
    body = same_key(209_714)
    assert len(body) <= 1 << 20, len(body)
    took, status, data = timed_post(s, body)
    assert status == 422, (status, data[:300])
    e = error_of(data)
    assert e["code"] == "invalid_request", e
    assert e["message"].startswith("unknown member ''"), e
    assert e["field"] is None, e  # an empty name is answered as null
    assert (e["line"], e["column"]) == (1, 2), e  # the first member, not the last
    assert took < HANG_GUARD_S, f"refusing the 1 MiB body took {took:.1f} s"


def test_a_long_unknown_key_is_echoed_shortened(ctx):
    s = ctx.serve()
    status, _, data = s.request("POST", "/v1/evaluate",
                                b'{"' + b"k" * 500_000 + b'":0}', JSON)
    assert status == 422, (status, data[:300])
    e = error_of(data)
    assert len(data) < 1000, len(data)
    assert e["field"].endswith("…"), e["field"]


def test_body_time_grows_linearly_with_its_members(ctx):
    # 4n members of the widest shape are over the default 1 MiB limit.
    s = ctx.serve("--max-body-bytes", str(8 << 20))
    n = 50_000
    failures = []
    for name, make in [("same key", same_key), ("distinct keys", distinct_keys),
                       ("record members", record_members), ("nested object", nested_object)]:
        small, large = make(n), make(4 * n)
        fastest(s, small)  # warm up
        t1, t4 = fastest(s, small), fastest(s, large)
        ratio = t4 / max(t1, 1e-4)
        print(f"{name}: {n} members {t1 * 1e3:.1f} ms, {4 * n} members {t4 * 1e3:.1f} ms, "
              f"ratio {ratio:.1f}")
        assert t4 < HANG_GUARD_S, f"{name}: {t4:.1f} s"
        if ratio >= MAX_RATIO and t4 - t1 > NOISE_S:
            failures.append(f"{name}: ratio {ratio:.1f} ({t1 * 1e3:.1f} ms -> {t4 * 1e3:.1f} ms)")
    assert not failures, "; ".join(failures)


if __name__ == "__main__":
    main(globals())
