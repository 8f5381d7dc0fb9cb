"""include/entitle.h is the whole C contract: it and every header of ours it includes are C
headers (.h), and it includes nothing but those and the C standard library's."""
import re
import sys
from pathlib import Path

C_STANDARD = {"stddef.h", "stdint.h", "stdbool.h", "stdio.h", "stdlib.h", "string.h"}


def includes(path: Path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
        if m:
            yield n, m.group(2)


def main() -> int:
    source, generated = Path(sys.argv[1]), Path(sys.argv[2])
    bad = []
    seen, todo = set(), [source / "include/entitle.h"]
    while todo:
        header = todo.pop()
        if header in seen:
            continue
        seen.add(header)
        for n, name in includes(header):
            ours = [d / name for d in (source / "include", generated) if (d / name).exists()]
            if ours:
                if not name.endswith(".h"):
                    bad.append(f"{header}:{n}: includes {name}, not a C header")
                todo.extend(ours)
            elif name not in C_STANDARD:
                bad.append(f"{header}:{n}: includes {name}, neither ours nor the C library's")
    for b in bad:
        print(b)
    print(f"{len(seen)} headers read, {len(bad)} bad includes")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
