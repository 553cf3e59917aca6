#!/usr/bin/env python3
"""openapicheck.py - reads docs/openapi.yaml with Debian's python3-yaml and
checks live answers of the server against it with python3-jsonschema (JSON
Schema 2020-12), an implementation that is not Pace's.

    openapicheck.py doc
        prints the document as JSON
    openapicheck.py answers < [{"method", "path", "status", "content_type",
                                "body", "headers", "request"}, ...]
        checks each answer (path is the documented template, body the parsed
        JSON, a string, or null when empty, headers the names it carried,
        request the JSON body sent, if any) and prints a JSON list of
        problems, each naming the answer: a status the operation does not
        document, a content type it does not list, a body that does not
        follow the schema, a field the schema does not name, a required
        header missing, or a request the server took (2xx) that its
        documented request schema refuses

Every answer must be documented to the last field: each object that a schema
describes with properties may carry no others, unless the schema says
additionalProperties (unevaluatedProperties: false is added where a value
sits, so allOf and oneOf still combine). Integers are JSON integers without a
fraction, and date-time values are RFC 3339 with a zone.

The tests run it with python() below: Debian's packages are installed for
Debian's own /usr/bin/python3, which need not be the python3 on PATH.
"""

import copy
import json
import os
import re
import subprocess
import sys
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(os.path.dirname(os.path.dirname(HERE)), "docs", "openapi.yaml")
CANDIDATES = (sys.executable, "/usr/bin/python3")


def python():
    """The first Python that has yaml and jsonschema, or None."""
    for exe in CANDIDATES:
        if exe and os.path.exists(exe):
            p = subprocess.run([exe, "-c", "import yaml, jsonschema"], capture_output=True)
            if p.returncode == 0:
                return exe
    return None


def run(command, stdin=""):
    """Runs this file with a Python that has the packages; the parsed JSON."""
    exe = python()
    assert exe, "python3-yaml and python3-jsonschema are missing: run scripts/bootstrap test"
    p = subprocess.run([exe, os.path.abspath(__file__), command], input=stdin,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


# ---- run with the packages ----

def load():
    import yaml
    with open(DOC, encoding="utf-8") as f:
        return yaml.safe_load(f)


def pointer(doc, ref):
    assert ref.startswith("#/"), ref
    node = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def deref(doc, node):
    """A response or parameter object with its $ref followed."""
    while isinstance(node, dict) and "$ref" in node:
        node = pointer(doc, node["$ref"])
    return node


def _describes_properties(doc, s, seen=()):
    """Whether schema s (following $ref) names properties anywhere, so that an
    object it describes is closed."""
    if not isinstance(s, dict):
        return False
    if "additionalProperties" in s or "unevaluatedProperties" in s:
        return False
    if "properties" in s:
        return True
    if "$ref" in s and s["$ref"] not in seen:
        if _describes_properties(doc, pointer(doc, s["$ref"]), seen + (s["$ref"],)):
            return True
    return any(_describes_properties(doc, sub, seen)
               for k in ("allOf", "oneOf", "anyOf") for sub in s.get(k, []))


def _close(doc, s, at_value):
    """A copy of schema s where every object in a value position that names
    properties refuses the ones it does not name."""
    if not isinstance(s, dict):
        return s
    out = dict(s)
    if isinstance(s.get("properties"), dict):
        out["properties"] = {k: _close(doc, v, True) for k, v in s["properties"].items()}
    for k in ("items", "additionalProperties"):
        if isinstance(s.get(k), dict):
            out[k] = _close(doc, s[k], True)
    for k in ("allOf", "oneOf", "anyOf"):
        if isinstance(s.get(k), list):
            out[k] = [_close(doc, sub, False) for sub in s[k]]
    if at_value and _describes_properties(doc, s):
        return {"allOf": [out], "unevaluatedProperties": False}
    return out


def _validator(doc):
    import jsonschema
    from jsonschema import validators

    cls = jsonschema.Draft202012Validator
    types = cls.TYPE_CHECKER.redefine(
        "integer", lambda _c, v: isinstance(v, int) and not isinstance(v, bool))
    strict = validators.extend(cls, type_checker=types)
    formats = jsonschema.FormatChecker(formats=())

    @formats.checks("date-time")
    def _date_time(v):
        if not isinstance(v, str):
            return True
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", v):
            return False
        datetime.fromisoformat(v.replace("Z", "+00:00"))
        return True

    @formats.checks("uuid")
    def _uuid(v):
        return not isinstance(v, str) or bool(
            re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", v))

    @formats.checks("email")
    def _email(v):
        return not isinstance(v, str) or bool(re.fullmatch(r"[^@\s]+@[^@\s]+", v))

    # The components closed once; a schema to check is placed in a root that
    # carries them, so that '#/components/schemas/...' resolves inside it.
    components = copy.deepcopy(doc.get("components", {}))
    components["schemas"] = {k: _close(doc, v, False)
                             for k, v in components.get("schemas", {}).items()}

    def check(schema):
        root = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": components, "allOf": [_close(doc, schema, True)]}
        return strict(root, format_checker=formats)

    return check


def _answers(doc, answers):
    check = _validator(doc)
    problems = []
    for a in answers:
        what = f"{a['method']} {a['path']} -> {a['status']}"
        op = doc["paths"].get(a["path"], {}).get(a["method"].lower())
        if op is None:
            problems.append(f"{what}: no such operation in the document")
            continue
        responses = op.get("responses", {})
        resp = responses.get(str(a["status"])) or responses.get(f"{str(a['status'])[0]}XX")
        if resp is None:
            problems.append(f"{what}: the status is not documented "
                            f"(documented: {', '.join(sorted(responses))})")
            continue
        resp = deref(doc, resp)
        carried = {h.lower() for h in a.get("headers", [])}
        for name, h in (resp.get("headers") or {}).items():
            if deref(doc, h).get("required") and name.lower() not in carried:
                problems.append(f"{what}: no {name} header")
        req = (op.get("requestBody") or {}).get("content", {}).get("application/json")
        if req and "request" in a and 200 <= a["status"] < 300:
            for e in list(check(req["schema"]).iter_errors(a["request"]))[:3]:
                where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                                      for p in e.path)
                problems.append(f"{what}: the request, taken, breaks its schema at "
                                f"{where}: {e.message[:300]}")
        content = resp.get("content")
        ctype = (a.get("content_type") or "").split(";")[0].strip().lower()
        if not content:
            if a.get("body") not in (None, ""):
                problems.append(f"{what}: a body ({ctype}) where the document has none")
            continue
        if ctype not in content:
            problems.append(f"{what}: content type {ctype!r}, documented: {sorted(content)}")
            continue
        schema = content[ctype].get("schema")
        if schema is None:
            continue
        errors = sorted(check(schema).iter_errors(a["body"]), key=lambda e: list(e.path))
        # A failed part evaluates nothing, so its properties come back as
        # unevaluated above it: name only the failure itself.
        errors = [e for e in errors if e.validator != "unevaluatedProperties" or not any(
            o is not e and list(o.path)[:len(e.path)] == list(e.path) and
            (len(o.path) > len(e.path) or o.validator != "unevaluatedProperties")
            for o in errors)]
        for e in errors[:5]:
            where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.path)
            problems.append(f"{what}: {where}: {e.message[:300]}")
    return problems


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    doc = load()
    if cmd == "doc":
        json.dump(doc, sys.stdout)
    elif cmd == "answers":
        json.dump(_answers(doc, json.load(sys.stdin)), sys.stdout)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
