#!/usr/bin/env python3
"""Writes two files of random Bloom-filter encodings (vigie's JSON lines: {"id", "clk", "blocks", "schema"}).

Usage: make_filters.py N BITS DENSITY SEED OUT_A OUT_B
Each bit is set with probability DENSITY (real CLKs have 25-50 % of bits set). Standard library only.
"""
import base64
import json
import random
import sys


def main():
    n, bits, density, seed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    for side, path in (("a", sys.argv[5]), ("b", sys.argv[6])):
        with open(path, "w") as f:
            for i in range(n):
                value = 0
                for b in range(bits):
                    if rng.random() < density:
                        value |= 1 << b
                # vigie's byte order: 64-bit words, little-endian, bit i of the filter = bit i % 64 of word i // 64.
                data = value.to_bytes(bits // 8, "little")
                f.write(json.dumps({"id": f"{side}{i}", "clk": base64.b64encode(data).decode(), "blocks": []}) + "\n")


if __name__ == "__main__":
    main()
