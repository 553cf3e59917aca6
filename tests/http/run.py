#!/usr/bin/env python3
"""run.py - runs the HTTP tests against the real pace binary.

    tests/http/run.py --pace build/pace [-k NAME_SUBSTRING]

Finds tests/http/test_*.py, runs every function named test_* in file order,
prints "ok - module.test" or "FAIL - module.test" with the traceback, and
ends with "N passed, N failed" (exit status 1 when any failed).
"""

import argparse
import importlib
import inspect
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description="Pace HTTP tests")
    ap.add_argument("--pace", required=True, help="path to the pace binary")
    ap.add_argument("-k", dest="pattern", default="", help="run tests whose name contains this")
    ap.add_argument("-m", dest="modules", default="",
                    help="only these test files, comma-separated (test_sessions,test_plan)")
    args = ap.parse_args()
    harness.PACE = os.path.abspath(args.pace)
    if not os.access(harness.PACE, os.X_OK):
        sys.exit(f"run.py: {args.pace} is not an executable pace binary")

    passed = failed = skipped = 0
    start = time.monotonic()
    for fname in sorted(os.listdir(HERE)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        modname = fname[:-3]
        if args.modules and modname not in args.modules.split(","):
            continue
        module = importlib.import_module(modname)
        tests = [(name, fn) for name, fn in vars(module).items()
                 if name.startswith("test_") and inspect.isfunction(fn)]
        tests.sort(key=lambda t: t[1].__code__.co_firstlineno)
        for name, fn in tests:
            full = f"{modname}.{name}"
            if args.pattern not in full:
                continue
            try:
                fn()
            except harness.Skip as why:
                skipped += 1
                print(f"skip - {full} ({why})")
            except Exception:
                failed += 1
                print(f"FAIL - {full}")
                print(traceback.format_exc(), end="")
            else:
                passed += 1
                print(f"ok - {full}")
            sys.stdout.flush()
    print(f"# {time.monotonic() - start:.1f} s")
    if skipped:
        print(f"# {skipped} skipped on {harness.engine()}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
