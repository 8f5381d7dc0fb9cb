"""Writes the bad-input corpus and its manifest.

    python3 make_corpus.py --out DIR          # every file, under DIR/<case>/, and DIR/manifest.tsv
    python3 make_corpus.py --manifest FILE    # only the manifest (to refresh the committed one)

Each case is one input that must fail cleanly (or, at a limit, load) through one entry point
of `entitle`: check (a rule-set folder), test (a rule set with a test file), eval (one JSON
record against rules/screening-2024) or batch (a CSV or JSON Lines file against it). The
manifest records, per case: the entry point, the expected exit code and a regular expression
the output must match, which names the file, line and column of the error. run_corpus.py
runs every case under a time and memory budget.

Files are generated rather than committed because many are large (100,000-deep nesting, a
file one byte over the 4 MiB cap) or systematic (every truncation point of a file). The
committed tests/bad_inputs/manifest.tsv must equal what this script prints, so a change of
expectation shows up in review.
"""
import argparse
import json
import os
import re
import sys

# --- shared material --------------------------------------------------------------------

# A small valid rule set; expression and test-file cases splice into it.
MIN_RULES = """\
ruleset: {name: bad, version: "1"}
entities:
  person:
    fields:
      id: {type: string, required: true}
      age: {type: int}
      wage: {type: money}
      groups: {type: list<string>, default: []}
rules:
  - id: r1
    title: {zh: 测试, en: test}
    citation: {document: doc, section: "1"}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - c1: EXPR
    outputs:
      x: wage * 2
"""
EXPR_LINE, EXPR_COL = 17, 15  # where EXPR sits in MIN_RULES

MIN_TEST = """\
cases:
  - name: a
    as_of: 2024-01-01
    person: {id: a, age: 61, wage: "10.00"}
    expect:
      r1: {status: eligible, outputs: {x: "20.00"}}
"""

CSV_HEADER = ("id,birth_date,sex,hukou_local,township,groups,employment,"
              "resident_pension_enrolled,employee_pension_enrolled,receiving_pension,"
              "contribution_months,monthly_wage")
CSV_ROW = "P1,1964-07-01,F,true,Nanhu,dibao,none,false,false,false,0,0.00"
RECORD = {"id": "P1", "birth_date": "1964-07-01", "sex": "F", "hukou_local": True,
          "township": "Nanhu", "groups": ["dibao"], "employment": "none",
          "resident_pension_enrolled": False, "employee_pension_enrolled": False,
          "receiving_pension": False, "contribution_months": 0, "monthly_wage": "0.00"}
JSON_ROW = json.dumps(RECORD, separators=(",", ":"), ensure_ascii=False)

FILE_CAP = 1024 * 1024           # yaml::Limits::max_file_bytes
SCALAR_CAP = 64 * 1024           # yaml::Limits::max_scalar_bytes
YAML_DEPTH = 64                  # yaml::Limits::max_depth
EXPR_LENGTH = 4096               # expr::ParseLimits::max_length
EXPR_DEPTH = 64                  # expr::ParseLimits::max_depth
JSON_DEPTH = 64                  # json_record.cpp kMaxDepth

DEPTHS = [10, 62, 63, 64, 65, 100, 1000, 10_000, 100_000]

cases = []


# CPU budget of a case in ms. A few inputs at the size caps cost more: yaml-cpp scans a
# plain scalar at ~150 ns a byte, so a 1 MiB file of one scalar or of 100,000 nodes takes
# ~150 ms (docs/limits.md); they get this budget instead.
AT_CAP_CPU_MS = 300
CPU_MS = 100


def case(name, entry, files, exit_code, pattern, cpu_ms=None):
    """files: {relative path: bytes or str}; pattern: a regex over stdout + stderr."""
    assert re.compile(pattern)
    assert not any(c["name"] == name for c in cases), name
    cases.append({"name": name, "entry": entry, "files": files, "exit": exit_code,
                  "pattern": pattern, "cpu_ms": cpu_ms or CPU_MS})


def q(s):
    return re.escape(s)


def loc(name, file, line, col):
    """The start of a diagnostic: `<case>/<file>:line:col: error: `."""
    return f"^{q(name)}/{q(file)}:{line}:{col}: error: .*"


def rule_file(name, text, line, col, message, exit_code=1, cpu_ms=None):
    case(name, "check", {"bad.yaml": text}, exit_code, loc(name, "bad.yaml", line, col) + message,
         cpu_ms=cpu_ms)


def expr_case(name, expr, message, col=None, exit_code=1):
    text = MIN_RULES.replace("EXPR", expr)
    if exit_code == 0:
        case(name, "check", {"rules.yaml": text}, 0, r"^0 errors")
    else:
        c = EXPR_COL if col is None else col
        case(name, "check", {"rules.yaml": text}, exit_code,
             loc(name, "rules.yaml", EXPR_LINE, c) + message)


def record(name, data, line, col, message):
    case(name, "eval", {"record.json": data}, 1, loc(name, "record.json", line, col) + message)


def batch(name, ext, data, line, col, message, rows_in=None, rejected=None, exit_code=1):
    """A batch run over one input; rows_in / rejected, when given, are checked against the
    counts line too (every row accounted for)."""
    counts = ""
    if rows_in is not None:
        counts = rf"[\s\S]*^rows_in={rows_in} rows_out={rows_in - rejected} rows_rejected={rejected}$"
    head = loc(name, f"in.{ext}", line, col) + message if line else message
    case(name, "batch", {f"in.{ext}": data}, exit_code, head + counts)


# --- YAML: nesting ------------------------------------------------------------------------

# The root map is level 1 and `ruleset:`'s value level 2, so d brackets reach level d + 1.
# The error points at the bracket that opens level 65: the 64th bracket.
for d in DEPTHS:
    over = d + 1 > YAML_DEPTH
    flow_seq = "ruleset: " + "[" * d + "]" * d + "\n"
    flow_map = "ruleset: " + "{a: " * d + "1" + "}" * d + "\n"
    block_seq = "ruleset:\n  " + "- " * d + "1\n"
    if over:
        rule_file(f"yaml_depth_flow_seq_{d}", flow_seq, 1, 10 + YAML_DEPTH - 1, "nesting deeper than 64 levels")
        rule_file(f"yaml_depth_flow_map_{d}", flow_map, 1, 10 + 4 * (YAML_DEPTH - 1), "nesting deeper than 64 levels")
        rule_file(f"yaml_depth_block_seq_{d}", block_seq, 2, 3 + 2 * (YAML_DEPTH - 1), "nesting deeper than 64 levels")
    else:
        rule_file(f"yaml_depth_flow_seq_{d}", flow_seq, 1, 10, "ruleset must be a map")
        rule_file(f"yaml_depth_flow_map_{d}", flow_map, 1, 11, "unknown key 'a' in ruleset")
        rule_file(f"yaml_depth_block_seq_{d}", block_seq, 2, 3, "ruleset must be a map")
    if d <= 1000:  # indentation makes block maps quadratic in size
        block_map = "ruleset:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(d)) + "  " * (d + 1) + "1\n"
        if over:
            rule_file(f"yaml_depth_block_map_{d}", block_map, YAML_DEPTH + 1, 2 * YAML_DEPTH + 1,
                      "nesting deeper than 64 levels")
        else:
            rule_file(f"yaml_depth_block_map_{d}", block_map, 2, 3, "unknown key 'a' in ruleset")
    # A stray bracket deep down: the unclosed flow collection, not the depth, when under it.
    rule_file(f"yaml_depth_unclosed_{d}", "ruleset: " + "[" * d + "\n", 1,
              10 + YAML_DEPTH - 1 if over else 10,
              "nesting deeper than 64 levels" if over else "flow sequence '\\[' is never closed")

# --- YAML: anchors, aliases, bombs, cycles ------------------------------------------------

ALIAS = "anchors and aliases are not allowed in rule files"
rule_file("alias_cycle_seq", "x: &x [*x]\n", 1, 4, ALIAS)
rule_file("alias_cycle_map", "x: &x {a: *x}\n", 1, 4, ALIAS)
rule_file("alias_cycle_nested", "x: &x [[[[*x]]]]\n", 1, 4, ALIAS)
rule_file("alias_undefined", "x: *nowhere\n", 1, 4, r"(unknown anchor|anchors and aliases)")
rule_file("alias_scalar", "ruleset: {name: &n a, version: *n}\n", 1, 17, ALIAS)
rule_file("alias_merge_key", "base: &b {name: a}\nruleset:\n  <<: *b\n", 1, 7, ALIAS)
laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i, n in enumerate("bcdefghi"):
    prev = "abcdefghi"[i]
    laughs.append(f"{n}: &{n} [" + ",".join([f"*{prev}"] * 9) + "]")
rule_file("alias_billion_laughs", "\n".join(laughs) + "\n", 1, 4, ALIAS)
rule_file("alias_bomb_block", "a: &a\n  - x\n  - x\nb: &b\n  - *a\n  - *a\n", 1, 4, ALIAS)
rule_file("alias_anchor_on_key", "&k ruleset: {name: a, version: \"1\"}\n", 1, 1, ALIAS)
rule_file("alias_in_rule_expr", MIN_RULES.replace("EXPR", "&e age >= 60"), EXPR_LINE, EXPR_COL, ALIAS)

# --- YAML: duplicate keys -----------------------------------------------------------------

DUP = "duplicate key '{}' \\(first defined at line {}\\)"
rule_file("dup_block_top", "ruleset: {name: a, version: \"1\"}\nruleset: {name: b, version: \"1\"}\n",
          2, 1, DUP.format("ruleset", 1))
rule_file("dup_block_nested", "ruleset:\n  name: a\n  version: \"1\"\n  name: b\n", 4, 3, DUP.format("name", 2))
rule_file("dup_flow", "ruleset: {name: a, version: \"1\", name: b}\n", 1, 34, DUP.format("name", 1))
rule_file("dup_flow_nested", "ruleset: {name: a, title: {zh: x, zh: y}, version: \"1\"}\n", 1, 35,
          DUP.format("zh", 1))
rule_file("dup_quoted_vs_plain", "ruleset: {name: a, \"name\": b, version: \"1\"}\n", 1, 20, DUP.format("name", 1))
rule_file("dup_single_vs_double", "x:\n  'k': 1\n  \"k\": 2\n", 3, 3, DUP.format("k", 2))
rule_file("dup_chinese_key", "ruleset:\n  title: {zh: 甲, zh: 乙}\n", 2, 18, DUP.format("zh", 2))
rule_file("dup_far_apart", "ruleset:\n  name: a\n" + "".join(f"  k{i}: {i}\n" for i in range(500)) + "  name: b\n",
          503, 3, DUP.format("name", 2))
rule_file("dup_rule_output", MIN_RULES.replace("      x: wage * 2", "      x: wage * 2\n      x: wage"),
          20, 7, DUP.format("x", 19))
rule_file("dup_entity_field", MIN_RULES.replace("      age: {type: int}\n", "      age: {type: int}\n      age: {type: int}\n"),
          7, 7, DUP.format("age", 6))

# --- YAML: encodings, BOM, NUL ------------------------------------------------------------

VALID = MIN_RULES.replace("EXPR", "age >= 60")
B = VALID.encode()
case("bom_utf8_ok", "check", {"rules.yaml": b"\xef\xbb\xbf" + B}, 0, r"^0 errors")
rule_file("bom_utf8_then_error", b"\xef\xbb\xbf" + b"x: 1\n", 1, 1, "unknown key 'x' in a rule file")
for label, bom in [("utf16le", b"\xff\xfe"), ("utf16be", b"\xfe\xff")]:
    codec = "utf-16-le" if label == "utf16le" else "utf-16-be"
    case(f"encoding_{label}", "check", {"bad.yaml": bom + VALID.encode(codec)}, 1,
         f"^{q('encoding_' + label)}/bad\\.yaml(:1:1)?: error: file is UTF-16; rule files must be UTF-8")
    case(f"encoding_{label}_no_bom", "check", {"bad.yaml": VALID.encode(codec)}, 1,
         f"^{q('encoding_' + label + '_no_bom')}/bad\\.yaml:1:\\d+: error: .*(UTF-16|NUL byte)")
for label, bom in [("utf32le", b"\xff\xfe\x00\x00"), ("utf32be", b"\x00\x00\xfe\xff")]:
    codec = "utf-32-le" if label == "utf32le" else "utf-32-be"
    case(f"encoding_{label}", "check", {"bad.yaml": bom + VALID.encode(codec)}, 1,
         f"^{q('encoding_' + label)}/bad\\.yaml(:1:1)?: error: file is UTF-32; rule files must be UTF-8")
NUL = "NUL byte; rule files must be UTF-8 text"
rule_file("nul_first_byte", b"\x00" + B, 1, 1, NUL)
rule_file("nul_in_key", b"rule\x00set: {}\n", 1, 5, NUL)
rule_file("nul_in_expression", VALID.replace("age >= 60", "age >=\x00 60").encode(), EXPR_LINE, EXPR_COL + 6, NUL)
rule_file("nul_last_byte", B + b"\x00", VALID.count("\n") + 1, 1, NUL)
rule_file("nul_in_chinese_title", VALID.replace("测试", "测\x00试").encode(), 11, 18, NUL)
BAD_UTF8 = [("ff", b"\xff", "0xFF"), ("c0_overlong", b"\xc0\x80", "0xC0"),
            ("lone_continuation", b"\x80", "0x80"), ("surrogate", b"\xed\xa0\x80", "0xED"),
            ("f5", b"\xf5\x80\x80\x80", "0xF5"), ("truncated_3byte", b"\xe6\xb5", "0xE6"),
            ("e0_overlong", b"\xe0\x80\xaf", "0xE0")]
for label, bad, shown in BAD_UTF8:
    rule_file(f"utf8_{label}_in_title", VALID.encode().replace("测试".encode(), "测".encode() + bad),
              11, 18, f"invalid UTF-8 byte {shown}; rule files must be UTF-8")
rule_file("utf8_truncated_at_eof", B + "测".encode()[:2], VALID.count("\n") + 1, 1,
          "invalid UTF-8 byte 0xE6; rule files must be UTF-8")

# --- YAML: truncated files ----------------------------------------------------------------

# Every 7th byte of a valid file: each prefix must fail with a position (or, when the cut
# falls where the rest is optional, load). The regex asks for a line within the file.
for cut in range(7, len(B), 7):
    prefix = B[:cut]
    try:
        prefix.decode()
    except UnicodeDecodeError:
        rule_file(f"truncated_rules_{cut:04d}", prefix, prefix.count(b"\n") + 1, r"\d+",
                  "invalid UTF-8 byte")
        continue
    lines = prefix.count(b"\n") + 1
    # A prefix that ends where the rest is optional is a valid (smaller) rule set.
    case(f"truncated_rules_{cut:04d}", "check", {"rules.yaml": prefix}, "0|1",
         f"^{q('truncated_rules_%04d' % cut)}/rules\\.yaml(:({'|'.join(str(i) for i in range(1, lines + 1))}):\\d+)?: error: |^0 errors")

# --- YAML: size caps ----------------------------------------------------------------------

def padded(total, body):
    """`body` followed by comment lines so the file is exactly `total` bytes."""
    body = body.encode() if isinstance(body, str) else body
    rest = total - len(body)
    line = b"#" + b"x" * 98 + b"\n"
    pad = line * (rest // len(line))
    tail = rest - len(pad)
    if tail:
        pad += b"#" + b"x" * (tail - 2) + b"\n" if tail >= 2 else b"\n"
    out = body + pad
    assert len(out) == total, (len(out), total)
    return out


case("file_size_at_cap", "check", {"rules.yaml": padded(FILE_CAP, VALID)}, 0, r"^0 errors")
case("file_size_cap_plus_1", "check", {"rules.yaml": padded(FILE_CAP + 1, VALID)}, 1,
     f"^{q('file_size_cap_plus_1')}/rules\\.yaml: error: file is {FILE_CAP + 1} bytes, over the {FILE_CAP}-byte limit")
case("file_size_cap_plus_1mib", "check", {"rules.yaml": padded(FILE_CAP + 2**20, VALID)}, 1,
     f"over the {FILE_CAP}-byte limit")


def title_of(n, style):
    """The valid rule set with rule r1's English title a scalar of n bytes (line 13)."""
    body = "a" * n
    value = {"plain": body, "quoted": f'"{body}"', "literal": f"|\n        {body}"}[style]
    return VALID.replace("    title: {zh: 测试, en: test}\n",
                         f"    title:\n      zh: 测试\n      en: {value}\n")


for style, line, col in [("plain", 13, 11), ("quoted", 13, 11), ("literal", r"1[34]", r"\d+")]:
    n_at = SCALAR_CAP - (1 if style == "literal" else 0)  # a literal keeps its final newline
    case(f"scalar_{style}_at_cap", "check", {"rules.yaml": title_of(n_at, style)}, 0, r"^0 errors")
    case(f"scalar_{style}_cap_plus_1", "check", {"rules.yaml": title_of(n_at + 1, style)}, 1,
         loc(f"scalar_{style}_cap_plus_1", "rules.yaml", line, col)
         + f"scalar is {SCALAR_CAP + 1} bytes, over the {SCALAR_CAP}-byte limit")
# yaml-cpp refuses an implicit key over 1024 characters before our scalar cap sees it.
rule_file("scalar_huge_key", "ruleset:\n  " + "k" * (SCALAR_CAP + 1) + ": 1\n", 2, SCALAR_CAP + 4,
          "illegal map value")
rule_file("scalar_at_file_cap", "x: " + "y" * (FILE_CAP - 4) + "\n", 1, 4,
          f"scalar is {FILE_CAP - 4} bytes, over the {SCALAR_CAP}-byte limit", cpu_ms=AT_CAP_CPU_MS)

# Node cap: a flow list of many small scalars. The root map, its key and the list are 3.
NODE_CAP = 100_000
rule_file("yaml_nodes_at_cap", "x: [" + "1," * (NODE_CAP - 4) + "1]\n", 1, 1, "unknown key 'x' in a rule file",
          cpu_ms=AT_CAP_CPU_MS)
rule_file("yaml_nodes_cap_plus_1", "x: [" + "1," * (NODE_CAP - 3) + "1]\n", 1, r"\d+",
          f"document has more than {NODE_CAP} nodes", cpu_ms=AT_CAP_CPU_MS)

# --- YAML: other syntax -------------------------------------------------------------------

rule_file("yaml_two_documents", VALID + "---\nx: 1\n", VALID.count("\n") + 1, 1, "a rule file holds one YAML document")
rule_file("yaml_tab_indent", "ruleset:\n\tname: a\n", 2, 6, "illegal map value")
rule_file("yaml_unclosed_quote", "ruleset: {name: \"a, version: \"1\"}\n", 1, r"\d+", r"(quoted string is never closed|end of map|unknown)")
rule_file("yaml_unclosed_single_quote", "ruleset:\n  name: 'abc\n", 2, 9, "quoted string is never closed")
rule_file("yaml_unclosed_flow_map", "ruleset: {name: a\n", 1, 10, "flow map '\\{' is never closed")
rule_file("yaml_complex_key", "? [a, b]\n: 1\n", 1, 3, "map keys must be scalars")
rule_file("yaml_null_key", ": 1\n", 1, 1, "(map key is null or empty|unknown key)")
rule_file("yaml_tag", "ruleset: !!binary aGVsbG8=\n", 1, 10, "ruleset must be a map")
rule_file("yaml_directive", "%YAML 1.2\n%TAG ! tag:x,2000:\n---\nx: 1\n", 4, 1, "unknown key 'x' in a rule file")
rule_file("yaml_only_garbage", "]]]]\n", 1, 1, r".")
rule_file("yaml_control_chars", "ruleset: {name: \x01\x02, version: \"1\"}\n", 1, 17,
          "control character 0x01; rule files must be UTF-8 text")
rule_file("yaml_escape_sequence", "ruleset: {name: \"a\x1b[31m\", version: \"1\"}\n", 1, 19,
          "control character 0x1B; rule files must be UTF-8 text")
rule_file("yaml_del_char", "x: a\x7f\n", 1, 5, "control character 0x7F; rule files must be UTF-8 text")
case("yaml_empty_file", "check", {"bad.yaml": b""}, 1, r"no file has the ruleset header")

# --- expressions --------------------------------------------------------------------------

# A comparison wrapped in n parentheses: docs/rule-files.md says 62 load and 63 do not.
for n in [10, 61, 62, 63, 64, 100, 1000]:
    expr = "(" * n + "age >= 60" + ")" * n
    if n <= 62:
        expr_case(f"expr_parens_{n}", expr, "", exit_code=0)
    else:
        expr_case(f"expr_parens_{n}", expr, "expression nested deeper than 64 levels",
                  col=EXPR_COL + (64 if n >= 64 else 70))  # the token that opens level 65
for n in [62, 63, 64, 200]:
    expr = "not " * n + "true"
    if n <= 63:
        expr_case(f"expr_not_{n}", expr, "", exit_code=0)
    else:
        expr_case(f"expr_not_{n}", expr, "expression nested deeper than 64 levels", col=EXPR_COL + 4 * 64)
for n in [62, 63, 64, 500]:
    expr = "age >= " + "-" * n + "60"
    if n <= 62:
        expr_case(f"expr_minus_{n}", expr, "", exit_code=0)
    else:
        expr_case(f"expr_minus_{n}", expr, "expression nested deeper than 64 levels", col=EXPR_COL + 7 + 63)
for n in [62, 63, 64, 100]:
    expr = "'" + "[" * n + "1" + "]" * n + " != []'"
    expr_case(f"expr_list_nesting_{n}", expr, r"(lists of lists|list|nested deeper than 64 levels)", col=r"\d+")
# A chain of operators is one tree level per operator: 256 levels load (the comparison on
# level 1, 254 additions, `age` on level 256), one more does not; the error points at the
# chain's first operand, the node past the limit.
for n in [254, 255, 900]:
    expr = "age + " + " + ".join(["1"] * n) + " >= 60"
    if n <= 254:
        expr_case(f"expr_sum_chain_{n}", expr, "", exit_code=0)
    else:
        expr_case(f"expr_sum_chain_{n}", expr, "expression nested deeper than 256 levels, counting each operator")
# Expression text cap: exactly 4096 bytes loads, 4097 does not.
base = "age >= 60"
at_cap = base + " " * (EXPR_LENGTH - len(base))
expr_case("expr_length_at_cap", f"'{at_cap}'", "", exit_code=0)
# The error points at the first byte past the limit.
expr_case("expr_length_cap_plus_1", f"'{at_cap} '", f"expression is {EXPR_LENGTH + 1} bytes, over the {EXPR_LENGTH}-byte limit",
          col=EXPR_COL + 1 + EXPR_LENGTH)
expr_case("expr_length_60k", "'" + base + " " * 60000 + "'", "expression is 60009 bytes, over the 4096-byte limit",
          col=EXPR_COL + 1 + EXPR_LENGTH)
# Functions nested 8 deep load, 9 do not.
for n in [8, 9]:
    e = "count(groups) >= 0"
    inner = "true"
    for i in range(n):
        inner = f"any(groups, g{i} -> {inner})"
    if n <= 8:
        expr_case(f"expr_lambda_depth_{n}", f"'{inner}'", "", exit_code=0)
    else:
        expr_case(f"expr_lambda_depth_{n}", f"'{inner}'", r"functions 'x -> …' nested more than 8 deep", col=r"\d+")
expr_case("expr_min_32_args", "min(" + ", ".join(["age"] * 32) + ") >= 60", "", exit_code=0)
expr_case("expr_min_33_args", "'min(" + ", ".join(["age"] * 33) + ") >= 60'", "min takes 1 to 32 arguments, not 33", col=r"\d+")
expr_case("expr_huge_int", "age >= 99999999999999999999999",
          r"number '99999999999999999999999' is out of range or has more than 6 decimal places", col=EXPR_COL + 7)
expr_case("expr_seven_places", "wage >= 0.0000001",
          r"number '0\.0000001' is out of range or has more than 6 decimal places", col=EXPR_COL + 8)
expr_case("expr_decimal_overflow_literal", "wage >= 9223372036855",
          r"number '9223372036855' is out of range", col=EXPR_COL + 8)
expr_case("expr_unclosed_paren", "(age >= 60", r"expected '\)'", col=r"\d+")
expr_case("expr_unclosed_string", "'age == \"x'", r"unterminated string", col=EXPR_COL + 8)
expr_case("expr_empty_parens", "'()'", r"expected", col=r"\d+")
expr_case("expr_trailing_operator", "age >=", r"expected a value", col=r"\d+")
expr_case("expr_unknown_name", "agee >= 60", r"unknown name 'agee' \(did you mean 'age'\?\)")
expr_case("expr_type_error", "age >= \"x\"", r"(compare|cannot|type|int)", col=r"\d+")
expr_case("expr_bad_char", "age >= 60 $ 1", r"(unexpected|character)", col=r"\d+")
expr_case("expr_chinese_ident", "年龄 >= 60", r"(unknown name|unexpected|character)", col=r"\d+")
expr_case("expr_bad_date_literal", "'2024-02-30 < 2025-01-01'", r"'2024-02-30' is not a real date", col=EXPR_COL + 1)

# --- test files ---------------------------------------------------------------------------

def test_case(name, test_text, line, col, message):
    case(name, "test", {"rules.yaml": VALID, "tests/bad.yaml": test_text}, 1,
         loc(name, "tests/bad.yaml", line, col) + message)


test_case("test_dup_key", MIN_TEST.replace("    as_of: 2024-01-01\n", "    as_of: 2024-01-01\n    as_of: 2024-01-02\n"),
          4, 5, DUP.format("as_of", 3))
test_case("test_alias", "cases:\n  - &c {name: a}\n  - *c\n", 2, 5, ALIAS)
test_case("test_deep", "cases: " + "[" * 100_000 + "\n", 1, 8 + YAML_DEPTH - 1, "nesting deeper than 64 levels")
test_case("test_bad_as_of", MIN_TEST.replace("2024-01-01", "2024-13-01"), 3, 12, r"as_of '2024-13-01' is not a date \(YYYY-MM-DD\)")
test_case("test_unknown_rule", MIN_TEST.replace("r1: {", "r9: {"), 6, 7, r"the rule set has no rule 'r9' \(did you mean 'r1'\?\)")
test_case("test_bad_money", MIN_TEST.replace('"10.00"', '"10.0000001"'), 4, 36, r"person\.wage: more than 6 decimal places")
test_case("test_nul", MIN_TEST.replace("name: a", "name: \x00a").encode(), 2, 11, NUL)
case("test_utf16", "test", {"rules.yaml": VALID, "tests/bad.yaml": b"\xff\xfe" + MIN_TEST.encode("utf-16-le")}, 1,
     r"^test_utf16/tests/bad\.yaml: error: file is UTF-16; rule files must be UTF-8")  # a whole-file error
test_case("test_truncated", MIN_TEST[:-20], 6, r"\d+", r".")

# --- runtime errors (eval against a rule set that loads) -----------------------------------

# A rule set that loads cannot fail on names or types, but an output can still fail for one
# record (docs/language.md#runtime-errors): the evaluation fails naming the expression.
def runtime(name, output, record, message):
    rules = VALID.replace("      x: wage * 2", "      x: " + output)
    case(name, "eval_rules", {"rules.yaml": rules, "record.json": record}, 1,
         f"^entitle: {q(name)}/rules\\.yaml:19:10: {message}")


runtime("runtime_division_by_zero", "wage / (age - age)", '{"id":"a","age":61,"wage":"1.00"}', "division by zero")
runtime("runtime_overflow", "wage * 1000000 * 1000000", '{"id":"a","age":61,"wage":"9999999.00"}', "decimal overflow in ")
runtime("runtime_round_places", "round(wage, age, half_up)", '{"id":"a","age":61,"wage":"1.00"}',
        "round: places must be between -12 and 6, not 61")
runtime("runtime_clamp", "clamp(wage, 10, 1)", '{"id":"a","age":61,"wage":"1.00"}',
        "clamp: the low bound is above the high bound")
runtime("runtime_int_overflow", "age * age * age * age * age * age * age * age", '{"id":"a","age":99999,"wage":"1.00"}',
        "(decimal )?overflow")

# --- JSON records (eval) ------------------------------------------------------------------

# The reader checks each value against the field's type as it streams (nlohmann's SAX parser
# keeps its own stack on the heap), so nesting the schema does not allow fails at the first
# bracket too many: a list of enums is one level deep. The 64-level cap on JSON nesting only
# matters for schemas of nested records; it is tested in tests/unit/engine.
for d in [10, 63, 64, 65, 1000, 100_000]:
    for kind, open_, close in [("array", "[", "]"), ("object", '{"a":', "}")]:
        deep = open_ * d + "1" + close * d
        text = '{"id":"P1","birth_date":"1964-07-01","groups":' + deep + "}"
        col = len('{"id":"P1","birth_date":"1964-07-01","groups":') + 1
        if kind == "array":
            record(f"json_depth_{kind}_{d}", text, 1, col + 1, r"field 'groups\[0\]': expected one of")
        else:
            record(f"json_depth_{kind}_{d}", text, 1, col, r"field 'groups': expected a list")
for digits in [12, 13, 14, 20, 400, 5000]:
    n = "9" * digits
    text = '{"id":"P1","birth_date":"1964-07-01","monthly_wage":' + n + "}"
    col = len('{"id":"P1","birth_date":"1964-07-01","monthly_wage":') + 1
    if digits <= 12:
        case(f"json_number_{digits}_digits", "eval", {"record.json": text}, 0, r'"decisions"')
    else:
        record(f"json_number_{digits}_digits", text, 1, col,
               r"field 'monthly_wage': (out of range|.*too long|.*digits)")
for label, num, message in [("exp_huge", "1e400", "out of range"), ("exp_tiny", "1e-400", "more than 6 decimal places"),
                            ("exp_big_int", "1e13", "out of range"), ("seven_places", "0.0000001", "more than 6 decimal places"),
                            ("neg_zero", "-0", None), ("frac_long", "0." + "0" * 5000 + "1", "more than 6 decimal places"),
                            ("leading_zero", "01", r"(syntax error|invalid number)"), ("nan", "NaN", "syntax error"),
                            ("inf", "Infinity", "syntax error"), ("plus", "+1", "syntax error")]:
    text = '{"id":"P1","birth_date":"1964-07-01","monthly_wage":' + num + "}"
    col = len('{"id":"P1","birth_date":"1964-07-01","monthly_wage":') + 1
    if message is None:
        case(f"json_number_{label}", "eval", {"record.json": text}, 0, r'"decisions"')
    else:
        record(f"json_number_{label}", text, 1, r"\d+" if "syntax" in message else col, message)
record("json_int_field_decimal", '{"id":"P1","birth_date":"1964-07-01","contribution_months":1.5}', 1, 60,
       r"field 'contribution_months': not an integer")
record("json_trailing_garbage", JSON_ROW + " x", 1, len(JSON_ROW) + 2, "syntax error")
record("json_two_objects", JSON_ROW + JSON_ROW, 1, len(JSON_ROW) + 1, "syntax error")
record("json_not_object", "[1, 2]", 1, 1, r"a record must be a JSON object")
record("json_number_only", "42", 1, 1, r"a record must be a JSON object")
record("json_empty", "", 1, 1, r"(syntax error|empty)")
record("json_truncated_string", JSON_ROW[:30], 1, 31, r"syntax error")
record("json_dup_key", '{"id":"P1","id":"P2","birth_date":"1964-07-01"}', 1, r"\d+", r"field 'id': field given twice")
record("json_unknown_field", '{"id":"P1","birth_date":"1964-07-01","bithdate":1}', 1, 38, r"unknown field 'bithdate'")
record("json_bad_utf8", b'{"id":"P\xff1","birth_date":"1964-07-01"}', 1, 9, r"(UTF-8|syntax error)")
record("json_overlong_utf8", b'{"id":"P\xc0\xaf","birth_date":"1964-07-01"}', 1, 9, r"(UTF-8|syntax error)")
# An escaped NUL is a valid JSON string: accepted, and written back escaped.
case("json_nul_escape", "eval", {"record.json": '{"id":"P\\u0000","birth_date":"1964-07-01"}'}, 0, r'"decisions"')
record("json_raw_nul", b'{"id":"P\x001","birth_date":"1964-07-01"}', 1, 9, r"syntax error")
record("json_lone_surrogate", '{"id":"P\\ud800","birth_date":"1964-07-01"}', 1, r"\d+", r"(surrogate|syntax error)")
record("json_utf16", b"\xff\xfe" + JSON_ROW.encode("utf-16-le"), 1, 1, r"(UTF-16|syntax error)")
record("json_bom_then_error", b"\xef\xbb\xbf" + b'{"id":1}', 1, 7, r"field 'id': expected a string")
record("json_huge_string", '{"id":"' + "x" * 3_000_000 + '","birth_date":"1964-07-01","sex":"Q"}', 1, r"\d+", r"field 'sex'")
record("json_bad_date", '{"id":"P1","birth_date":"1964-02-30"}', 1, 25, r"field 'birth_date': not a date")
record("json_year_10000", '{"id":"P1","birth_date":"10000-01-01"}', 1, 25, r"field 'birth_date': not a date")
record("json_list_not_list", '{"id":"P1","birth_date":"1964-07-01","groups":"dibao"}', 1, 47, r"field 'groups'")
record("json_enum_typo", '{"id":"P1","birth_date":"1964-07-01","sex":"X"}', 1, 44, r"field 'sex': not one of M, F")
for cut in range(5, len(JSON_ROW), 11):
    record(f"json_truncated_{cut:03d}", JSON_ROW[:cut], 1, r"\d+", r"syntax error")

# --- CSV (batch) --------------------------------------------------------------------------

def csv(rows, header=CSV_HEADER):
    return header + "\n" + "".join(r + "\n" for r in rows)


OK = [CSV_ROW.replace("P1", f"P{i}") for i in range(2, 5)]
batch("csv_too_few_cells", "csv", csv([CSV_ROW.rsplit(",", 1)[0]] + OK), 2, 58,
      r"field 'monthly_wage': the row has 11 cells but the header has 12 cells", rows_in=4, rejected=1)
batch("csv_too_many_cells", "csv", csv([CSV_ROW + ",extra"] + OK), 2, 64,
      r"more cells than the header's 12", rows_in=4, rejected=1)
batch("csv_only_commas", "csv", csv([",,,,,,,,,,,"] + OK), 2, 1, r"field 'id'", rows_in=4, rejected=1)
batch("csv_one_cell", "csv", csv(["P1"] + OK), 2, 3, r"field 'birth_date': the row has 1 cell but the header has 12 cells", rows_in=4, rejected=1)
batch("csv_quote_in_unquoted", "csv", csv([CSV_ROW.replace("Nanhu", 'Nan"hu')] + OK), 2, 25,
      r"a quote inside an unquoted cell", rows_in=4, rejected=1)
batch("csv_quoted_ok", "csv", csv([CSV_ROW.replace("Nanhu", '"Nan""hu, x"')] + OK), 0, 0,
      r"^", rows_in=4, rejected=0, exit_code=0)
batch("csv_newline_in_quoted_then_bad", "csv",
      csv([CSV_ROW.replace("Nanhu", '"Nan\nhu"').replace("F,", "X,")] + OK), 2, 15,
      r"field 'sex': not one of M, F", rows_in=4, rejected=1)
batch("csv_bad_after_multiline_row", "csv",
      csv([CSV_ROW.replace("Nanhu", '"Nan\n\nhu"'), CSV_ROW.replace("1964-07-01", "1964-13-01")] + OK), 5, 4,
      r"field 'birth_date': not a date", rows_in=5, rejected=1)
batch("csv_unterminated_quote_eof", "csv", csv(OK + ['P9,"1964-07-01,F']), 5, 4, r"unterminated quoted cell",
      rows_in=4, rejected=1)
batch("csv_unterminated_quote_middle", "csv", csv(['P9,"1964-07-01,F'] + OK), 2, 4, r"unterminated quoted cell",
      rows_in=4, rejected=1)
batch("csv_text_after_quote", "csv", csv([CSV_ROW.replace("Nanhu", '"Nanhu"x')] + OK), 2, 29,
      r"text after a closing quote", rows_in=4, rejected=1)
batch("csv_invalid_utf8", "csv", csv([CSV_ROW.replace("Nanhu", "Nan\udcffhu")] + OK).encode("utf-8", "surrogateescape"),
      2, 25, r"invalid UTF-8 byte 0xFF; the file must be UTF-8", rows_in=4, rejected=1)
batch("csv_invalid_utf8_header", "csv", csv(OK, header=CSV_HEADER.replace("township", "town\udcffship")).encode("utf-8", "surrogateescape"),
      1, 31, r"header row: unknown column 'town\ufffdship'")
batch("csv_nul_in_cell", "csv", csv([CSV_ROW.replace("Nanhu", "Nan\x00hu")] + OK), 2, 25, r"NUL byte; the file must be UTF-8 text",
      rows_in=4, rejected=1)
batch("csv_bom_ok", "csv", "\ufeff" + csv(OK), 0, 0, r"^", rows_in=3, rejected=0, exit_code=0)
batch("csv_utf16", "csv", b"\xff\xfe" + csv(OK).encode("utf-16-le"), 1, 1, r"header row: unknown column")
batch("csv_crlf_mixed", "csv", csv(OK).replace("\n", "\r\n", 2) + CSV_ROW.replace("F,", "Q,") + "\n", 5, 15,
      r"field 'sex'", rows_in=4, rejected=1)
batch("csv_header_unknown", "csv", csv(OK, header=CSV_HEADER.replace("birth_date", "birthdate")), 1, 4,
      r"header row: unknown column 'birthdate' \(did you mean 'birth_date'\?\)")
batch("csv_header_twice", "csv", csv(OK, header=CSV_HEADER + ",sex"), 1, len(CSV_HEADER) + 2, r"header row: column 'sex' given twice")
batch("csv_header_missing_required", "csv", csv(["P1,F"], header="id,sex"), 1, 1, r"header row: required field 'birth_date' has no column")
batch("csv_empty_file", "csv", "", 0, 0, r"(no header|empty|rows_in=0)", exit_code="0|1")
batch("csv_header_only", "csv", CSV_HEADER + "\n", 0, 0, r"rows_in=0 rows_out=0 rows_rejected=0", exit_code=0)
batch("csv_decimal_20_digits", "csv", csv([CSV_ROW.replace(",0.00", ",99999999999999999999")] + OK), 2, 59,
      r"field 'monthly_wage': out of range", rows_in=4, rejected=1)
batch("csv_decimal_7_places", "csv", csv([CSV_ROW.replace(",0.00", ",0.0000001")] + OK), 2, 59,
      r"field 'monthly_wage': more than 6 decimal places", rows_in=4, rejected=1)
batch("csv_int_overflow", "csv", csv([CSV_ROW.replace(",0,0.00", ",99999999999999999999,0.00")] + OK), 2, 57,
      r"field 'contribution_months'", rows_in=4, rejected=1)
batch("csv_huge_cell", "csv", csv([CSV_ROW.replace("Nanhu", "N" * 2_000_000).replace("F,", "Z,")] + OK), 2, 15,
      r"field 'sex'", rows_in=4, rejected=1)
batch("csv_huge_quoted_cell_unclosed", "csv", csv(['P9,"' + "x" * 2_000_000] + OK), 2, 4,
      r"unterminated quoted cell", rows_in=4, rejected=1)
batch("csv_list_bad_member", "csv", csv([CSV_ROW.replace("dibao", "dibao;bogus")] + OK), 2, 28,
      r"field 'groups\[1\]'", rows_in=4, rejected=1)
batch("csv_many_bad_rows", "csv", csv([CSV_ROW.replace("F,", "X,")] * 50 + OK), 2, 15,
      r"field 'sex'[\s\S]*and 40 more rejected rows", rows_in=53, rejected=50)
batch("csv_blank_lines_only", "csv", csv(["", "", ""] + OK), 0, 0, r"^", rows_in=3, rejected=0, exit_code=0)

# --- JSON Lines (batch) -------------------------------------------------------------------

def jsonl(rows):
    return "".join(r + "\n" for r in rows)


JOK = [JSON_ROW.replace('"P1"', f'"P{i}"') for i in range(2, 5)]
batch("jsonl_deep_array", "jsonl", jsonl([JSON_ROW[:-1] + ',"x":' + "[" * 100_000 + "]" * 100_000 + "}"] + JOK), 1,
      len(JSON_ROW) + 1, r"field 'x': unknown field 'x'", rows_in=4, rejected=1)
batch("jsonl_deep_at_cap", "jsonl", jsonl(['{"id":"P1","birth_date":"1964-07-01","groups":' + "[" * 63 + "]" * 63 + "}"] + JOK),
      1, 48, r"field 'groups\[0\]'", rows_in=4, rejected=1)
batch("jsonl_huge_number", "jsonl", jsonl([JSON_ROW.replace('"contribution_months":0', '"contribution_months":' + "9" * 5000)] + JOK),
      1, JSON_ROW.index('"contribution_months"') + 23, r"field 'contribution_months': out of range", rows_in=4, rejected=1)
batch("jsonl_truncated_last", "jsonl", jsonl(JOK) + JSON_ROW[:40], 4, 41, r"syntax error", rows_in=4, rejected=1)
batch("jsonl_truncated_middle", "jsonl", jsonl([JSON_ROW[:40]] + JOK), 1, 41, r"syntax error", rows_in=4, rejected=1)
batch("jsonl_invalid_utf8", "jsonl", jsonl([JSON_ROW.replace("Nanhu", "Nan\udcffhu")] + JOK).encode("utf-8", "surrogateescape"),
      1, JSON_ROW.index("Nanhu") + 4, r"ill-formed UTF-8 byte", rows_in=4, rejected=1)
batch("jsonl_nul_byte", "jsonl", jsonl([JSON_ROW.replace("Nanhu", "Nan\x00hu")] + JOK), 1, JSON_ROW.index("Nanhu") + 4,
      r"control character U\+0000 \(NUL\) must be escaped",
      rows_in=4, rejected=1)
batch("jsonl_array_row", "jsonl", jsonl(["[1,2]"] + JOK), 1, 1, r"a record must be a JSON object", rows_in=4, rejected=1)
batch("jsonl_two_objects_one_line", "jsonl", jsonl([JSON_ROW + JSON_ROW] + JOK), 1, len(JSON_ROW) + 1, r"syntax error", rows_in=4, rejected=1)
batch("jsonl_utf16", "jsonl", b"\xff\xfe" + jsonl(JOK).encode("utf-16-le"), 1, r"\d+", r"(UTF-16|syntax error)", rows_in=None)
batch("jsonl_crlf_and_blank", "jsonl", "\r\n".join(JOK) + "\r\n\r\n" + JSON_ROW.replace('"F"', '"Q"') + "\r\n", 5, r"\d+",
      r"field 'sex'", rows_in=4, rejected=1)
batch("jsonl_huge_line", "jsonl", jsonl(['{"id":"' + "x" * 1_000_000 + '","birth_date":"1964-07-01","sex":"Q"}'] + JOK), 1, 1_000_042,
      r"field 'sex'", rows_in=4, rejected=1)
batch("jsonl_many_bad", "jsonl", jsonl(["{"] * 100 + JOK), 1, 2, r"syntax error[\s\S]*and 90 more rejected rows", rows_in=103, rejected=100)


# --- output -------------------------------------------------------------------------------

def manifest_lines():
    yield "# case\tentry\texit\tCPU ms\tpattern (Python re, MULTILINE, over stdout + stderr)"
    for c in cases:
        yield f"{c['name']}\t{c['entry']}\t{c['exit']}\t{c['cpu_ms']}\t{c['pattern']}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--manifest")
    args = ap.parse_args()
    text = "\n".join(manifest_lines()) + "\n"
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as f:
            f.write(text)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for c in cases:
            for rel, data in c["files"].items():
                path = os.path.join(args.out, c["name"], rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
        with open(os.path.join(args.out, "manifest.tsv"), "w", encoding="utf-8") as f:
            f.write(text)
    if not args.out and not args.manifest:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
