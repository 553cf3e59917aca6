#!/usr/bin/env python3
"""icalcheck.py - reads Pace's calendar text with Debian's python3-icalendar
and python3-dateutil, an implementation that is not Pace's, and prints JSON
for the HTTP tests. The zone's VTIMEZONE from the calendar itself is turned
into a time zone (icalendar's Timezone.to_tz), never the system's zone of
that name, and Python's zoneinfo (the system tz database) is the reference.

    icalcheck.py expand DAYS < calendar.ics
        every occurrence of the event's RRULE in the DAYS days from its
        DTSTART: {"tzid", "x_wr_timezone", "occurrences": [{"local",
        "utc", "utc_zoneinfo"}]} (times ISO 8601, UTC ones ending in Z)
    icalcheck.py zones UNTIL < {"Zone/Name": "calendar text", ...}
        for each zone, the instants up to UNTIL (seconds since 1970) at
        which the VTIMEZONE and zoneinfo disagree on the UTC offset (an
        empty list when they never do), checked at the event's start and
        around every change either of them knows

The tests run it with python() below: Debian's packages are installed for
Debian's own /usr/bin/python3, which need not be the python3 on PATH.
"""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

CANDIDATES = (sys.executable, "/usr/bin/python3")


def python():
    """The first Python that has icalendar and dateutil, or None."""
    for exe in CANDIDATES:
        if exe and os.path.exists(exe):
            p = subprocess.run([exe, "-c", "import icalendar, dateutil.rrule"],
                               capture_output=True)
            if p.returncode == 0:
                return exe
    return None


def run(mode, arg, text):
    """Runs this script in a Python that has the packages; returns its JSON."""
    exe = python()
    assert exe, "python3-icalendar and python3-dateutil are missing (scripts/bootstrap test)"
    p = subprocess.run([exe, os.path.abspath(__file__), mode, str(arg)], input=text,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def _parse(text):
    import icalendar
    cal = icalendar.Calendar.from_ical(text)
    vtz = [c for c in cal.walk() if c.name == "VTIMEZONE"]
    event = [c for c in cal.walk() if c.name == "VEVENT"][0]
    return cal, (vtz[0] if vtz else None), event


def _iso_utc(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def expand(text, days):
    from zoneinfo import ZoneInfo
    import dateutil.rrule
    cal, vtz, event = _parse(text)
    start = event["DTSTART"]
    tzid = start.params.get("TZID")
    ours = vtz.to_tz() if vtz is not None else None
    local0 = start.dt.replace(tzinfo=None)
    rule = dateutil.rrule.rrulestr(event["RRULE"].to_ical().decode(), dtstart=local0)
    out = []
    for local in rule.between(local0, local0 + timedelta(days=days), inc=True):
        item = {"local": local.strftime("%Y-%m-%dT%H:%M:%S")}
        if ours is not None:
            item["utc"] = _iso_utc(ours.localize(local))
            item["utc_zoneinfo"] = _iso_utc(local.replace(tzinfo=ZoneInfo(tzid)))
        out.append(item)
    return {"tzid": tzid, "x_wr_timezone": str(cal.get("X-WR-TIMEZONE", "")) or None,
            "vtimezone_tzid": str(vtz["TZID"]) if vtz is not None else None,
            "occurrences": out}


def zones(feeds, until):
    from zoneinfo import ZoneInfo
    import dateutil.tz
    result = {}
    for name, text in feeds.items():
        cal, vtz, event = _parse(text)
        ours = vtz.to_tz()
        ref = ZoneInfo(name)
        begin = int(event["DTSTART"].dt.timestamp())
        points = {begin}
        for t in getattr(ours, "_utc_transition_times", []):
            u = int(t.replace(tzinfo=timezone.utc).timestamp())
            if begin < u <= until:
                points.update((u - 1, u))
        path = os.path.join(os.environ.get("TZDIR", "/usr/share/zoneinfo"), name)
        for u in getattr(dateutil.tz.tzfile(path), "_trans_list_utc", []):
            if begin < u <= until:
                points.update((u - 1, u))
        bad = []
        for u in sorted(points):
            a = datetime.fromtimestamp(u, tz=ours).utcoffset()
            b = datetime.fromtimestamp(u, tz=ref).utcoffset()
            if a != b:
                bad.append([u, a.total_seconds(), b.total_seconds()])
        result[name] = bad
    return result


def main():
    mode, arg = sys.argv[1], sys.argv[2]
    data = sys.stdin.read()
    if mode == "expand":
        print(json.dumps(expand(data, int(arg))))
    elif mode == "zones":
        print(json.dumps(zones(json.loads(data), int(arg))))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
