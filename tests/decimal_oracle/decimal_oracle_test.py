"""Decimal arithmetic against an independent oracle: Python's decimal module.

Generates N random cases (fixed seed) of add, sub, neg, mul, div, round and fmt over raw
scaled values spread from 0 to the largest representable magnitude, with edge values mixed
in (0, ±1 ulp, ±max, min, half-way ties at every position, products and quotients that land
on ties). The expected answer is computed with decimal at a precision high enough to be
exact, then rounded once with the mode under test; a result beyond ±max is "overflow".
The C++ driver's answers must match every case: zero mismatches, every overflow reported.

usage: decimal_oracle_test.py DRIVER [--cases N] [--seed S]
"""
import argparse
import decimal
import random
import subprocess
import sys
from collections import Counter
from decimal import Decimal as D

MAX_RAW = 2**63 - 1          # Decimal::max().raw(); min() is -MAX_RAW
SCALE = D(1).scaleb(-6)      # one unit of the sixth place
MODES = {
    "half_up": decimal.ROUND_HALF_UP,      # ties away from zero (四舍五入)
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,            # toward zero
    "up": decimal.ROUND_UP,                # away from zero
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
}
# Exact for every operation here: products have at most 38 digits; quotients are cut at 200
# digits, and a quotient of two 19-digit integers cannot read as an exact tie at the sixth
# place unless it is one (the digits after a dropped remainder r < b repeat within 19
# places), so the single rounding below is the correctly rounded result.
CTX = decimal.Context(prec=200, rounding=decimal.ROUND_DOWN, Emax=999, Emin=-999)


def value(raw):
    return D(raw).scaleb(-6, CTX)


def to_raw(d):
    """A decimal with at most 6 places as a raw int, or None beyond the range."""
    raw = int(d.scaleb(6, CTX))
    return raw if abs(raw) <= MAX_RAW else None


def expect(op, a, b, mode):
    x = value(a)
    if op == "neg":
        r = to_raw(CTX.minus(x))
    elif op == "add":
        r = to_raw(CTX.add(x, value(b)))
    elif op == "sub":
        r = to_raw(CTX.subtract(x, value(b)))
    elif op == "mul":  # the internal-precision rule: 6 places, half_even (docs/language.md)
        r = to_raw(CTX.multiply(x, value(b)).quantize(SCALE, rounding=decimal.ROUND_HALF_EVEN,
                                                       context=CTX))
    elif op == "div":
        if b == 0:
            return "divzero"
        r = to_raw(CTX.divide(x, value(b)).quantize(SCALE, rounding=MODES[mode], context=CTX))
    elif op == "round":
        places = b
        if places >= 6:
            r = a
        else:
            r = to_raw(x.quantize(D(1).scaleb(-places), rounding=MODES[mode], context=CTX))
    elif op == "fmt":
        text = str(x.quantize(D(1).scaleb(-b), rounding=MODES[mode], context=CTX))
        return text[1:] if text.startswith("-") and D(text) == 0 else text  # no "-0.00"
    return "overflow" if r is None else str(r)


def magnitude(rng):
    """A raw magnitude with a random number of digits, so every scale is exercised."""
    digits = rng.randint(1, 19)
    return rng.randint(0, min(10**digits - 1, MAX_RAW))


def operand(rng):
    roll = rng.random()
    if roll < 0.08:
        v = rng.choice([0, 1, MAX_RAW, MAX_RAW - 1, 10**6, 5 * 10**5, 999_999,
                        MAX_RAW // 10**6 * 10**6, 3_037_000_499, 3_037_000_500])
    elif roll < 0.25:  # a tie at a random place: ...d5000 with k zeros
        k = rng.randint(0, 17)
        v = (rng.randint(0, MAX_RAW // 10**(k + 1) - 1) * 10 + 5) * 10**k
    elif roll < 0.40:  # small amounts: fen, rates
        v = rng.randint(0, 10**10)
    else:
        v = magnitude(rng)
    return -v if rng.random() < 0.5 else v


def divisor(rng):
    if rng.random() < 0.3:  # divisors that make exact or tie quotients: 2, 4, 8, 0.5, 10^k …
        v = rng.choice([1, 2, 4, 8, 16, 5, 25, 125, 3, 7, 9, 11]) * 10**rng.randint(0, 12)
        return -v if rng.random() < 0.5 else v
    return operand(rng)


def cases(n, seed):
    rng = random.Random(seed)
    modes = list(MODES)
    ops = ["add", "sub", "mul", "div", "round", "fmt", "neg"]
    weights = [10, 10, 25, 25, 20, 9, 1]
    for _ in range(n):
        op = rng.choices(ops, weights)[0]
        mode = rng.choice(modes)
        a = operand(rng)
        if op in ("add", "sub", "mul"):
            b = operand(rng) if rng.random() < 0.7 else divisor(rng)
            if op == "mul" and rng.random() < 0.2:  # near the edge of the range
                b = rng.choice([2, -2, 10**6 + 1, 10**7, -(10**7)])
        elif op == "div":
            b = divisor(rng) if rng.random() < 0.6 else operand(rng)
            if rng.random() < 0.01:
                b = 0
        elif op in ("round", "fmt"):
            b = rng.randint(-15, 7) if op == "round" else rng.randint(0, 6)
            if rng.random() < 0.4 and -12 <= b < 6:  # an exact tie at the place rounded to
                unit = 10**(6 - b)
                q = rng.randint(0, MAX_RAW // unit - 1)
                a = (q * unit + unit // 2) * (1 if rng.random() < 0.5 else -1)
        else:
            b = 0
        yield op, a, b, mode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("driver")
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261123)
    args = ap.parse_args()

    all_cases = list(cases(args.cases, args.seed))
    lines = []
    for op, a, b, mode in all_cases:
        if op == "neg":
            lines.append(f"neg {a}")
        elif op in ("add", "sub", "mul"):
            lines.append(f"{op} {a} {b}")
        else:
            lines.append(f"{op} {a} {b} {mode}")
    p = subprocess.run([args.driver], input="\n".join(lines) + "\n", capture_output=True,
                       text=True)
    if p.returncode != 0:
        print(f"FAIL: driver exit {p.returncode}: {p.stderr}")
        return 1
    got = p.stdout.split("\n")
    if len(got) != len(lines) + 1:
        print(f"FAIL: driver printed {len(got) - 1} answers for {len(lines)} cases")
        return 1

    mismatches = 0
    tally = Counter()
    for (op, a, b, mode), line, answer in zip(all_cases, lines, got):
        want = expect(op, a, b, mode)
        key = op if op in ("add", "sub", "mul", "neg") else f"{op}/{mode}"
        tally[key] += 1
        if want == "overflow":
            tally["overflow"] += 1
        if answer != want:
            mismatches += 1
            if mismatches <= 20:
                print(f"MISMATCH {line}: entitle {answer}, decimal {want}")
    print(f"{len(all_cases)} cases, {mismatches} mismatches, {tally['overflow']} overflows")
    print("  " + ", ".join(f"{k}={v}" for k, v in sorted(tally.items()) if k != "overflow"))
    if mismatches:
        print("FAIL")
        return 1
    # The generator must actually reach the edges it claims to test.
    for key in [f"{op}/{m}" for op in ("div", "round", "fmt") for m in MODES]:
        if tally[key] == 0:
            print(f"FAIL: no case of {key}")
            return 1
    if tally["overflow"] < len(all_cases) // 100:
        print("FAIL: too few overflow cases to trust the overflow check")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
