"""docs/rest.md shows real answers: every `$ curl …` example in it is run, in order, against a
server started as the document starts it, and its output must be what the document shows
(outputs shortened with … are only run; X-Request-Id values are not compared)."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import main  # noqa: E402

# Commands that are not examples of answers: starting and stopping the server, and outputs
# that depend on the whole history of the documenting session (counters, log lines).
NOT_COMPARED = ("build/entitle serve", "kill ", "/metrics", "access.log")


def examples(path):
    """(command, documented output) for each `$ ` line of the console blocks, in order."""
    out, block = [], None
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.startswith("```"):
                block = [] if line == "```console" and block is None else None
                continue
            if block is None:
                continue
            if line.startswith("$ "):
                out.append([line[2:], []])
            elif out:
                out[-1][1].append(line)
    return [(cmd, "\n".join(lines)) for cmd, lines in out]


def normalised(text):
    return re.sub(r"X-Request-Id: \d+", "X-Request-Id: N", text.replace("\r\n", "\n")).rstrip("\n")


def test_every_curl_example_of_rest_md_answers_as_shown(ctx):
    work = ctx.path("docs")
    os.makedirs(work)
    shutil.copytree(ctx.rules, os.path.join(work, "screening-2024"))
    shutil.copy(os.path.join(ctx.rules, "examples", "person.json"), work)
    with open(os.path.join(work, "admin.token"), "w") as f:
        f.write("change-me-to-a-long-random-token\n")
    s = ctx.serve("--admin-token-file", "admin.token", rules="screening-2024", cwd=work)
    found = examples(os.path.join(ctx.source, "docs", "rest.md"))
    assert len(found) > 15, found
    compared = 0
    for cmd, documented in found:
        if any(n in cmd for n in NOT_COMPARED):
            continue
        run = cmd.replace("localhost:8080", f"127.0.0.1:{s.port}")
        p = subprocess.run(["bash", "-c", run], cwd=work, capture_output=True, text=True, timeout=30)
        assert p.returncode == 0, (cmd, p.stderr)
        if "…" in documented or not documented:
            continue
        assert normalised(p.stdout) == normalised(documented), f"{cmd}\n--- documented:\n{documented}\n--- now:\n{p.stdout}"
        compared += 1
    assert compared >= 12, compared


if __name__ == "__main__":
    main(globals())
