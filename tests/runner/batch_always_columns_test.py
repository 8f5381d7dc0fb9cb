"""batch --columns RULE.OUTPUT for outputs listed under a rule's always: block.

The township payment rule of rules/ganxian-2023 (赣区府办字〔2023〕81号 附件3) gives the rate and
the gap whether or not the 70% target is met: batch prints them for every township.
"""
import csv
import os

from runner_util import Context, check

ctx = Context()
rules = os.path.join(ctx.source, "rules", "ganxian-2023")
src = ctx.path("townships.csv")
with open(src, "w", encoding="utf-8", newline="") as f:
    f.write("id,name,payment_due,paid\n"
            "GX01,梅林镇,1350,465\n"     # 34.44%, short of 70%
            "GX02,吉埠镇,100,70\n"       # exactly 70%: met
            "GX03,无应缴,0,0\n")         # no one due: no rate (0), not met
out = ctx.path("townships.out.csv")
ctx.run("batch", rules, "--as-of", "2023-09-30", "--in", src, "--out", out, "--entity",
        "township", "--threads", "1", "--columns",
        "id,status=ganxian.township_payment.status,rate=ganxian.township_payment.rate_percent,"
        "gap=ganxian.township_payment.gap,short=ganxian.township_payment.short_of_target",
        expect=0)
with open(out, encoding="utf-8", newline="") as f:
    rows = {r["id"]: r for r in csv.DictReader(f)}
check(rows["GX01"] == {"id": "GX01", "status": "not_eligible", "rate": "34.44", "gap": "-885",
                       "short": "480"}, f"GX01: {rows['GX01']}")
check(rows["GX02"]["status"] == "eligible" and rows["GX02"]["gap"] == "-30"
      and rows["GX02"]["short"] == "0", f"GX02: {rows['GX02']}")
check(rows["GX03"]["status"] == "not_eligible" and rows["GX03"]["rate"] == "0"
      and rows["GX03"]["gap"] == "0", f"GX03: {rows['GX03']}")
print("ok")
