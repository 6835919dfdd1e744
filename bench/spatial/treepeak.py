#!/usr/bin/env python3
"""Runs a command and reports its wall time and its peak memory, counting every process it starts.

GNU time's "Maximum resident set size" (and getrusage) gives the largest single process. esda's parallel
permutations run in loky worker processes, whose memory that figure leaves out; this wrapper polls /proc every
INTERVAL seconds and keeps the peak of the sum over the whole process tree, as RSS (shared library pages counted
once per process) and as PSS (shared pages split between the processes that map them: the fairer sum).

Usage: treepeak.py [--interval S] [--stdout FILE] -- COMMAND ARGS...
  --interval 0: no sampling (for a command known to run as one process); default 0.05 s.
Prints one JSON line: wall_s, maxrss_kib (largest single process, from wait4: what GNU time reports), tree_rss_kib
and tree_pss_kib (sampled peaks of the sums), samples, returncode. The command's own standard output goes to FILE
(default /dev/null). Standard library only; Linux only.
"""
import json
import os
import subprocess
import sys
import threading
import time


def children_map():
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the ppid is the second field after it.
        rest = stat[stat.rfind(b")") + 2 :].split()
        kids.setdefault(int(rest[1]), []).append(int(name))
    return kids


def tree(root):
    kids = children_map()
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def memory(pid):
    """(rss, pss) in KiB of one process, or (0, 0) when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def main():
    args = sys.argv[1:]
    interval, out = 0.05, os.devnull
    while args and args[0] != "--":
        if args[0] == "--interval":
            interval, args = float(args[1]), args[2:]
        elif args[0] == "--stdout":
            out, args = args[1], args[2:]
        else:
            sys.exit(f"unknown option {args[0]}")
    cmd = args[1:]
    if not cmd:
        sys.exit(__doc__)
    peak = {"rss": 0, "pss": 0, "samples": 0}
    done = threading.Event()

    def sample(root):
        # Sums the memory of the process tree until the command ends; the main thread waits for it meanwhile,
        # so the wall time is exact whatever the interval.
        while not done.is_set():
            rss = pss = 0
            for p in tree(root):
                r, s = memory(p)
                rss, pss = rss + r, pss + s
            peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)
            peak["samples"] += 1
            done.wait(interval)

    with open(out, "wb") as sink:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink)
        sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
        if interval > 0:
            sampler.start()
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        if interval > 0:
            sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss = rusage.ru_maxrss
    peak_rss, peak_pss, samples = peak["rss"], peak["pss"], peak["samples"]
    print(json.dumps({"wall_s": wall, "maxrss_kib": maxrss, "tree_rss_kib": max(peak_rss, maxrss),
                      "tree_pss_kib": peak_pss, "samples": samples, "returncode": proc.returncode}))
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
