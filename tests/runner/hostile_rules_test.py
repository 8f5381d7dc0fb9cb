"""check and test on hostile rule files, generated here (docs/reliability.md, "Hostile rule
files"): each must end in about a second with a located error, never a crash or minutes.

- an enum of 15 values of 16,000 characters and a parameter value of 16,000 that is none:
  the message and the source line shown are cut with "…", with no "did you mean";
- a chain of 40,000 derived values over two files: an error at the 257th value (d256);
- test files of 2,000 and 8,000 cases: all pass, and the CPU time grows linearly (n vs 4n).
"""
import os
import resource
import time

from runner_util import Context, check

ctx = Context()
HEAD = 'ruleset: {name: hostile, version: "1"}\nentities:\n  person:\n    fields:\n      n: int\n'
RULE = ("  - {id: r, title: r, citation: {document: x}, entity: person, "
        "effective: {from: 2020-01-01}, when: [c: %s]}\n")


def folder(name, files):
    d = ctx.path(name)
    os.makedirs(os.path.join(d, "tests"), exist_ok=True)
    for path, text in files.items():
        with open(os.path.join(d, path), "w", encoding="utf-8") as f:
            f.write(text)
    return d


def timed(*args, expect):
    start = time.monotonic()
    result = ctx.run(*args, expect=expect)
    return result, time.monotonic() - start


# Generous: a second in a release build, several under sanitizers; the old code took minutes.
LIMIT_S = 60

n = 16000
enum = folder("enum", {"a.yaml": HEAD + "enums:\n  big:\n    values:\n" +
                       "".join("      - v%02d%s\n" % (i, "x" * (n - 3)) for i in range(15)) +
                       "parameters:\n  p:\n    type: big\n    values:\n"
                       "      - from: 2020-01-01\n        value: w%s\n" % ("y" * (n - 1))})
(_, out, _), took = timed("check", enum, expect=1)
check(took < LIMIT_S, f"check took {took:.1f} s")
first = out.split("\n")[0]
check(first.startswith(os.path.join(enum, "a.yaml") + ":29:16: error: parameter p: 'wyyy"), first)
check(first.endswith("…' is not a value of big"), first)
check("did you mean" not in out, out[:300])
check(len(out) < 1000, f"{len(out)} bytes of diagnostics")
lines = out.split("\n")
check(lines[1].strip().startswith("value: wyyy") and lines[1].endswith("…"), lines[1][:200])
check(lines[2].strip() == "^" and lines[2].index("^") == lines[1].index("w"), lines[1:3])

n = 40000
half = n // 2
chain = folder("chain", {
    "a.yaml": HEAD + "derived:\n  person:\n    d0: n\n" +
              "".join("    d%d: d%d + 1\n" % (i, i - 1) for i in range(1, half)) +
              "rules:\n" + RULE % ("d%d > 0" % (n - 1)),
    "b.yaml": "derived:\n  person:\n" +
              "".join("    d%d: d%d + 1\n" % (i, i - 1) for i in range(half, n)),
})
(_, out, _), took = timed("check", chain, expect=1)
check(took < LIMIT_S, f"check took {took:.1f} s")
check(out.startswith(os.path.join(chain, "a.yaml") + ":264:5: error: derived value 'd256' ends "
                     "a chain of more than 256 derived values and rules"), out[:300])
check(out.rstrip().endswith("1 errors, 0 warnings"), out[-200:])

def cases_folder(n):
    return folder(f"cases{n}", {
        "a.yaml": HEAD + "rules:\n" + RULE % "n > 0",
        "tests/t.yaml": "defaults:\n  as_of: 2024-07-01\ncases:\n" +
                        "".join("  - {name: c%d, person: {n: %d}, expect: {r: %s}}\n"
                                % (i, i % 3, "eligible" if i % 3 else "not_eligible")
                                for i in range(n)),
    })


def child_cpu_seconds(*args, expect):
    """CPU time of one run of the runner (user + system of the child), not the wall clock,
    so a preempted run on a busy machine measures the same."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)  # microseconds, unlike os.times()
    result = ctx.run(*args, expect=expect)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, used


# A test file of n and of 4n cases: the cost is linear in the cases (quadratic gives 16).
n = 2000
small, large = cases_folder(n), cases_folder(4 * n)
t1 = t4 = float("inf")
for _ in range(3):
    (_, out1, _), c1 = child_cpu_seconds("test", small, expect=0)
    (_, out4, _), c4 = child_cpu_seconds("test", large, expect=0)
    t1, t4 = min(t1, c1), min(t4, c4)
check(out1.rstrip().endswith(f"{n} passed, 0 failed"), out1[-200:])
check(out4.rstrip().endswith(f"{4 * n} passed, 0 failed"), out4[-200:])
check(t4 < LIMIT_S, f"test of {4 * n} cases took {t4:.1f} s of CPU")
# The 5 ms floor: below it process start-up is all one measures.
check(t4 / max(t1, 0.005) < 8, f"{n} cases: {t1:.3f} s, {4 * n}: {t4:.3f} s of CPU")
print("ok")
