"""test_firstrun.py - a newcomer's Pace through the pages she uses: her first
run (three skippable steps that ask before anything is assumed), /today
with the action first and the reasons behind "Why this?", the house (the
bar and /more), her rules as plain choices with the numbers on "How Pace
decides", the cues of her timers, the quicker quick log, her words for an
exam, the month of practice and quiet milestones. Forms are filled as a
browser fills them (harness.browser_submit), on the run's test clock.
"""

import json
import re

import harness  # noqa: E402
from harness import (Client, FileClock, Server, browser_submit, csrf, fill_form, page_form,
                     register, run_pace)

HOUR = 3600
DAY = 86400


def stamp(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def token_for(srv, email, env=None):
    p = run_pace("token", "create", "--email", email, "--data", srv.data, env=env)
    assert p.returncode == 0, p.stderr
    return Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})


def put(api, path, obj):
    return api.request("PUT", path, body=json.dumps(obj),
                       headers={"Content-Type": "application/json"})


def comfy(t, dilator="fms-18", **over):
    s = {"started_at": stamp(t), "duration_s": 600, "dilator_id": dilator,
         "outcome": "completed", "exercises": ["breathing", "relaxation", "flexibilization"],
         "before": {"fear": 2, "tension": 2, "pain": 0},
         "after": {"fear": 1, "tension": 1, "pain": 1}}
    s.update(over)
    return s


def skip_first_run(c):
    r = browser_submit(c, "/welcome", "/welcome", button=("action", "skip"))
    assert r.status == 303 and r.header("Location") == "/today", r


def main_of(html):
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


# ---- her first run -------------------------------------------------------------

def test_a_new_account_is_walked_through_three_steps_and_nothing_is_assumed():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        r = c.get("/")
        assert r.status == 303 and r.header("Location") == "/welcome"
        page = c.get("/welcome").text
        assert "Step 1 of 3" in page and "What Pace is not" in page
        assert "Not a diagnosis" in page
        r = browser_submit(c, "/welcome", "/welcome", button=("action", "next"))
        assert r.status == 303 and r.header("Location") == "/welcome/kit"
        # Leaving half way: "/" goes on where she was.
        assert c.get("/").header("Location") == "/welcome/kit"
        page = c.get("/welcome/kit").text
        assert "Step 2 of 3" in page and "I don&#39;t have dilators yet" in page
        assert 'value="fms-set-starter"' in page
        r = browser_submit(c, "/welcome/kit", "/welcome/kit", button=("action", "none"))
        assert r.status == 303 and r.header("Location") == "/welcome/plan"
        page = c.get("/welcome/plan").text
        assert "Step 3 of 3" in page
        # The usual start is explained in one line and no goal is ticked.
        assert "Not sure? Vaginismus is where most people start" in page
        assert not re.search(r'name="goal" value="[a-z-]+" checked', page)
        r = browser_submit(c, "/welcome/plan", "/welcome/plan",
                           {"goal": ["tampon", "gynaecological-exam"],
                            "program": "pelvic-floor-relaxation"}, ("action", "save"))
        assert r.status == 303 and r.header("Location") == "/today?done=welcome", r
        assert c.get("/").status == 200  # finished: her home from now on

        api = token_for(srv, email)
        prog = api.get("/api/v1/program").json()
        assert prog["program"] == "pelvic-floor-relaxation"
        goals = [g["goal"] for g in api.get("/api/v1/goals").json()["goals"]]
        assert sorted(goals) == ["gynaecological-exam", "tampon"]
        today = c.get("/today").text
        assert "Welcome to Pace" in today and "Welcome back" not in today
        assert "You have not chosen a program yet" not in today
        assert "Set up Pace" not in today


def test_no_dilators_yet_means_breathing_first_until_her_kit_has_some():
    with Server() as srv:
        c = Client(srv)
        register(c)
        browser_submit(c, "/welcome", "/welcome", button=("action", "next"))
        browser_submit(c, "/welcome/kit", "/welcome/kit", button=("action", "none"))
        r = browser_submit(c, "/welcome/plan", "/welcome/plan", button=("action", "skip"))
        assert r.header("Location") == "/today?done=welcome"
        today = c.get("/today").text
        assert "Breathing and relaxation for now" in today
        assert 'href="/practice?dilator=none&amp;minutes=10"' in today
        # The program she did not choose is named, not assigned silently.
        assert "You have not chosen a program yet" in today and 'href="/plan#program"' in today
        # Once she has dilators, the suggestion is about them again.
        r = browser_submit(c, "/kit", "/kit", {"item": ["fms-16", "fms-18"]})
        assert r.status == 303
        today = c.get("/today").text
        assert "Breathing and relaxation for now" not in today
        assert "Next time: 16 mm" in today


def test_the_kit_step_saves_what_she_ticks_and_whole_sets():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        browser_submit(c, "/welcome", "/welcome", button=("action", "next"))
        r = browser_submit(c, "/welcome/kit", "/welcome/kit", {"item": ["pacik-3"]},
                           ("add_set", "fms-set-starter"))
        assert r.status == 303 and r.header("Location") == "/welcome/kit?done=set", r
        page = c.get("/welcome/kit?done=set").text
        assert "The whole set is in your kit now." in page
        r = browser_submit(c, "/welcome/kit", "/welcome/kit", button=("action", "save"))
        assert r.status == 303 and r.header("Location") == "/welcome/plan"
        api = token_for(srv, email)
        items = [i["id"] for i in api.get("/api/v1/kit").json()["items"]]
        assert "pacik-3" in items and "fms-14" in items and "fms-20" in items
        # An unknown set is refused on the step itself.
        page = c.get("/welcome/kit").text
        r = c.post("/welcome/kit", [("csrf", csrf(page)), ("add_set", "no-such-set")])
        assert r.status == 422 and "There is no such set" in r.text


def test_skipping_the_first_run_is_kept_and_offered_again_quietly():
    with Server() as srv:
        c = Client(srv)
        register(c)
        skip_first_run(c)
        r = c.get("/")
        assert r.status == 200 and "Welcome to Pace" in r.text
        assert "Set up Pace now" in r.text and 'href="/welcome"' in r.text
        assert "You have not chosen a program yet" in r.text
        # An account that already has sessions (an import) is not walked
        # through it.
        other = Client(srv)
        email = register(other)
        api = token_for(srv, email)
        assert put(api, "/api/v1/kit", {"items": ["fms-18"]}).status == 200
        assert api.post_json("/api/v1/sessions", comfy(harness.now() - DAY)).status == 201
        r = other.get("/")
        assert r.status == 200 and "Welcome back" in r.text


def test_an_account_made_on_the_command_line_is_new_too():
    with Server() as srv:
        p = run_pace("user", "add", "--email", "cli@example.org", "--password-stdin", "--data",
                     srv.data, input=harness.PASSWORD + "\n")
        assert p.returncode == 0, p.stderr
        cli = Client(srv)
        assert harness.login(cli, "cli@example.org").status == 303
        assert cli.get("/").header("Location") == "/welcome"


# ---- /today: the action first --------------------------------------------------

def test_today_puts_the_action_before_the_reasons():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        skip_first_run(c)
        api = token_for(srv, email)
        assert put(api, "/api/v1/kit", {"items": ["fms-16", "fms-18", "fms-20"]}).status == 200
        for h in (50, 26, 2):
            assert api.post_json("/api/v1/sessions", comfy(harness.now() - h * HOUR)).status == 201
        page = main_of(c.get("/today").text)
        start = page.index("Start a guided session")
        why = page.index("<summary>Why this?</summary>")
        assert start < why
        reasons = page[why:page.index("</details>", why)]
        assert "comfortable" in reasons and 'href="/sessions/' in reasons
        assert "Rule:" not in page and "Source:" not in page and "Pace default" not in page
        assert "Welcome back" in page


# ---- the house ---------------------------------------------------------------------

def test_the_bar_and_more_reach_every_part_in_one_tap():
    with Server() as srv:
        c = Client(srv)
        register(c)
        skip_first_run(c)
        page = c.get("/today").text
        nav = page.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
        hrefs = re.findall(r'href="([^"]+)"', nav)
        assert hrefs == ["/today", "/practice", "/progress", "/guide", "/more"]
        assert re.search(r'href="/today" aria-current="page"', nav)
        more = c.get("/more")
        assert more.status == 200
        links = re.findall(r'href="(/[^"#]*)"', main_of(more.text))
        for want in ("/plan", "/kit", "/sessions", "/reminders", "/exam-prep", "/ladder",
                     "/report", "/plan/rules", "/settings", "/settings/data"):
            assert want in links, want
        for path in ("/plan", "/kit", "/ladder", "/exam-prep", "/reminders", "/report",
                     "/settings"):
            nav = c.get(path).text.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
            assert re.search(r'href="/more" aria-current="page"', nav), path
        nav = c.get("/sessions").text.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
        assert re.search(r'href="/practice" aria-current="page"', nav)


def test_settings_keep_tokens_and_endpoint_names_under_advanced():
    with Server() as srv:
        c = Client(srv)
        register(c)
        page = main_of(c.get("/settings").text)
        adv = page.index('<details class="card advanced" id="advanced">')
        # (the password section may mention tokens; their own section is folded)
        assert page.index(">API tokens</h2>") > adv and page.index("/api/v1") > adv
        assert "/api/v1" not in page[:adv]
        assert 'href="/ladder"' not in page  # those are under More now
        data = main_of(c.get("/settings/data").text)
        assert "/api/v1" not in data and 'href="/settings#advanced"' in data
        # A new token opens the section so she sees it.
        form = page_form(c.get("/settings").text, "/settings/tokens#tk-h")
        r = c.post("/settings/tokens", fill_form(form, {"label": "backup"}))
        assert r.status == 200 and 'id="advanced" open' in r.text and "pace_" in r.text


# ---- her rules, in plain words and as numbers -------------------------------------

def test_plain_choices_on_the_plan_set_only_what_she_changed():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        skip_first_run(c)
        api = token_for(srv, email)
        page = c.get("/plan").text
        assert '<select id="f-rule_comfort_sessions" name="rule_comfort_sessions"' in page
        assert 'role="switch" id="f-rule_require_movement"' in page
        assert "Source:" not in main_of(page) and "Core Dynamics" not in main_of(page)
        assert 'href="/plan/rules"' in page
        # Unchanged: the form saves no rule of her own.
        r = browser_submit(c, "/plan", "/plan")
        assert r.status == 303, harness.alert(r.text)
        assert api.get("/api/v1/program").json()["params"] == {}
        # Four sessions, and movement not needed: exactly those two.
        r = browser_submit(c, "/plan", "/plan", {"rule_comfort_sessions": "4",
                                                 "rule_require_movement": None})
        assert r.status == 303, harness.alert(r.text)
        assert api.get("/api/v1/program").json()["params"] == {
            "comfort_sessions": 4, "require_movement": 0}
        page = c.get("/plan").text
        assert re.search(r'<option value="4" selected>4 sessions</option>', page)
        assert re.search(r'<option value="3">3 sessions \(usual\)</option>', page)
        # A program that needs more sessions a day: her untouched rules follow it.
        r = browser_submit(c, "/plan", "/plan", {"program": "vaginoplasty"})
        assert r.status == 303, harness.alert(r.text)
        params = api.get("/api/v1/program").json()["params"]
        assert params == {"comfort_sessions": 4, "require_movement": 0}, params


def test_the_safety_stop_cannot_be_loosened_from_either_view():
    with Server() as srv:
        c = Client(srv)
        register(c)
        page = c.get("/plan").text
        opts = re.search(r'<select id="f-rule_clinician_pain"[^>]*>(.*?)</select>', page, re.S)
        values = [int(v) for v in re.findall(r'value="(\d+)"', opts.group(1))]
        assert max(values) == 8 and min(values) == 4
        r = browser_submit(c, "/plan", "/plan", {"rule_clinician_pain": "9"})
        assert r.status == 422 and 'id="e-rule"' in r.text
        r = browser_submit(c, "/plan/rules", "/plan/rules", {"rule_clinician_pain": "9"})
        assert r.status == 422 and "aria-invalid" in r.text
        r = browser_submit(c, "/plan/rules", "/plan/rules", {"rule_clinician_pain": "6",
                                                             "rule_minutes": "12"})
        assert r.status == 303 and r.header("Location") == "/plan/rules?done=saved"
        page = c.get("/plan/rules?done=saved").text
        assert "Your rules are saved." in page and "Pain at or above 6 of 10" in page
        assert "Pace default" in page and "comfort_sessions" in page


# ---- cues ------------------------------------------------------------------------------

def cues_of(page):
    m = re.search(r'<div id="pace-cues" ([^>]*)>', page)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', m.group(1))) if m else None


def test_cues_are_chosen_once_and_voice_is_never_on_by_surprise():
    with Server() as srv:
        c = Client(srv)
        register(c)
        page = c.get("/settings").text
        form = page_form(page, "/settings/cues")
        assert ("sound", "1") in form["fields"] and ("vibrate", "1") in form["fields"]
        assert not any(k in ("voice", "discreet") for k, _ in form["fields"])
        cues = cues_of(c.get("/practice").text)
        assert cues["sound"] == "1" and cues["vibrate"] == "1" and cues["voice"] == "0"
        # Discreet mode: quiet at once.
        r = browser_submit(c, "/settings", "/settings/cues", {"discreet": "1"})
        assert r.status == 303 and r.header("Location") == "/settings?done=cues#cues"
        assert cues_of(c.get("/practice").text) is None
        form = page_form(c.get("/settings").text, "/settings/cues")
        assert ("sound", "1") not in form["fields"]
        # She turns the voice on, in German.
        r = browser_submit(c, "/settings", "/settings/cues", {"voice": "1", "vibrate": "1"})
        assert r.status == 303
        c.post("/lang", {"csrf": c.csrf_for("/settings"), "lang": "de", "back": "/"})
        cues = cues_of(c.get("/practice").text)
        assert cues["voice"] == "1" and cues["lang"] == "de" and cues["sound"] == "0"
        assert cues["vibrate"] == "1" and "Stimme" in cues["t-quiet"]


# ---- the quick log --------------------------------------------------------------------

def test_the_quick_log_starts_at_the_size_she_used_last_not_the_suggestion():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        skip_first_run(c)
        api = token_for(srv, email)
        assert put(api, "/api/v1/kit", {"items": ["fms-16", "fms-18", "fms-20"]}).status == 200
        for h in (50, 26, 2):
            assert api.post_json("/api/v1/sessions", comfy(harness.now() - h * HOUR)).status == 201
        assert api.get("/api/v1/recommendation").json()["dilator_id"] == "fms-20"
        form = page_form(c.get("/sessions/new").text, "/sessions/new")
        assert ("dilator_id", "fms-18") in form["fields"]
        # "Just now" is the default: saving is one tap.
        assert ("when_pick", "now") in form["fields"]
        r = c.post("/sessions/new", fill_form(form))
        assert r.status == 303, harness.alert(r.text)
        s = api.get("/api/v1/sessions?limit=1").json()["items"][0]
        assert abs(harness.now() - harness.datetime.fromisoformat(
            s["started_at"].replace("Z", "+00:00")).timestamp()) < 120


def test_earlier_today_and_yesterday_evening_in_her_zone():
    clock = FileClock(start=1796223600)  # Wed 2026-12-02 15:00 UTC, 16:00 in Berlin
    try:
        with Server(env=clock.env) as srv:
            c = Client(srv)
            c.cookies["pace-tz"] = "60"
            email = register(c)
            api = token_for(srv, email, env=clock.env)
            page = c.get("/sessions/new").text
            assert "Earlier today, 2:00 pm" in page and "Yesterday evening, 8:00 pm" in page
            for pick, want in (("earlier", "2026-12-02T13:00:00Z"),
                               ("yesterday", "2026-12-01T19:00:00Z")):
                r = browser_submit(c, "/sessions/new", "/sessions/new",
                                   {"when_pick": pick, "dilator_id": "none", "outcome":
                                    "completed"})
                assert r.status == 303, harness.alert(r.text)
                got = [s["started_at"] for s in api.get("/api/v1/sessions").json()["items"]]
                assert want in got, (pick, got)
            # Another time: the date field decides.
            r = browser_submit(c, "/sessions/new", "/sessions/new",
                               {"when_pick": "at", "when": "2026-11-30T21:05",
                                "dilator_id": "none"})
            assert r.status == 303, harness.alert(r.text)
            got = [s["started_at"] for s in api.get("/api/v1/sessions").json()["items"]]
            assert "2026-11-30T20:05:00Z" in got
    finally:
        clock.close()


def test_a_spasm_is_noted_with_how_many_and_roughly_how_long():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        api = token_for(srv, email)
        assert put(api, "/api/v1/kit", {"items": ["fms-16"]}).status == 200
        r = browser_submit(c, "/sessions/new", "/sessions/new",
                           {"spasm_count": "2", "spasm_len": "half_minute"})
        assert r.status == 303, harness.alert(r.text)
        s = api.get("/api/v1/sessions?limit=1").json()["items"][0]
        assert [x["duration_s"] for x in s["spasms"]] == [30, 30]
        page = c.get(f"/sessions/{s['id']}").text
        assert "2, the longest lasting about 30 seconds" in page
        # A count without a length names the missing answer.
        r = browser_submit(c, "/sessions/new", "/sessions/new", {"spasm_count": "1"})
        assert r.status == 422 and 'id="e-spasm_len"' in r.text
        assert "about how long the longest one lasted" in r.text
        # The edit form keeps them as they were unless she changes them.
        r = browser_submit(c, f"/sessions/{s['id']}/edit", f"/sessions/{s['id']}/edit")
        assert r.status == 303, harness.alert(r.text)
        again = api.get(f"/api/v1/sessions/{s['id']}").json()
        assert again["spasms"] == s["spasms"]


def test_after_scores_in_part_name_the_missing_answer():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        api = token_for(srv, email)
        assert put(api, "/api/v1/kit", {"items": ["fms-16"]}).status == 200
        r = browser_submit(c, "/sessions/new", "/sessions/new", {"fear": "2", "pain": "1"})
        assert r.status == 422
        alert = harness.alert(r.text)
        assert "How tense were you afterwards?" in alert and "is missing" in alert
        assert 'href="#f-tension"' in r.text
        assert api.get("/api/v1/sessions").json()["items"] == []


# ---- her words for an exam ----------------------------------------------------------

def test_she_takes_out_and_adds_requests_and_writes_her_stop_word():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        api = token_for(srv, email)
        page = c.get("/exam-prep").text
        form = page_form(page, "/exam-prep")
        keep = [v for k, v in form["fields"] if k == "keep"]
        assert "mirror" in keep and len(keep) == 6
        keep.remove("mirror")
        r = browser_submit(c, "/exam-prep", "/exam-prep",
                           {"keep": keep, "own1": "Please warm the speculum first.",
                            "stop_word": "Pause"})
        assert r.status == 303 and r.header("Location") == "/exam-prep?done=saved", r
        page = c.get("/exam-prep?done=saved").text
        sheet = page.split('<div class="exam-sheet">', 1)[1].split("</div>", 1)[0]
        assert "mirror" not in sheet and "Please warm the speculum first." in sheet
        assert '<strong class="exam-stopword" lang="">Pause</strong>' in sheet
        # Her notes stay on screen only.
        notes = page.split('<section class="card no-print" aria-labelledby="ex-notes">', 1)[1]
        assert "About the speculum" in notes
        plan = api.get("/api/v1/exam-prep").json()
        assert "mirror" not in [q["key"] for q in plan["requests"]]
        assert plan["requests"][-1] == {"key": "own", "text": "Please warm the speculum first."}
        assert plan["stop_word"] == "Pause"
        # Sealed at rest.
        assert b"warm the speculum" not in harness.db_bytes(srv.data)
        # Too long: refused beside the field, nothing changed.
        r = browser_submit(c, "/exam-prep", "/exam-prep", {"stop_word": "x" * 41})
        assert r.status == 422 and 'href="#f-stop_word"' in r.text
        assert api.get("/api/v1/exam-prep").json()["stop_word"] == "Pause"
        # The first plan prepared is a quiet milestone.
        assert "First exam plan prepared" in c.get("/progress").text


# ---- a month of practice, milestones, the period that fits -------------------------

def test_the_month_shows_dots_per_day_and_no_streak():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        api = token_for(srv, email)
        assert put(api, "/api/v1/kit", {"items": ["fms-16", "fms-18"]}).status == 200
        now = harness.now()
        for t in (now - HOUR, now - 2 * HOUR, now - 10 * DAY):
            assert api.post_json("/api/v1/sessions", comfy(t, dilator="fms-16")).status == 201
        assert api.post_json("/api/v1/sessions", {
            "started_at": stamp(now - 3 * DAY), "duration_s": 0, "outcome": "not_today",
            "safety": ["clinician_rest"]}).status == 201
        page = c.get("/sessions").text
        month = page.split('<section class="card month"', 1)[1].split("</section>", 1)[0]
        d = harness.now_dt()
        names = ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]
        assert f"{names[d.month - 1]} {d.year}" in month
        today = re.search(r'<td class="today" aria-current="date">(.*?)</td>', month).group(1)
        assert today.count('class="dot"') == 2 and "2 sessions" in today
        assert month.count('<i class="ring">') >= (1 if d.day > 3 else 0)
        assert "streak" not in month.lower() and "missed" not in month.lower()
        assert 'rel="prev"' in month and 'rel="next"' not in month
        prev = c.get("/sessions?month=%d-%02d" % ((d.year, d.month - 1) if d.month > 1
                                                   else (d.year - 1, 12)))
        assert prev.status == 200 and 'rel="next"' in prev.text


def test_milestones_and_a_period_her_history_fills():
    clock = FileClock(start=1796223600)
    try:
        with Server(env=clock.env) as srv:
            c = Client(srv)
            email = register(c)
            api = token_for(srv, email, env=clock.env)
            assert put(api, "/api/v1/kit", {"items": ["fms-16", "fms-18"]}).status == 200
            t0 = clock.t
            assert api.post_json("/api/v1/sessions", comfy(t0 - 5 * DAY, "fms-16")).status == 201
            page = c.get("/progress").text
            # Five days of history: everything, not a mostly empty three months.
            assert re.search(r'href="/progress\?period=all" aria-current="page"', page)
            assert "Your first practice, at 16 mm" in page
            assert api.post_json("/api/v1/sessions", comfy(t0 - 1 * DAY, "fms-18")).status == 201
            page = c.get("/progress").text
            assert "First time at 18 mm" in page and "Along the way" in page
            for days, period in ((20, "4w"), (40, "3m")):
                clock.advance(days * DAY)
                c = Client(srv)  # signed out after so long: she signs in again
                assert harness.login(c, email).status == 303
                assert re.search(rf'href="/progress\?period={period}" aria-current="page"',
                                 c.get("/progress").text), period
    finally:
        clock.close()


def test_goal_rings_on_the_kit_only_for_goals_she_chose():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        api = token_for(srv, email)
        assert put(api, "/api/v1/kit", {"items": ["fms-16", "fms-30"]}).status == 200
        html = c.get("/kit").text
        assert "kit-goal" not in html and "Intercourse" not in main_of(html)
        assert put(api, "/api/v1/goals", {"goals": [{"goal": "intercourse"}]}).status == 200
        html = main_of(c.get("/kit").text)
        assert html.count('<circle class="kit-goal"') == 1
        assert "Intercourse" in html and "Tampon" not in html
        assert "34–41 mm" in html
