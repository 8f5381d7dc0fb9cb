#!/usr/bin/env python3
"""Checks schemas/*.schema.json: every bundled rule file and test file is valid, a few broken
snippets are not, and `entitle schema [--tests]` prints the files byte for byte.

usage: validate_schemas.py SOURCE_DIR ENTITLE_BINARY

YAML is read the way an editor's YAML 1.2 language server reads it (true/false, null and
numbers are typed; dates, yes/no and everything else stay strings), which is also how the
schemas describe scalars. Exits 77 (ctest SKIP_RETURN_CODE) when python3-jsonschema or
python3-yaml is missing.
"""
import json
import pathlib
import re
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"SKIP: {e.name} is not installed (scripts/install-deps.sh installs "
          "python3-jsonschema and python3-yaml)")
    sys.exit(77)


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars instead of YAML 1.1's."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+0123456789."),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def load_yaml(text):
    return yaml.load(text, Loader=Yaml12Loader)


failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL", message)


def validator(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(v, doc):
    return sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))


def main():
    source, binary = pathlib.Path(sys.argv[1]), sys.argv[2]
    schemas = source / "schemas"
    rules_v = validator(schemas / "rule-file.schema.json")
    tests_v = validator(schemas / "test-file.schema.json")

    rule_files = sorted(p for p in (source / "rules").glob("*/*.y*ml"))
    test_files = sorted(p for p in (source / "rules").glob("*/tests/*.y*ml"))
    check(len(rule_files) >= 10 and len(test_files) >= 10, "bundled rule and test files found")
    for files, v in [(rule_files, rules_v), (test_files, tests_v)]:
        for path in files:
            for e in errors(v, load_yaml(path.read_text(encoding="utf-8"))):
                where = "/".join(str(p) for p in e.absolute_path)
                check(False, f"{path.relative_to(source)}: {where}: {e.message}")
    print(f"{len(rule_files)} rule files, {len(test_files)} test files checked")

    rule = """
rules:
  - id: r1
    title: {zh: 规则, en: rule}
    citation: {document: 文件, section: "1"}
    entity: person
    effective: {from: 2024-01-01}
    when:
      all:
        - adult: age >= 18
        - not: {drawing: receiving_pension}
        - residence: {any: [{local: hukou_local}, {old: age >= 80}]}
"""
    table = """
tables:
  - id: t1
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2024-01-01}
    hit: first
    inputs: {sex: sex}
    outputs: [age]
    rows:
      - [M, 60]
      - {sex: F, age: 55}
"""
    good = [("rule", rule), ("table", table), ("empty file", ""),
            ("rule with always:", rule.replace("entity: person", "entity: person\n    always: {gap: age - 18}")),
            ("enum short and long form", "enums:\n  sex: [M, F]\n  yn: {values: [yes, no], titles: {yes: 是}}\n")]
    bad = [
        ("unknown key in a rule", rule.replace("entity: person", "entity: person\n    otherwize: {}")),
        ("unknown section", "rule: []\n"),
        ("wrong hit policy", table.replace("hit: first", "hit: any")),
        ("title without zh or en", rule.replace("{zh: 规则, en: rule}", "{fr: règle}")),
        ("empty title map", rule.replace("{zh: 规则, en: rule}", "{}")),
        ("citation without document", rule.replace('{document: 文件, section: "1"}', '{section: "1"}')),
        ("date not YYYY-MM-DD", rule.replace("2024-01-01", "2024-1-1")),
        ("rule without when", rule.split("    when:")[0]),
        ("two keys in a condition", rule.replace("- adult: age >= 18", "- {adult: age >= 18, b: x}")),
        ("required as yes", "entities:\n  person:\n    fields:\n      id: {type: string, required: yes}\n"),
        ("header without version", "ruleset: {name: x}\n"),
        ("always: in a table", table.replace("    rows:", "    always: {gap: age}\n    rows:")),
        ("always: output without expr", rule.replace("entity: person", "entity: person\n    always: {gap: {type: int}}")),
    ]
    for name, text in good:
        check(not errors(rules_v, load_yaml(text)), f"valid snippet rejected: {name}")
    for name, text in bad:
        check(bool(errors(rules_v, load_yaml(text))), f"broken snippet accepted: {name}")

    case = "cases:\n  - name: c\n    as_of: 2024-07-01\n    person: {age: 1}\n    expect: {r1: eligible}\n"
    check(not errors(tests_v, load_yaml(case)), "valid test file rejected")
    for name, text in [("unknown status", case.replace("eligible", "eligibel")),
                       ("unknown key in an expectation", case.replace("{r1: eligible}", "{r1: {statsu: eligible}}")),
                       ("unknown top-level key", case + "expected: {}\n"),
                       ("case without expect", case.replace("    expect: {r1: eligible}\n", ""))]:
        check(bool(errors(tests_v, load_yaml(text))), f"broken test file accepted: {name}")

    for args, path in [([], "rule-file.schema.json"), (["--tests"], "test-file.schema.json")]:
        out = subprocess.run([binary, "schema", *args], capture_output=True, check=False)
        check(out.returncode == 0, f"entitle schema {' '.join(args)} exits 0")
        check(out.stdout == (schemas / path).read_bytes(),
              f"entitle schema {' '.join(args)} prints schemas/{path}")

    print("FAILED" if failures else "OK", f"({len(failures)} failures)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
