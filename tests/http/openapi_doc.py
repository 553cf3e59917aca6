"""openapi_doc.py - docs/openapi.yaml read and used with Python's standard
library alone: a small YAML reader for the part of YAML the document is
written in, and a JSON Schema checker for the keywords it uses.

    doc = load()                          # the document as plain dicts and lists
    problems = check(doc, schema, value)  # [] when value follows schema

The reader takes block mappings and sequences, flow {} and [] (across lines
too), plain, quoted and literal block (|) scalars, and comments. Whatever it
does not know - anchors, aliases, tags, several documents, a duplicate key,
a plain word that YAML 1.1 and 1.2 read differently (yes, no, on, off) - is
refused with the line, so that every YAML parser reads the document the same
way (scripts/check-openapi compares it with the linter's own reading).

The checker knows the JSON Schema 2020-12 keywords the document uses and
refuses any other word in a schema: a description cut short by an unquoted
comma in a flow mapping turns its tail into a keyword, and is caught here.
With closed=True an object may carry only the properties its schema names
(through allOf, oneOf and anyOf too) unless it says additionalProperties:
the answers of the server must be documented to the last field. Integers are
JSON integers without a fraction ("18.0" is a number, not an integer)."""

import json
import os
import re
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PATH = os.path.join(ROOT, "docs", "openapi.yaml")


class YamlError(ValueError):
    pass


# ---- the YAML reader ----

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
# Plain words YAML 1.1 reads as booleans (or a sexagesimal number) and 1.2 as
# text: written in quotes, every reader agrees.
_AMBIGUOUS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|"
                        r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|"
                        r"[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?[0-9][0-9_]*_[0-9_]*)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _plain(text, line):
    """A plain scalar's value (YAML 1.2 core schema)."""
    if _AMBIGUOUS.match(text):
        raise YamlError(f"line {line}: quote {text!r}: YAML versions read it differently")
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.match(text):
        return int(text)
    if re.match(r"^0x[0-9a-fA-F]+$", text):
        return int(text, 16)
    if re.match(r"^0o[0-7]+$", text):
        return int(text[2:], 8)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        if "." not in text:  # 1e3: a number in YAML 1.2, text in 1.1
            raise YamlError(f"line {line}: write {text!r} with a decimal point, or quote it")
        return float(text)
    if text in (".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"):
        raise YamlError(f"line {line}: no infinities or NaN in this document")
    if text[0] in "&*!|>%@`":
        raise YamlError(f"line {line}: {text[0]!r} (anchors, aliases, tags) is not used here")
    return text


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


class _Reader:
    def __init__(self, text):
        self.lines = text.split("\n")
        self.i = 0  # the current line

    # -- lines --

    def _content(self, i):
        """Line i without its comment and trailing blanks (None: blank line)."""
        s = self.lines[i]
        out, q = [], None
        k = 0
        while k < len(s):
            c = s[k]
            if q:
                out.append(c)
                if q == "'" and c == "'":
                    if k + 1 < len(s) and s[k + 1] == "'":
                        out.append("'")
                        k += 1
                    else:
                        q = None
                elif q == '"' and c == "\\":
                    if k + 1 < len(s):
                        out.append(s[k + 1])
                        k += 1
                elif q == '"' and c == '"':
                    q = None
            elif c == "#" and (k == 0 or s[k - 1] in " \t"):
                break
            else:
                if c in "'\"" and (not out or out[-1] in " \t[{,:-?"):
                    q = c
                out.append(c)
            k += 1
        t = "".join(out).rstrip()
        return t if t.strip() else None

    def _skip_blank(self):
        while self.i < len(self.lines) and self._content(self.i) is None:
            self.i += 1

    def _indent(self, i):
        s = self.lines[i]
        n = len(s) - len(s.lstrip(" "))
        if s[n:n + 1] == "\t":
            raise YamlError(f"line {i + 1}: a tab in the indentation")
        return n

    # -- blocks --

    def document(self):
        self._skip_blank()
        if self.i < len(self.lines) and self.lines[self.i].startswith("---"):
            raise YamlError(f"line {self.i + 1}: one document, without ---")
        v = self._block(0)
        self._skip_blank()
        if self.i < len(self.lines):
            raise YamlError(f"line {self.i + 1}: unexpected text after the document")
        return v

    def _block(self, indent):
        """The block node starting at the current line, indented at least indent."""
        self._skip_blank()
        if self.i >= len(self.lines):
            return None
        n = self._indent(self.i)
        if n < indent:
            return None
        t = self._content(self.i)[n:]
        if t == "-" or t.startswith("- "):
            return self._sequence(n)
        return self._mapping(n)

    def _sequence(self, n):
        out = []
        while True:
            self._skip_blank()
            if self.i >= len(self.lines) or self._indent(self.i) != n:
                break
            line = self.i + 1
            t = self._content(self.i)[n:]
            if not (t == "-" or t.startswith("- ")):
                break
            rest = t[1:].lstrip(" ")
            if rest == "":
                self.i += 1
                out.append(self._block(n + 1))
                continue
            col = n + len(t) - len(rest)
            if self._key_split(rest) is not None:
                # "- key: value" opens a mapping at the column of key
                self.lines[self.i] = " " * col + rest
                out.append(self._mapping(col))
            else:
                out.append(self._inline_value(rest, col, n, line))
        return out

    def _key_split(self, t):
        """(key, rest) when t starts with a mapping key, else None."""
        if t[:1] in "'\"":
            q = t[0]
            k = 1
            while k < len(t):
                if t[k] == q:
                    if q == "'" and t[k + 1:k + 2] == "'":
                        k += 2
                        continue
                    break
                if q == '"' and t[k] == "\\":
                    k += 1
                k += 1
            end = k + 1
            if t[end:end + 1] == ":" and (t[end + 1:end + 2] in ("", " ")):
                return self._quoted(t[:end], 0), t[end + 1:].lstrip(" ")
            return None
        if t[:1] in "[{":
            return None
        m = re.match(r"^([^\s#'\"{}\[\],][^#]*?):(\s|$)", t)
        if not m:
            return None
        key = m.group(1).rstrip()
        if ": " in key:
            return None
        return key, t[m.end():].lstrip(" ")

    def _mapping(self, n):
        out = {}
        while True:
            self._skip_blank()
            if self.i >= len(self.lines) or self._indent(self.i) != n:
                break
            line = self.i + 1
            t = self._content(self.i)[n:]
            if t == "-" or t.startswith("- "):
                break
            kv = self._key_split(t)
            if kv is None:
                raise YamlError(f"line {line}: expected 'key: value'")
            key, rest = kv
            if key == "<<" or key.startswith("? "):
                raise YamlError(f"line {line}: merge keys and complex keys are not used here")
            if key in out:
                raise YamlError(f"line {line}: the key {key!r} appears twice")
            col = n + len(t) - len(rest)
            if rest == "":
                self.i += 1
                self._skip_blank()
                if self.i < len(self.lines) and self._indent(self.i) == n and \
                        self._content(self.i)[n:].startswith("-"):
                    out[key] = self._sequence(n)  # a sequence may sit at the key's column
                else:
                    out[key] = self._block(n + 1)
            else:
                out[key] = self._inline_value(rest, col, n, line)
        return out

    def _inline_value(self, rest, col, parent, line):
        """A value that starts on the current line after 'key: ' or '- '."""
        if rest[0] in "|>":  # > is refused by _block_scalar
            self.i += 1
            return self._block_scalar(rest, parent, line)
        if rest[0] in "[{":
            return self._flow_from(col)
        if rest[0] in "'\"":
            text = self._gather_quoted(col)
            return self._quoted(text, line)
        # A plain scalar, perhaps folded over more-indented lines.
        parts = [rest]
        self.i += 1
        while self.i < len(self.lines):
            c = self._content(self.i)
            if c is None:
                break  # a blank line ends it here (kept simple)
            if self._indent(self.i) <= parent:
                break
            s = c.strip()
            if self._key_split(s) is not None or s.startswith("- "):
                raise YamlError(f"line {self.i + 1}: unclear continuation of a plain scalar")
            parts.append(s)
            self.i += 1
        text = " ".join(parts)
        if ": " in text or " #" in text:
            raise YamlError(f"line {line}: quote this text: {text[:40]!r}")
        if len(parts) > 1:
            return text
        return _plain(text, line)

    def _block_scalar(self, head, parent, line):
        m = re.match(r"^\|([-+]?)$", head)
        if not m:
            raise YamlError(f"line {line}: block scalar {head!r}: only | and |- are used here")
        chomp = m.group(1)
        raw = []
        indent = None
        while self.i < len(self.lines):
            s = self.lines[self.i]
            if s.strip() == "":
                raw.append("")
                self.i += 1
                continue
            n = len(s) - len(s.lstrip(" "))
            if indent is None:
                if n <= parent:
                    break
                indent = n
            if n < indent:
                break
            raw.append(s[indent:])
            self.i += 1
        while raw and raw[-1] == "" and chomp != "+":
            raw.pop()  # trailing blank lines belong to the scalar only with |+
        text = "\n".join(raw)
        if chomp == "-":
            return text
        return text + "\n" if text else ""

    def _gather_quoted(self, col):
        """The quoted scalar starting at col on the current line, over lines."""
        s = self.lines[self.i][col:]
        q = s[0]
        k = 1
        text = s
        line = self.i
        while True:
            while k < len(text):
                if text[k] == q:
                    if q == "'" and text[k + 1:k + 2] == "'":
                        k += 2
                        continue
                    tail = text[k + 1:].strip()
                    if tail and not tail.startswith("#"):
                        raise YamlError(f"line {self.i + 1}: text after a quoted scalar")
                    self.i += 1
                    return text[:k + 1]
                if q == '"' and text[k] == "\\":
                    k += 1
                k += 1
            self.i += 1
            if self.i >= len(self.lines):
                raise YamlError(f"line {line + 1}: an unclosed quote")
            text += "\n" + self.lines[self.i]

    @staticmethod
    def _fold(body):
        """Line breaks inside a quoted scalar: one becomes a space, n+1 become n."""
        lines = body.split("\n")
        if len(lines) == 1:
            return body
        out = lines[0].rstrip(" \t")
        blanks = 0
        for ln in lines[1:]:
            s = ln.strip(" \t")
            if s == "":
                blanks += 1
                continue
            out += ("\n" * blanks if blanks else " ") + s
            blanks = 0
        return out

    def _quoted(self, text, line):
        q, body = text[0], text[1:-1]
        if q == "'":
            return self._fold(body).replace("''", "'")
        body = self._fold(body)
        out, k = [], 0
        while k < len(body):
            c = body[k]
            if c != "\\":
                out.append(c)
                k += 1
                continue
            e = body[k + 1:k + 2]
            if e in _ESCAPES:
                out.append(_ESCAPES[e])
                k += 2
            elif e in ("x", "u", "U"):
                w = {"x": 2, "u": 4, "U": 8}[e]
                out.append(chr(int(body[k + 2:k + 2 + w], 16)))
                k += 2 + w
            else:
                raise YamlError(f"line {line}: unknown escape \\{e}")
        return "".join(out)

    # -- flow collections --

    def _flow_from(self, col):
        """A flow collection starting at col on the current line, across lines."""
        first = self.i
        text = self.lines[self.i][col:]
        buf = []
        depth = 0
        q = None
        i = self.i
        s = text
        while True:
            k = 0
            while k < len(s):
                c = s[k]
                if q:
                    if q == "'" and c == "'":
                        if s[k + 1:k + 2] == "'":
                            buf.append("''")
                            k += 2
                            continue
                        q = None
                    elif q == '"' and c == "\\":
                        buf.append(s[k:k + 2])
                        k += 2
                        continue
                    elif q == '"' and c == '"':
                        q = None
                    buf.append(c)
                elif c == "#" and (k == 0 or s[k - 1] in " \t"):
                    break
                else:
                    if c in "'\"" and (not buf or buf[-1][-1:] in " \t[{,:\n"):
                        q = c
                    elif c in "[{":
                        depth += 1
                    elif c in "]}":
                        depth -= 1
                    buf.append(c)
                    if depth == 0:
                        tail = s[k + 1:].strip()
                        if tail and not tail.startswith("#"):
                            raise YamlError(f"line {i + 1}: text after a flow collection")
                        self.i = i + 1
                        return _Flow("".join(buf), first + 1).value()
                k += 1
            i += 1
            if i >= len(self.lines):
                raise YamlError(f"line {first + 1}: an unclosed flow collection")
            buf.append("\n")
            s = self.lines[i]


class _Flow:
    """A flow collection's text, read as JSON-like nodes."""

    def __init__(self, text, line):
        self.s = text
        self.k = 0
        self.line = line

    def _ws(self):
        while self.k < len(self.s) and self.s[self.k] in " \t\n":
            self.k += 1

    def value(self):
        v = self._node()
        self._ws()
        if self.k != len(self.s):
            raise YamlError(f"line {self.line}: unexpected {self.s[self.k:self.k + 10]!r}")
        return v

    def _node(self):
        self._ws()
        c = self.s[self.k:self.k + 1]
        if c == "{":
            return self._map()
        if c == "[":
            return self._seq()
        if c in ("'", '"'):
            return self._quoted()
        return self._plain()

    def _quoted(self):
        q = self.s[self.k]
        j = self.k + 1
        while j < len(self.s):
            if self.s[j] == q:
                if q == "'" and self.s[j + 1:j + 2] == "'":
                    j += 2
                    continue
                break
            if q == '"' and self.s[j] == "\\":
                j += 1
            j += 1
        text = self.s[self.k:j + 1]
        self.k = j + 1
        return _Reader("")._quoted(text, self.line)

    def _plain(self):
        j = self.k
        while j < len(self.s):
            c = self.s[j]
            if c in ",[]{}":
                break
            if c == ":" and self.s[j + 1:j + 2] in (" ", "\n", ",", "}", "]", ""):
                break
            j += 1
        text = " ".join(self.s[self.k:j].split())
        self.k = j
        return _plain(text, self.line)

    def _seq(self):
        self.k += 1
        out = []
        while True:
            self._ws()
            if self.s[self.k:self.k + 1] == "]":
                self.k += 1
                return out
            out.append(self._node())
            self._ws()
            c = self.s[self.k:self.k + 1]
            if c == ",":
                self.k += 1
            elif c != "]":
                raise YamlError(f"line {self.line}: expected , or ] in a flow sequence")

    def _map(self):
        self.k += 1
        out = {}
        while True:
            self._ws()
            if self.s[self.k:self.k + 1] == "}":
                self.k += 1
                return out
            key = self._node()
            self._ws()
            if self.s[self.k:self.k + 1] == ":":
                self.k += 1
                self._ws()
                val = None if self.s[self.k:self.k + 1] in (",", "}") else self._node()
            else:
                val = None
            if not isinstance(key, str):
                key = json.dumps(key)
            if key in out:
                raise YamlError(f"line {self.line}: the key {key!r} appears twice")
            out[key] = val
            self._ws()
            c = self.s[self.k:self.k + 1]
            if c == ",":
                self.k += 1
            elif c != "}":
                raise YamlError(f"line {self.line}: expected , or }} in a flow mapping")


def loads(text):
    """The YAML text as plain dicts, lists, strings, numbers, booleans, None."""
    return _Reader(text).document()


def load(path=PATH):
    with open(path, encoding="utf-8") as f:
        return loads(f.read())


# ---- the JSON Schema checker ----

# Words that only describe (annotations), and those the checker applies.
_ANNOTATIONS = {"title", "description", "default", "examples", "example", "readOnly",
                "writeOnly", "deprecated", "$comment", "externalDocs", "contentMediaType",
                "contentEncoding", "discriminator", "xml"}
_APPLIED = {"$ref", "type", "enum", "const", "properties", "required", "additionalProperties",
            "unevaluatedProperties", "propertyNames", "minProperties", "maxProperties", "items",
            "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "format",
            "allOf", "anyOf", "oneOf", "not"}
SCHEMA_WORDS = _ANNOTATIONS | _APPLIED

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def resolve(doc, ref):
    """The object a local $ref ("#/components/schemas/Session") points at."""
    if not ref.startswith("#/"):
        raise ValueError(f"only local references are used here: {ref}")
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[part]
    return node


def json_type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


def _type_ok(want, v):
    t = json_type(v)
    return t == want or (want == "number" and t == "integer")


def _format_ok(fmt, v):
    if fmt == "date-time":
        if not _DATE_TIME.match(v):
            return False
        try:
            datetime.fromisoformat(v.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return False
        return True
    if fmt == "uuid":
        return bool(_UUID.match(v))
    if fmt == "email":
        return bool(_EMAIL.match(v))
    return True


class _Checker:
    def __init__(self, doc, closed):
        self.doc = doc
        self.closed = closed

    def at(self, schema, v, path):
        """Problems of v at one place, with the closed-object rule applied."""
        problems, seen, declared = self.validate(schema, v, path)
        if self.closed and declared and isinstance(v, dict) and not problems:
            for k in v:
                if k not in seen:
                    problems.append(f"{path}.{k}: not documented")
        return problems

    def validate(self, s, v, path):
        """(problems, property names evaluated, whether properties were declared)."""
        if s is True or s == {}:
            return [], set(v) if isinstance(v, dict) else set(), False
        if s is False:
            return [f"{path}: nothing is allowed here"], set(), False
        if not isinstance(s, dict):
            return [f"{path}: the schema is not an object: {s!r}"], set(), False
        unknown = [k for k in s if k not in SCHEMA_WORDS and not k.startswith("x-")]
        if unknown:
            return [f"{path}: unknown schema keyword(s) {unknown} (a cut description?)"], \
                set(), False
        out, seen, declared = [], set(), False
        if "$ref" in s:
            p, sn, d = self.validate(resolve(self.doc, s["$ref"]), v, path)
            out += p
            seen |= sn
            declared |= d
        t = s.get("type")
        if t is not None:
            types = t if isinstance(t, list) else [t]
            if not any(_type_ok(x, v) for x in types):
                return out + [f"{path}: {json_type(v)} {_short(v)}, want {t}"], seen, declared
        if "enum" in s and not any(_same(v, e) for e in s["enum"]):
            out.append(f"{path}: {_short(v)} is not one of {s['enum']}")
        if "const" in s and not _same(v, s["const"]):
            out.append(f"{path}: {_short(v)} is not {s['const']!r}")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if "minimum" in s and v < s["minimum"]:
                out.append(f"{path}: {v} < minimum {s['minimum']}")
            if "maximum" in s and v > s["maximum"]:
                out.append(f"{path}: {v} > maximum {s['maximum']}")
            if "exclusiveMinimum" in s and v <= s["exclusiveMinimum"]:
                out.append(f"{path}: {v} <= {s['exclusiveMinimum']}")
            if "exclusiveMaximum" in s and v >= s["exclusiveMaximum"]:
                out.append(f"{path}: {v} >= {s['exclusiveMaximum']}")
            if "multipleOf" in s and abs(v / s["multipleOf"] - round(v / s["multipleOf"])) > 1e-9:
                out.append(f"{path}: {v} is not a multiple of {s['multipleOf']}")
        if isinstance(v, str):
            if "minLength" in s and len(v) < s["minLength"]:
                out.append(f"{path}: shorter than {s['minLength']}")
            if "maxLength" in s and len(v) > s["maxLength"]:
                out.append(f"{path}: longer than {s['maxLength']}")
            if "pattern" in s and not re.search(s["pattern"], v):
                out.append(f"{path}: {_short(v)} does not match {s['pattern']}")
            if "format" in s and not _format_ok(s["format"], v):
                out.append(f"{path}: {_short(v)} is not a {s['format']}")
        if isinstance(v, list):
            if "minItems" in s and len(v) < s["minItems"]:
                out.append(f"{path}: fewer than {s['minItems']} items")
            if "maxItems" in s and len(v) > s["maxItems"]:
                out.append(f"{path}: more than {s['maxItems']} items")
            if s.get("uniqueItems") and len({json.dumps(x, sort_keys=True) for x in v}) != len(v):
                out.append(f"{path}: items repeat")
            if "items" in s:
                for i, x in enumerate(v):
                    out += self.at(s["items"], x, f"{path}[{i}]")
        if isinstance(v, dict):
            props = s.get("properties", {})
            if "properties" in s:
                declared = True
            for k in s.get("required", []):
                if k not in v:
                    out.append(f"{path}: {k} is missing")
            for k, x in v.items():
                if k in props:
                    seen.add(k)
                    out += self.at(props[k], x, f"{path}.{k}")
            if "additionalProperties" in s:
                for k, x in v.items():
                    if k not in props:
                        seen.add(k)
                        ap = s["additionalProperties"]
                        if ap is False:
                            out.append(f"{path}.{k}: not allowed here")
                        elif ap is not True:
                            out += self.at(ap, x, f"{path}.{k}")
            if "propertyNames" in s:
                for k in v:
                    out += self.at(s["propertyNames"], k, f"{path} (the name {k!r})")
            if "minProperties" in s and len(v) < s["minProperties"]:
                out.append(f"{path}: fewer than {s['minProperties']} properties")
            if "maxProperties" in s and len(v) > s["maxProperties"]:
                out.append(f"{path}: more than {s['maxProperties']} properties")
        for sub in s.get("allOf", []):
            p, sn, d = self.validate(sub, v, path)
            out += p
            seen |= sn
            declared |= d
        if "anyOf" in s:
            results = [self.validate(sub, v, path) for sub in s["anyOf"]]
            ok = [r for r in results if not r[0]]
            if not ok:
                out.append(f"{path}: matches none of anyOf: " + _first(results))
            for r in ok:
                seen |= r[1]
                declared |= r[2]
        if "oneOf" in s:
            results = [self.validate(sub, v, path) for sub in s["oneOf"]]
            ok = [r for r in results if not r[0]]
            if len(ok) != 1:
                out.append(f"{path}: matches {len(ok)} branches of oneOf, want exactly 1"
                           + (": " + _first(results) if not ok else ""))
            for r in ok:
                seen |= r[1]
                declared |= r[2]
        if "not" in s and not self.validate(s["not"], v, path)[0]:
            out.append(f"{path}: matches what 'not' excludes")
        if "unevaluatedProperties" in s and isinstance(v, dict):
            declared = True
            for k, x in v.items():
                if k not in seen:
                    u = s["unevaluatedProperties"]
                    if u is False:
                        out.append(f"{path}.{k}: not allowed here")
                    elif u is not True:
                        out += self.at(u, x, f"{path}.{k}")
                    seen.add(k)
        return out, seen, declared


def _same(a, b):
    return json_type(a) == json_type(b) and a == b or (
        isinstance(a, (int, float)) and isinstance(b, (int, float)) and
        not isinstance(a, bool) and not isinstance(b, bool) and a == b)


def _short(v):
    t = json.dumps(v, ensure_ascii=False)
    return t if len(t) <= 60 else t[:57] + "..."


def _first(results):
    return "; ".join(r[0][0] for r in results if r[0])


def check(doc, schema, value, closed=True, path="$"):
    """Problems of value against schema (a schema object or {"$ref": ...})."""
    return _Checker(doc, closed).at(schema, value, path)


def schema_problems(doc):
    """Every schema in the document, checked for words the checker does not
    know (the tail of a cut description) and for references that lead
    nowhere."""
    problems = []

    def walk_schema(s, where):
        if isinstance(s, bool):
            return
        if not isinstance(s, dict):
            problems.append(f"{where}: not a schema")
            return
        for k in s:
            if k not in SCHEMA_WORDS and not k.startswith("x-"):
                problems.append(f"{where}: unknown schema keyword {k!r}")
        if "$ref" in s:
            try:
                resolve(doc, s["$ref"])
            except (KeyError, ValueError):
                problems.append(f"{where}: $ref {s['$ref']} leads nowhere")
        for k in ("items", "additionalProperties", "unevaluatedProperties", "propertyNames",
                  "not"):
            if isinstance(s.get(k), dict):
                walk_schema(s[k], f"{where}/{k}")
        for k in ("properties",):
            for name, sub in (s.get(k) or {}).items():
                walk_schema(sub, f"{where}/{k}/{name}")
        for k in ("allOf", "anyOf", "oneOf"):
            for i, sub in enumerate(s.get(k) or []):
                walk_schema(sub, f"{where}/{k}/{i}")

    def walk(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "schema" or (where.endswith("/components/schemas")):
                    walk_schema(v, f"{where}/{k}")
                elif k == "$ref" and isinstance(v, str):
                    try:
                        resolve(doc, v)
                    except (KeyError, ValueError):
                        problems.append(f"{where}: $ref {v} leads nowhere")
                else:
                    walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")

    walk(doc, "#")
    return problems
