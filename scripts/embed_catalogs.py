#!/usr/bin/env python3
"""Compile the catalog data files (data/catalogs/*.json) into a C source file.

Usage: embed_catalogs.py OUT.c FILE.json [FILE.json ...]
Each file becomes a byte array named by its base name ("fms.json"); the
table ends with a zeroed entry. The bytes are checked by the strict loader
(src/core/catalog.c) when the program starts, and by the unit tests.
"""
import os
import sys


def main():
    out = sys.argv[1]
    lines = ['/* Generated from data/catalogs by scripts/embed_catalogs.py; do not edit. */',
             '#include "core/catalog.h"', '']
    files = []
    for i, path in enumerate(sorted(sys.argv[2:], key=os.path.basename)):
        data = open(path, 'rb').read()
        lines.append('static const char catalog_file_%d[] = {' % i)
        for j in range(0, len(data), 16):
            lines.append('    ' + ''.join('%d,' % b for b in data[j:j + 16]))
        lines.append('    0};')
        files.append((os.path.basename(path), i, len(data)))
    lines.append('')
    lines.append('const struct catalog_file catalog_builtin[] = {')
    for name, i, n in files:
        lines.append('    {"%s", catalog_file_%d, %d},' % (name, i, n))
    lines.append('    {0, 0, 0}};')
    with open(out, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
