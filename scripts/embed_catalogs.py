#!/usr/bin/env python3
"""Compile JSON data files into a C source file: the dilator catalogs
(data/catalogs/*.json), and with options the programs and goals
(data/programs/*.json, data/goals.json).

Usage: embed_catalogs.py [--table NAME --type STRUCT --include HEADER]
                         OUT.c FILE.json [FILE.json ...]
Each file becomes a byte array named by its base name ("fms.json"); the
table (by default catalog_builtin of struct catalog_file from
core/catalog.h) ends with a zeroed entry. The bytes are checked by the
strict loaders (src/core/catalog.c, program.c, goal.c) when the program
starts, and by the unit tests.
"""
import argparse
import os


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--table', default='catalog_builtin')
    ap.add_argument('--type', default='catalog_file')
    ap.add_argument('--include', default='core/catalog.h')
    ap.add_argument('out')
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    lines = ['/* Generated from data/ by scripts/embed_catalogs.py; do not edit. */',
             '#include "%s"' % a.include, '']
    files = []
    for i, path in enumerate(sorted(a.files, key=os.path.basename)):
        data = open(path, 'rb').read()
        lines.append('static const char %s_%d[] = {' % (a.table, i))
        for j in range(0, len(data), 16):
            lines.append('    ' + ''.join('%d,' % b for b in data[j:j + 16]))
        lines.append('    0};')
        files.append((os.path.basename(path), i, len(data)))
    lines.append('')
    lines.append('const struct %s %s[] = {' % (a.type, a.table))
    for name, i, n in files:
        lines.append('    {"%s", %s_%d, %d},' % (name, a.table, i, n))
    lines.append('    {0, 0, 0}};')
    with open(a.out, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
