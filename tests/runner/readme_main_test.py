"""The README's main command, after its build steps, runs as written (README promise).

The command under `<!-- main-command -->` installs, configures and builds, then runs the
runner; this test runs the runner part from the source folder with `build/entitle` replaced
by the binary under test, so a rule set that stops checking, a renamed file or a glob that
picks up a non-folder (as `rules/*` once did with rules/README.md) fails here, not on a
user's first try.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path


def main_command(readme: str) -> str:
    m = re.search(r"<!-- main-command -->\s*```sh\n(.*?)\n```", readme, re.S)
    if not m:
        sys.exit("README.md has no ```sh block after <!-- main-command -->")
    return m.group(1).strip()


def runner_part(command: str) -> str:
    steps = [s.strip() for s in command.split("&&")]
    runs = [s for s in steps if s.startswith("build/entitle ")]
    if not runs or steps[-len(runs):] != runs:
        sys.exit(f"the main command should end in build/entitle steps: {command!r}")
    return " && ".join(runs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entitle", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--peers")
    ap.add_argument("--work")
    a = ap.parse_args()
    source = Path(a.source)
    part = runner_part(main_command((source / "README.md").read_text(encoding="utf-8")))
    shell = re.sub(r"(^|&& )build/entitle ", lambda m: m.group(1) + a.entitle + " ", part)
    r = subprocess.run(["bash", "-c", shell], cwd=source, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"$ {shell}\nexit {r.returncode}\n{r.stdout}{r.stderr}")
        return 1
    # The evaluation prints the screening decisions with their policy citations.
    if "滕人社发〔2019〕24号" not in r.stdout or "0 errors" not in r.stdout + r.stderr:
        print(f"unexpected output of the main command:\n{r.stdout}{r.stderr}")
        return 1
    print(r.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
