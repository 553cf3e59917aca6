#!/usr/bin/env python3
"""shingles.py - the guide's originality check: no run of eight words may be
shared with the source document the guide was written after.

    scripts/shingles.py make SEED_DIR [OUT]   hash every 8-word run of the text
                                              files in SEED_DIR (default OUT:
                                              tests/data/seed-shingles.txt)
    scripts/shingles.py check FILE...         report runs of FILEs whose hash is
                                              in tests/data/seed-shingles.txt

Only hashes are kept (the first 16 hex digits of SHA-256 of the eight words,
lower-cased, joined by single spaces), so the check runs anywhere without the
document's text. Words are runs of letters and digits; typographic quotes,
apostrophes and dashes separate words like their plain forms.
"""
import hashlib
import os
import re
import sys

N = 8
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "tests", "data", "seed-shingles.txt")


def words(text):
    return re.findall(r"[^\W_]+", text.lower())


def digest(run):
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:16]


def runs(text):
    """(index, words) of every run of N words in text."""
    w = words(text)
    return [(i, w[i:i + N]) for i in range(len(w) - N + 1)]


def load(path=DEFAULT):
    with open(path, encoding="utf-8") as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def shared(text, hashes):
    """The runs of text whose hash is in hashes, as strings of our own words."""
    return [" ".join(r) for _, r in runs(text) if digest(r) in hashes]


def make(seed_dir, out):
    hashes = set()
    for name in sorted(os.listdir(seed_dir)):
        path = os.path.join(seed_dir, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                hashes.update(digest(r) for _, r in runs(f.read()))
    with open(out, "w", encoding="utf-8") as f:
        f.write("# SHA-256 (first 16 hex digits) of every run of 8 words of the source\n"
                "# document; made by scripts/shingles.py. No text of the document is kept.\n")
        for h in sorted(hashes):
            f.write(h + "\n")
    print(f"{len(hashes)} hashes written to {out}")


def main(argv):
    if len(argv) >= 2 and argv[0] == "make":
        make(argv[1], argv[2] if len(argv) > 2 else DEFAULT)
        return 0
    if len(argv) >= 2 and argv[0] == "check":
        hashes = load()
        bad = 0
        for path in argv[1:]:
            with open(path, encoding="utf-8") as f:
                for run in shared(f.read(), hashes):
                    print(f"{path}: shares eight words with the source: {run}")
                    bad += 1
        return 1 if bad else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
