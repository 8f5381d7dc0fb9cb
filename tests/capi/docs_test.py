"""The first-evaluation snippets of docs/c-api.md are real programs: the first ```c,
```python and ```java blocks are extracted, built against the library just built, and run
from the repository root. Standard library only; exits 77 (skip) for a language whose
toolchain is missing.

usage: docs_test.py --source DIR --lang c|python|java --work DIR [--cc CC] [--include DIR]...
                    [--library LIB] [--python PY] [--javac J --java J --classpath CP]
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys


def first_block(doc: str, lang: str) -> str:
    m = re.search(r"^```" + lang + r"\n(.*?)^```", doc, re.S | re.M)
    if not m:
        sys.exit(f"docs/c-api.md has no ```{lang} block")
    return m.group(1)


def run(cmd, **kw):
    print("$", " ".join(str(c) for c in cmd), flush=True)
    r = subprocess.run(cmd, text=True, capture_output=True, **kw)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        sys.exit(f"exit status {r.returncode}")
    return r.stdout


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--source", required=True)
    p.add_argument("--lang", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--cc")
    p.add_argument("--include", action="append", default=[])
    p.add_argument("--library")
    p.add_argument("--python")
    p.add_argument("--javac")
    p.add_argument("--java")
    p.add_argument("--classpath")
    a = p.parse_args()
    source = pathlib.Path(a.source)
    work = pathlib.Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    doc = (source / "docs" / "c-api.md").read_text(encoding="utf-8")
    lib = pathlib.Path(a.library)
    env = dict(os.environ, ENTITLE_LIBRARY=str(lib))
    if a.lang == "c":
        program = work / "first_evaluation.c"
        program.write_text(first_block(doc, "c"), encoding="utf-8")
        includes = [f"-I{d}" for d in a.include]
        run([a.cc, "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", *includes,
             str(program), str(lib), f"-Wl,-rpath,{lib.parent}", "-o", str(work / "first")])
        out = run([str(work / "first")], cwd=source)
    elif a.lang == "python":
        program = work / "first_evaluation.py"
        program.write_text(first_block(doc, "python"), encoding="utf-8")
        env["PYTHONPATH"] = str(source / "bindings" / "python")
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        out = run([a.python, str(program)], cwd=source, env=env)
    elif a.lang == "java":
        if not a.javac or not a.classpath:
            print("SKIP: no JDK or JNA")
            sys.exit(77)
        program = work / "FirstEvaluation.java"
        program.write_text(first_block(doc, "java"), encoding="utf-8")
        run([a.javac, "-encoding", "UTF-8", "-cp", a.classpath, "-d", str(work), str(program)])
        out = run([a.java, f"-Dentitle.library={lib}", "-cp", f"{work}:{a.classpath}",
                   "FirstEvaluation"], cwd=source)
    else:
        sys.exit(f"unknown language {a.lang}")
    # Every snippet prints the hardship rule's decision for the example person.
    if "resident_pension.hardship_60" not in out:
        sys.exit("the snippet did not print the hardship_60 decision")


if __name__ == "__main__":
    main()
