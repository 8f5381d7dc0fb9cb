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
import tempfile
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
    # Outputs the command writes under build/ go to a scratch folder instead.
    work = Path(a.work or tempfile.mkdtemp(prefix="entitle-readme-"))
    work.mkdir(parents=True, exist_ok=True)
    shell = shell.replace("--out build/", f"--out {work}/")
    r = subprocess.run(["bash", "-c", shell], cwd=source, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"$ {shell}\nexit {r.returncode}\n{r.stdout}{r.stderr}")
        return 1
    out = r.stdout + r.stderr
    # The screening prints its per-township summary with the whole population's row, the
    # evaluation an eligible decision with its policy citation.
    population = sum(1 for _ in open(source / "rules/screening-2024/examples/persons.csv")) - 1
    expected = [
        "0 errors",
        f"rows_in={population} rows_out={population} rows_rejected=0",
        "summary by township",
        "【符合】困难群体年满60周岁按月领取居民基本养老保险待遇（滕人社发〔2019〕24号 四(二)4）",
    ]
    missing = [e for e in expected if e not in out]
    summary_all = [l for l in r.stdout.splitlines() if l.startswith("(all)")]
    if missing or not summary_all or summary_all[0].split()[1] != str(population):
        print(f"unexpected output of the main command (missing {missing}):\n{out}")
        return 1
    print(r.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
