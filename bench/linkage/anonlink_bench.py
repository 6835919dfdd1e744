#!/usr/bin/env python3
"""Times anonlink's native Dice candidate generation on two files of encodings (vigie's JSON lines).

Usage: anonlink_bench.py A.jsonl B.jsonl THRESHOLD REPEAT
Prints JSON: the comparisons, the candidates found, and the median seconds of REPEAT runs of
anonlink.candidate_generation.find_candidate_pairs with anonlink.similarities.dice_coefficient_accelerated
(its C++ popcount code), after one warm-up run.
"""
import base64
import json
import statistics
import sys
import time

import anonlink
from bitarray import bitarray


def load(path):
    out = []
    with open(path) as f:
        for line in f:
            data = base64.b64decode(json.loads(line)["clk"])
            ba = bitarray(endian="little")
            ba.frombytes(data)
            out.append(ba)
    return out


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    threshold, repeat = float(sys.argv[3]), int(sys.argv[4])
    dice = anonlink.similarities.dice_coefficient_accelerated
    anonlink.candidate_generation.find_candidate_pairs([a[:200], b[:200]], dice, threshold)
    times, found = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = anonlink.candidate_generation.find_candidate_pairs([a, b], dice, threshold)
        times.append(time.perf_counter() - t0)
        found = len(result[0])
    print(json.dumps({"side": "anonlink", "version": anonlink.__version__ if hasattr(anonlink, "__version__") else "?",
                      "comparisons": len(a) * len(b), "candidates": found, "seconds": statistics.median(times),
                      "runs": times}))


if __name__ == "__main__":
    main()
