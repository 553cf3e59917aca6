"""The German words stay consistent (po/glossary.md): scripts/check-glossary.py
finds nothing in po/de.po and the German guide, and it does flag a msgstr
that uses a variant the glossary forbids, while leaving its exceptions alone.
No server needed."""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
SCRIPT = os.path.join(ROOT, "scripts", "check-glossary.py")


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True,
                          timeout=60)


def test_po_and_guide_follow_the_glossary():
    p = run()
    assert p.returncode == 0, p.stdout + p.stderr


def test_a_forbidden_variant_is_flagged_and_an_exception_is_not():
    d = tempfile.mkdtemp(prefix="pace-glossary-")
    po = os.path.join(d, "de.po")
    guide = os.path.join(d, "guide")
    os.mkdir(guide)
    with open(po, "w", encoding="utf-8") as f:
        f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                'msgid "Highest pain that still counts as comfortable"\n'
                'msgstr "Höchster Schmerz, der noch als angenehm gilt"\n\n'
                'msgid "Place it in comfortably warm water."\n'
                'msgstr "Leg ihn in angenehm warmes Wasser."\n\n'
                'msgid "Intercourse"\nmsgstr "Sex"\n\n'
                'msgid "At your last check-in you noticed signs of an infection."\n'
                'msgstr "Vor deiner letzten Übung hast du Anzeichen einer Infektion bemerkt."\n\n'
                'msgid "%d check-in"\nmsgid_plural "%d check-ins"\n'
                'msgstr[0] "%d Ankommen"\nmsgstr[1] "%d Übungen"\n\n'
                'msgid "My partner"\nmsgstr "Mein Partner"\n')
    with open(os.path.join(guide, "a.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: x\n---\nEin Krampf kann kommen.\nAngenehm warm ist gut.\n")
    p = run("--po", po, "--guide", guide)
    out = p.stdout
    assert p.returncode == 1, out
    assert f'{po}:5: "angenehm" for "comfortable"' in out, out
    assert "angenehm warmes" not in out  # temperature is the exception
    assert f'{po}:11: "Sex" for "intercourse"' in out, out
    assert f'{po}:14: "Übung" for "check-in"' in out, out
    assert f'{po}:17: "Übungen" for "check-in"' in out, out  # a plural form too
    assert f'{po}:22: "Partner" for "my partner"' in out, out
    assert f'{os.path.join(guide, "a.md")}:4: "Krampf"' in out, out
    assert len(out.strip().splitlines()) == 6, out
