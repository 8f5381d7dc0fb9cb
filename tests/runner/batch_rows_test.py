"""batch: every row comes out as an output row or a reject row, never lost.

CSV and JSON Lines inputs with injected bad rows (wrong cell count, a date that does not
exist, an unknown enum value, malformed quoting, a malformed JSON line), plus valid rows
that are easy to get wrong (a quoted newline, a quoted comma, CRLF). Checks the counts line,
the rejects file (line, field, record), the exit codes, and that the block size does not
change a byte of the output.
"""
import os

from runner_util import (Context, check, counts, read_csv, read_jsonl, read_lines, same_bytes,
                         write_persons)

ctx = Context()
good = ctx.path("good.csv")
write_persons(200, seed=1, csv_path=good)
lines = read_lines(good)

# (text, expected reject field or None for a good row); text may span lines.
injected = [
    ("B1,1950-01-01,M,true,Nanhu,dibao,farmer,false,false,false,10", "monthly_wage"),
    ("B2,1950-02-30,M,true,Nanhu,dibao,farmer,false,false,false,10,0.00", "birth_date"),
    ("B3,1950-01-01,M,true,Nanhu,dibao,astronaut,false,false,false,10,0.00", "employment"),
    ('"B4\nsecond line",1950-01-01,F,true,"Nan,hu","dibao;wubao",farmer,false,false,false,10,1.50',
     None),
    ('B5,1950-01-01,F,true,Na"nhu,dibao,farmer,false,false,false,10,0.00', ""),
    ('B6,1950-01-01,F,true,"Nanhu,dibao,farmer,false,false,false,10,0.00', ""),
    ("B7,1950-01-01,F,true,Nanhu,,farmer,false,false,false,10,0.00\r", None),
    ("B8,1950-01-01,F,true,Nanhu,dibao;bogus,farmer,false,false,false,10,0.00", "groups[1]"),
    ("B9,1950-01-01,F,maybe,Nanhu,,farmer,false,false,false,10,0.00", "hukou_local"),
    ("", None),  # a blank line is not a row
    ("B10,1950-01-01,F,true,Nanhu,,farmer,false,false,false,10,12.1234567", "monthly_wage"),
]
text = lines[:101]  # header + 100 good rows
expected_rejects = []  # (line, field)
line = len(text) + 1
for row, field in injected:
    if row == "":
        text.append("")
        line += 1
        continue
    if field is not None:
        expected_rejects.append((line, field))
    text.append(row)
    line += row.count("\n") + 1
text += lines[101:]
src = ctx.path("in.csv")
with open(src, "w", newline="") as f:
    f.write("\n".join(text) + "\n")

rows_in = 200 + len([r for r, _ in injected if r])
out = ctx.path("out.csv")
rejects = ctx.path("rejects.csv")
_, stdout, stderr = ctx.batch("--in", src, "--out", out, "--rejects", rejects, "--threads", "2",
                              expect=1)
c = counts(stdout)
check(c["rows_in"] == rows_in, f"rows_in {c['rows_in']}, expected {rows_in}")
check(c["rows_rejected"] == len(expected_rejects),
      f"rows_rejected {c['rows_rejected']}, expected {len(expected_rejects)}\n{stderr}")
check(c["rows_in"] == c["rows_out"] + c["rows_rejected"], f"rows lost: {c}")
out_rows = read_csv(out)
check(len(out_rows) == c["rows_out"], f"{len(out_rows)} output rows, counts say {c['rows_out']}")
ids = [r["id"] for r in out_rows]
check("B4\nsecond line" in ids, "the row with a quoted newline is missing from the output")
check("B7" in ids, "the CRLF row is missing from the output")
got = [(int(r["line"]), r["field"]) for r in read_csv(rejects)]
check(got == expected_rejects, f"rejects {got}, expected {expected_rejects}")
for r in read_csv(rejects):
    check(r["record"] in "\n".join(text), f"reject record is not the input text: {r['record']!r}")
check("in.csv:" in stderr and "error:" in stderr, f"no file:line: error note on stderr:\n{stderr}")

# --allow-rejects: the same run exits 0.
ctx.batch("--in", src, "--out", out, "--rejects", rejects, "--allow-rejects", expect=0)

# Tiny blocks and odd thread counts split rows (and the quoted newline) across block ends.
small = ctx.path("small.csv")
ctx.batch("--in", src, "--out", small, "--rejects", ctx.path("small.rejects.csv"),
          "--block-bytes", "4096", "--threads", "3", "--allow-rejects", expect=0)
check(same_bytes(out, small), "--block-bytes 4096 changed the output")
check(same_bytes(rejects, ctx.path("small.rejects.csv")), "--block-bytes 4096 changed the rejects")

# A clean file exits 0 and leaves no default rejects file.
clean_out = ctx.path("clean.jsonl")
_, stdout, _ = ctx.batch("--in", good, "--out", clean_out, expect=0)
check(counts(stdout) == {"rows_in": 200, "rows_out": 200, "rows_rejected": 0}, stdout)
check(not os.path.exists(ctx.path("clean.rejects.csv")), "rejects file written for a clean run")
check(len(read_jsonl(clean_out)) == 200, "clean run: wrong number of JSON lines")

# JSON Lines input.
jsonl = ctx.path("in.jsonl")
write_persons(50, seed=2, jsonl_path=jsonl)
jlines = read_lines(jsonl)
bad_json = [
    ('{"id":"J1","birth_date":"1950-02-30","sex":"M"}', "birth_date"),
    ('{"id":"J2","birth_date":"1950-01-01","sex":"M",', ""),
    ('{"id":"J3","birth_date":"1950-01-01","employment":"astronaut"}', "employment"),
    ('{"id":"J4","birth_date":"1950-01-01","colour":"red"}', "colour"),
    ('{"id":"J5","birth_date":"1950-01-01","township":"line\\nbreak"}', None),
]
jtext = jlines[:10] + [t for t, _ in bad_json] + jlines[10:]
with open(jsonl, "w") as f:
    f.write("\n".join(jtext) + "\n")
expected = [(11 + i, f) for i, (_, f) in enumerate(bad_json) if f is not None]
jout = ctx.path("jout.jsonl")
jrej = ctx.path("jrejects.jsonl")
_, stdout, _ = ctx.batch("--in", jsonl, "--out", jout, "--rejects", jrej, expect=1)
c = counts(stdout)
check(c == {"rows_in": 55, "rows_out": 51, "rows_rejected": 4}, f"JSON Lines counts {c}")
got = [(r["line"], r["field"]) for r in read_jsonl(jrej)]
check(got == expected, f"JSON Lines rejects {got}, expected {expected}")
check(len(read_jsonl(jout)) == 51, "JSON Lines output row count")
print("ok")
