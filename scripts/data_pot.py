#!/usr/bin/env python3
"""Write the words in Pace's data files that a person reads as a .pot file.

Usage: data_pot.py OUT.pot FILE.json [FILE.json ...]

xgettext reads only the C sources, but some labels come from data/*.json and are
shown through _() (set labels, goal names and notes, program names and sources). `make po`
joins this template into po/pace.pot so msgmerge keeps their German entries.
Product and size labels ("FMS", "18", "#3") are names and are left out.
"""
import json
import sys

# Keys whose string values are prose or labels she reads; everything else in
# the data (ids, sources, numbers, item labels) stays as it is.
KEYS = {'name', 'label', 'note', 'description'}
# Item labels and a product line's name are product names, not words.
SKIP_PATHS = {'items[].label'}


def quote(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


def walk(node, path, out, keys=KEYS):
    if isinstance(node, dict):
        for k, v in node.items():
            p = f'{path}.{k}' if path else k
            if isinstance(v, str):
                if k in keys and p not in SKIP_PATHS and any(c.isalpha() for c in v):
                    out.append((p, v))
            else:
                walk(v, p, out, keys)
    elif isinstance(node, list):
        for v in node:
            walk(v, path + '[]', out, keys)


def main():
    out_path, files = sys.argv[1], sys.argv[2:]
    seen = {}
    order = []
    for f in sorted(files):
        with open(f, encoding='utf-8') as fh:
            doc = json.load(fh)
        found = []
        walk(doc, '', found)
        if isinstance(doc, dict) and 'items' in doc:  # a catalog: its name is a brand
            found = [(p, s) for p, s in found if p != 'name']
        if isinstance(doc, dict) and 'phases' in doc:  # a program: the plan pages show sources
            walk(doc, '', found, {'source'})
        for p, s in found:
            if s not in seen:
                seen[s] = []
                order.append(s)
            where = f'{f} ({p})'
            if where not in seen[s]:
                seen[s].append(where)
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '']
    for s in order:
        for where in seen[s]:
            lines.append(f'#. {where}')
        lines.append('msgid ' + quote(s))
        lines.append('msgstr ""')
        lines.append('')
    with open(out_path, 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(lines))


if __name__ == '__main__':
    main()
