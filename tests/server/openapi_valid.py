"""docs/openapi.json is a valid OpenAPI 3 document: @apidevtools/swagger-parser (from the npm
registry, pinned by tests/server/openapi/package-lock.json; no Debian package validates
OpenAPI) checks it against the specification's schema and resolves every $ref. Node and npm
come with scripts/install-deps.sh. The packages are installed once into the build folder; a
failure to install them fails the test, it never skips."""
import shutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    spec, here, work = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    for f in ("package.json", "package-lock.json", "validate.js"):
        shutil.copyfile(here / f, work / f)
    if not (work / "node_modules/@apidevtools/swagger-parser").exists():
        r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=work, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            print(f"npm ci failed in {work}:\n{r.stdout}{r.stderr}")
            return 1
    r = subprocess.run(["node", str(work / "validate.js"), str(spec)], capture_output=True,
                       text=True, timeout=120)
    print(r.stdout + r.stderr)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
