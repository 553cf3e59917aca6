#!/usr/bin/env python3
"""Turn .po message catalogues into a C source file of sorted lookup tables.

Usage: po2c.py OUT.c LANG=FILE.po [LANG=FILE.po ...]
Fuzzy and untranslated entries are left out, so the English text shows.
"""
import sys


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == '\\':
            i += 1
            e = body[i]
            out.append({'n': '\n', 't': '\t', '"': '"', '\\': '\\'}[e])
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def parse(path):
    entries, cur, key, fuzzy = [], {}, None, False

    def flush():
        nonlocal cur, fuzzy
        if 'msgid' in cur and cur['msgid'] and not fuzzy:
            forms = [cur.get('msgstr', '')] if 'msgstr' in cur else \
                [cur.get('msgstr[0]', ''), cur.get('msgstr[1]', '')]
            if all(forms):
                entries.append((cur['msgid'], forms))
        cur, fuzzy = {}, False

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                flush()
                key = None
                continue
            if line.startswith('#,') and 'fuzzy' in line:
                fuzzy = True
                continue
            if line.startswith('#'):
                continue
            if line.startswith('"'):
                cur[key] += unquote(line)
                continue
            word, rest = line.split(' ', 1)
            if word == 'msgid' and 'msgid' in cur:
                flush()
            key = word
            cur[key] = unquote(rest)
    flush()
    return entries


def cstr(s):
    out = []
    for b in s.encode('utf-8'):
        c = chr(b)
        if c == '\\' or c == '"':
            out.append('\\' + c)
        elif c == '\n':
            out.append('\\n')
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append('\\%03o' % b)
    return '"' + ''.join(out) + '"'


def main():
    out = sys.argv[1]
    lines = ['/* Generated from the po catalogues by scripts/po2c.py; do not edit. */',
             '#include "core/i18n_table.h"', '']
    langs = []
    for arg in sys.argv[2:]:
        lang, path = arg.split('=', 1)
        entries = sorted(parse(path), key=lambda e: e[0].encode('utf-8'))
        lines.append('static const struct i18n_entry %s_entries[] = {' % lang)
        for msgid, forms in entries:
            plural = forms[1] if len(forms) > 1 else forms[0]
            lines.append('    {%s, %s, %s},' % (cstr(msgid), cstr(forms[0]), cstr(plural)))
        lines.append('    {0, 0, 0}};')
        lines.append('')
        langs.append((lang, len(entries)))
    lines.append('const struct i18n_table i18n_tables[] = {')
    for lang, n in langs:
        lines.append('    {"%s", %s_entries, %d},' % (lang, lang, n))
    lines.append('    {0, 0, 0}};')
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
