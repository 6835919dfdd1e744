#!/usr/bin/env python3
"""Two synthetic agency lists of people for the end-to-end linkage benchmark, with the truth (standard library only).

Usage: make_people.py N SEED OUT_DIR
Writes OUT_DIR/a.csv and OUT_DIR/b.csv (record_id,first_name,last_name,date_of_birth; N records each, the columns
of examples/demo/schema.json) and OUT_DIR/truth.csv (a_id,b_id). Half of b's records are people of a, written again
by another agency: one name in three with a typing error (a letter replaced, dropped, doubled or two swapped), dates
in another format, one date in twenty with day and month swapped, one in fifty missing, names in capitals now and
then. The other half are other people. Names are drawn with Zipf frequencies from large made-up pools (syllables),
so that common names are common and namesakes exist, as in a real city.
"""
import bisect
import itertools
import random
import sys

SYLLABLES = ["an", "ma", "ri", "el", "jo", "na", "ka", "li", "sa", "to", "mi", "ra", "da", "ne", "lo", "vi", "te",
             "zo", "be", "fa", "go", "hu", "ir", "ja", "ke", "lu", "mo", "ni", "ol", "pa", "qu", "ro", "si", "tu",
             "ul", "va", "we", "xa", "ya", "zi", "bor", "dan", "mir", "sol", "tan", "vel", "kor", "lin", "mar", "ser"]


def pool(rng, parts, size):
    names = set()
    while len(names) < size:
        k = rng.choice(parts)
        names.add("".join(rng.choice(SYLLABLES) for _ in range(k)))
    names = sorted(names)
    rng.shuffle(names)
    return names


def zipf_picker(rng, names, s=1.05):
    cum = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(len(names))))
    total = cum[-1]
    return lambda: names[bisect.bisect_left(cum, rng.random() * total)]


def typo(rng, name):
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return name[:i] + rng.choice("abcdefghijklmnoprstuvz") + name[i + 1:]
    if kind == 1:
        return name[:i] + name[i + 1:]
    if kind == 2:
        return name[:i] + name[i] + name[i:]
    return name[:i - 1] + name[i] + name[i - 1] + name[i + 1:]


def main():
    n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    first = zipf_picker(rng, pool(rng, [2, 3], 20_000), s=0.85)
    last = zipf_picker(rng, pool(rng, [2, 3, 4], 200_000), s=0.75)

    def person():
        y, m, d = rng.randrange(1940, 2008), rng.randrange(1, 13), rng.randrange(1, 29)
        return first().capitalize(), last().capitalize(), (y, m, d)

    people_a = [person() for _ in range(n)]
    shared = n // 2
    with open(f"{out}/a.csv", "w") as fa:
        fa.write("record_id,first_name,last_name,date_of_birth\n")
        for i, (f, l, (y, m, d)) in enumerate(people_a):
            fa.write(f"a{i},{f},{l},{y:04}-{m:02}-{d:02}\n")
    chosen = rng.sample(range(n), shared)
    rows = [(i, people_a[i]) for i in chosen] + [(None, person()) for _ in range(n - shared)]
    rng.shuffle(rows)
    with open(f"{out}/b.csv", "w") as fb, open(f"{out}/truth.csv", "w") as ft:
        fb.write("record_id,first_name,last_name,date_of_birth\n")
        ft.write("a_id,b_id\n")
        for j, (i, (f, l, (y, m, d))) in enumerate(rows):
            if i is not None:
                ft.write(f"a{i},b{j}\n")
                if rng.random() < 1 / 3:
                    if rng.random() < 0.5:
                        f = typo(rng, f.lower()).capitalize()
                    else:
                        l = typo(rng, l.lower()).capitalize()
                if rng.random() < 0.05 and d <= 12:
                    m, d = d, m
            if rng.random() < 0.1:
                l = l.upper()
            dob = "" if rng.random() < 0.02 else f"{d:02}/{m:02}/{y:04}"
            fb.write(f"b{j},{f},{l},{dob}\n")


if __name__ == "__main__":
    main()
