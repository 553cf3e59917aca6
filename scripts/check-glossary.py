#!/usr/bin/env python3
"""check-glossary.py - keeps the German words consistent (po/glossary.md).

    scripts/check-glossary.py [--po FILE] [--guide DIR]

For each row of the glossary's table, every po entry whose English contains
the row's term (case-insensitively, at the start of a word) must not use a
word listed under "Not" in its German, unless the English also says one of
the words under "Unless the English says"; and no German article of the
guide may use a word listed under "Never in the guide". Prints one line per
problem (file, entry or line, the word) and exits 1 when there is any.
"""
import argparse
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def words(cell):
    return [w.strip() for w in cell.split(",") if w.strip()]


def load_glossary(path):
    """Rows as dicts: terms, german, not, unless, guide."""
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.startswith("|")]
    for line in lines[2:]:  # the header and the |---| line
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6:
            raise ValueError(f"{path}: a row needs six cells: {line}")
        rows.append({"terms": words(cells[0]), "german": cells[1], "not": words(cells[2]),
                     "unless": words(cells[3]), "guide": words(cells[4])})
    return rows


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s[1:-1])


def load_po(path):
    """(line, msgid, [msgstr...]) for every translated entry."""
    entries, cur, key, start = [], {}, None, 0

    def flush():
        if cur.get("msgid"):
            strs = [v for k, v in sorted(cur.items()) if k.startswith("msgstr")]
            entries.append((start, cur["msgid"], strs))

    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                cur, key = {}, None
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                cur[key] += unquote(line)
            else:
                word, rest = line.split(" ", 1)
                if word == "msgid":
                    flush()
                    cur, start = {}, n
                key = word
                cur[key] = unquote(rest)
    flush()
    return entries


def has_word(text, w):
    return re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text, re.I | re.U) is not None


def has_term(text, term):
    return re.search(r"(?<!\w)" + re.escape(term), text, re.I | re.U) is not None


def check_po(rows, entries, po_name):
    problems = []
    for line, msgid, strs in entries:
        for row in rows:
            if not any(has_term(msgid, t) for t in row["terms"]):
                continue
            if any(has_term(msgid, u) for u in row["unless"]):
                continue
            for s in strs:
                for bad in row["not"]:
                    if has_word(s, bad):
                        problems.append(f"{po_name}:{line}: \"{bad}\" for \"{row['terms'][0]}\" "
                                        f"(use \"{row['german']}\"): {s}")
    return problems


def check_guide(rows, guide_dir):
    problems = []
    for name in sorted(os.listdir(guide_dir)):
        if not name.endswith(".md"):
            continue
        path = os.path.join(guide_dir, name)
        with open(path, encoding="utf-8") as f:
            for n, text in enumerate(f, 1):
                for row in rows:
                    for bad in row["guide"]:
                        if has_word(text, bad):
                            problems.append(f"{path}:{n}: \"{bad}\" (use \"{row['german']}\")")
    return problems


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--glossary", default=os.path.join(ROOT, "po", "glossary.md"))
    ap.add_argument("--po", default=os.path.join(ROOT, "po", "de.po"))
    ap.add_argument("--guide", default=os.path.join(ROOT, "data", "guide", "de"))
    a = ap.parse_args(argv)
    rows = load_glossary(a.glossary)
    problems = check_po(rows, load_po(a.po), a.po) + check_guide(rows, a.guide)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
