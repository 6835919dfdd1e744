#!/usr/bin/env python3
"""Times clkhash encoding a FEBRL file with a schema equivalent to examples/febrl/schema.json (same fields, tokens
and bits per token; clkhash's schema format v3, in clkhash_febrl_schema.json).

Usage: clkhash_bench.py FILE.csv REPEAT   (FEBRL's header has a space after each comma: it is stripped first)
Prints JSON: records, median seconds of REPEAT runs of clkhash.clk.generate_clk_from_csv (after a warm-up).
"""
import io
import json
import statistics
import sys
import time

from clkhash import clk
from clkhash.schema import from_json_file


def main():
    path, repeat = sys.argv[1], int(sys.argv[2])
    text = "\n".join(",".join(c.strip() for c in line.split(",")) for line in open(path).read().splitlines()) + "\n"
    with open(sys.argv[0].replace("clkhash_bench.py", "clkhash_febrl_schema.json")) as f:
        schema = from_json_file(f)
    secret = "a secret shared by the two partners"
    clk.generate_clk_from_csv(io.StringIO("\n".join(text.splitlines()[:50]) + "\n"), secret, schema,
                              validate=False, progress_bar=False)
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = clk.generate_clk_from_csv(io.StringIO(text), secret, schema, validate=False, progress_bar=False)
        times.append(time.perf_counter() - t0)
        n = len(out)
    print(json.dumps({"side": "clkhash", "records": n, "seconds": statistics.median(times), "runs": times}))


if __name__ == "__main__":
    main()
