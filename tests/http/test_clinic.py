"""test_clinic.py - the clinician's workspace through the pages people use:
she fills in the intake and reads its summary; /today suggests once, gently,
that a clinician checks for physical causes; she invites a clinician, who
registers as a clinician through the link and accepts; the caseload flags a
session with pain 9; the clinician opens her page (exactly the shared
scopes), records an exam note (Lamont 2), proposes a longer practice time
and writes a note on her week; she sees the note and the exam in plain
words, accepts the proposal on /today and the next suggestion follows it;
bad input gets a message beside its field and nothing saved; every look is
in her trail; after she revokes, the caseload no longer lists her and her
page shows nothing; the operator verifies the clinician, which she sees."""

import json
import re
import time

import harness  # noqa: E402
from harness import Client, Server, browser_submit, fill_form, page_form, register, run_pace


def stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def today():
    return time.strftime("%Y-%m-%d", time.gmtime(harness.now()))


class Her:
    def __init__(self, srv):
        self.web = Client(srv)
        self.email = register(self.web)
        p = run_pace("token", "create", "--email", self.email, "--data", srv.data)
        self.api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
        r = self.api.request("PUT", "/api/v1/kit", body=json.dumps({"items": ["fms-16", "fms-18"]}),
                             headers={"Content-Type": "application/json"})
        assert r.status == 200, r

    def session(self, pain, ago=3600, note="just mine"):
        r = self.api.post_json("/api/v1/sessions", {
            "started_at": stamp(harness.now() - ago), "duration_s": 600, "dilator_id": "fms-18",
            "outcome": "completed", "after": {"fear": 2, "tension": 2, "pain": pain},
            "note": note})
        assert r.status == 201, r
        return r.json()["id"]

    def invite_clinician(self, scopes, name="Robin"):
        r = browser_submit(self.web, "/sharing", "/sharing/invite", {
            "relation": "clinician", "label": "Dr Lee", "subject_name": name, "scope": scopes})
        assert r.status == 200, (r.status, harness.alert(r.text))
        return re.search(r"/invite/([A-Za-z0-9_-]+)</code>", r.text).group(1)


def clinician_accepts(srv, token, email=None):
    c = Client(srv)
    email = email or harness.new_email()
    r = browser_submit(c, f"/register?next=/invite/{token}", "/register",
                       {"email": email, "password": harness.PASSWORD, "role": "clinician"})
    assert r.status == 200 and "Keep your recovery codes" in r.text, r  # shown once, first
    r = browser_submit(c, f"/invite/{token}", f"/invite/{token}")
    assert r.status == 303, r
    return c, email, r.header("Location").split("/")[2]


def test_intake_summary_and_the_suggestion_shown_once():
    with Server() as srv:
        her = Her(srv)
        r = her.web.get("/intake/summary")
        assert r.status in (302, 303) and r.header("Location") == "/intake"
        r = browser_submit(her.web, "/intake", "/intake", {
            "onset": "after", "onset_note": "after a hard exam", "hard": ["tampon", "exam"],
            "possible": "a finger, slowly", "checked": "no", "goals": "a calm exam"})
        assert r.status == 303 and r.header("Location").startswith("/intake/summary"), r
        s = her.web.get("/intake/summary").text
        assert "What you told Pace" in s and "after a hard exam" in s and "a calm exam" in s
        assert "not a diagnosis" in s.lower()
        assert "Lamont" not in s and "Pacik" not in s
        # Sealed at rest: the words are not in what the database keeps.
        assert harness.db_query(srv.data, "SELECT count(*) FROM intake") == [("1",)]
        assert b"after a hard exam" not in harness.db_bytes(srv.data)
        # Once, gently, with the guide's article; then never again.
        t = her.web.get("/today").text
        assert "physical" in t and "/guide/physical-causes" in t, t[:3000]
        assert "/guide/physical-causes" not in her.web.get("/today").text
        # Too long an answer: a message beside the field, nothing saved.
        r = browser_submit(her.web, "/intake", "/intake", {"goals": "x" * 501})
        assert r.status == 422 and 'id="e-goals"' in r.text, r.status
        assert "a calm exam" in her.web.get("/intake/summary").text
        # The API reads the same answers.
        j = her.api.get("/api/v1/intake").json()
        assert j["checked"] == "no" and j["hard"] == ["tampon", "exam"], j


def test_the_whole_loop_from_invitation_to_revocation():
    with Server() as srv:
        her = Her(srv)
        her.session(2, ago=5 * 86400)
        token = her.invite_clinician(["summary", "sessions", "progress", "plan", "intake",
                                      "propose"])
        clin, clin_email, gid = clinician_accepts(srv, token)
        # A clinician's home is the caseload.
        r = clin.get("/")
        assert r.status in (302, 303) and r.header("Location") == "/clinic"
        page = clin.get("/clinic").text
        assert "Robin" in page and "flag-severe_pain" not in page
        # She logs a session with pain 9: the caseload flags it.
        her.session(9, ago=600)
        page = clin.get("/clinic").text
        assert 'class="flag flag-severe_pain"' in page, page[:4000]
        assert "Robin" in clin.get("/clinic?flag=severe_pain").text
        assert "Robin" not in clin.get("/clinic?flag=idle").text
        # Her page: exactly the shared scopes (no notes, no feedback of others).
        d = clin.get(f"/clinic/{gid}")
        assert d.status == 200 and "This week" in d.text and "Recent sessions" in d.text
        assert "just mine" not in d.text
        assert "Intake summary" in d.text
        assert "Lamont 2" in d.text and "despite reassurance" in d.text
        # Bad input: beside the field, nothing saved.
        r = clin.post(f"/clinic/{gid}/exam", fill_form(page_form(d.text, f"/clinic/{gid}/exam"),
                                                      {"grade": "7"}))
        assert r.status == 422 and 'id="e-grade"' in r.text
        r = clin.post(f"/clinic/{gid}/exam", fill_form(page_form(d.text, f"/clinic/{gid}/exam"),
                                                      {"grade": "2", "date": "2099-01-01"}))
        assert r.status == 422 and 'id="e-date"' in r.text
        # A Lamont 2 exam note.
        r = clin.post(f"/clinic/{gid}/exam", fill_form(page_form(d.text, f"/clinic/{gid}/exam"), {
            "grade": "2", "date": today(), "findings": "tone high at the introitus",
            "patient_note": "You did really well today."}))
        assert r.status == 303, (r.status, harness.alert(r.text))
        # Outside the engine's bounds, a looser safety stop, no reason: refused.
        form = page_form(d.text, f"/clinic/{gid}/change")
        r = clin.post(f"/clinic/{gid}/change", fill_form(form, {"p_minutes": "999",
                                                               "reason": "x"}))
        assert r.status == 422 and 'id="e-p_minutes"' in r.text
        r = clin.post(f"/clinic/{gid}/change", fill_form(form, {"p_clinician_pain": "9",
                                                               "reason": "x"}))
        assert r.status == 422 and 'id="e-p_clinician_pain"' in r.text
        r = clin.post(f"/clinic/{gid}/change", fill_form(form, {"p_minutes": "25"}))
        assert r.status == 422 and 'id="e-reason"' in r.text
        # A longer practice time, proposed.
        r = clin.post(f"/clinic/{gid}/change", fill_form(form, {
            "p_minutes": "25", "reason": "A little longer helps the muscles settle."}))
        assert r.status == 303, (r.status, harness.alert(r.text))
        # Written feedback.
        r = clin.post(f"/clinic/{gid}/feedback", fill_form(
            page_form(clin.get(f"/clinic/{gid}").text, f"/clinic/{gid}/feedback"),
            {"text": "Homework: three slow breaths before each session."}))
        assert r.status == 303, r
        before = her.api.get("/api/v1/recommendation").json()
        # Her side: plain words, the suggestion to accept, the note.
        t = her.web.get("/today").text
        assert "A suggestion for your plan" in t and "A little longer" in t
        assert "three slow breaths" in t
        assert "Lamont" not in t and "Pacik" not in t
        prog = her.web.get("/progress").text
        assert "Your exams" in prog and "You did really well today." in prog
        assert "Lamont" not in prog and "tone high" not in prog
        # She accepts on /today: the next suggestion follows the new plan.
        form = page_form(t, [a for a in re.findall(r'action="(/plan/changes/[^"]+)"', t)][0])
        action = re.findall(r'action="(/plan/changes/[^"]+)"', t)[0]
        r = her.web.post(action, fill_form(form, button=("decision", "accept")))
        assert r.status == 303 and r.header("Location") == "/today?done=accepted", r
        after = her.api.get("/api/v1/recommendation").json()
        assert after != before
        assert "25" in json.dumps(after), after
        plan = her.web.get("/plan").text
        assert "Changes from your clinicians" in plan and "you said yes" in plan
        # A second answer: nothing changes.
        r = her.web.post(action, fill_form(form, button=("decision", "decline")))
        assert r.status == 404
        # Her trail has the clinician's looks and writes.
        trail = her.web.get("/sharing/audit").text
        assert clin_email in trail and "your exam notes" not in trail, trail[:3000]
        assert trail.count(clin_email) >= 5
        # Not verified; the operator verifies; she sees it.
        assert "not verified" in her.web.get("/sharing").text
        p = run_pace("user", "verify", "--email", clin_email, "--data", srv.data)
        assert p.returncode == 0, p.stderr
        assert "verified by this Pace" in her.web.get("/sharing").text
        # She revokes: the caseload no longer lists her, her page is gone.
        r = her.web.get("/sharing")
        r = her.web.post(f"/sharing/{gid}/revoke",
                         fill_form(page_form(r.text, f"/sharing/{gid}/revoke")))
        assert r.status == 303, r
        assert "Robin" not in clin.get("/clinic").text
        for path in (f"/clinic/{gid}",):
            assert clin.get(path).status == 404
        r = clin.post(f"/clinic/{gid}/exam", fill_form(form, {"grade": "1", "date": today()}))
        assert r.status in (403, 404)
        trail = her.web.get("/sharing/audit").text
        assert "refused" in trail


def test_scopes_decide_what_a_clinician_may_read_and_do():
    with Server() as srv:
        her = Her(srv)
        her.session(3)
        token = her.invite_clinician(["summary"])
        clin, _, gid = clinician_accepts(srv, token)
        d = clin.get(f"/clinic/{gid}").text
        assert "Recent sessions" not in d and "Intake summary" not in d
        assert f'action="/clinic/{gid}/change"' not in d
        # Not granted: the same answer as a record that does not exist.
        r = clin.post(f"/clinic/{gid}/change", [("csrf", clin.csrf_for(f"/clinic/{gid}")),
                                               ("p_minutes", "20"), ("reason", "longer")])
        assert r.status == 404, r
        # The caseload shows only the summary.
        page = clin.get("/clinic").text
        assert "Robin" in page and "not shared" in page
        # An edit scope changes her plan at once; she is told once.
        token = her.invite_clinician(["summary", "edit_plan"], name="Robin2")
        clin2, _, gid2 = clinician_accepts(srv, token)
        d = clin2.get(f"/clinic/{gid2}").text
        r = clin2.post(f"/clinic/{gid2}/change", fill_form(page_form(d, f"/clinic/{gid2}/change"),
                                                          {"p_minutes": "20",
                                                           "reason": "Twenty minutes now."}))
        assert r.status == 303 and "done=edit" in r.header("Location"), r
        t = her.web.get("/today").text
        assert "Your plan was changed" in t and "Twenty minutes now." in t
        assert "Your plan was changed" not in her.web.get("/today").text


def test_api_for_exams_changes_feedback_and_fhir():
    with Server() as srv:
        her = Her(srv)
        her.session(2)
        r = her.api.request("PUT", "/api/v1/intake", body=json.dumps({
            "onset": "always", "hard": ["dilator"], "checked": "yes", "goals": "tampons"}),
            headers={"Content-Type": "application/json"})
        assert r.status == 200, r
        token = her.invite_clinician(["summary", "sessions", "intake", "propose"])
        clin, email, gid = clinician_accepts(srv, token)
        p = run_pace("token", "create", "--email", email, "--data", srv.data)
        api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
        r = api.post_json(f"/api/v1/patients/{gid}/exams", {"date": today(), "grade": 6})
        assert r.status == 422 and r.json()["field"] == "grade", r.text
        r = api.post_json(f"/api/v1/patients/{gid}/exams", {"date": today(), "grade": 5,
                                                            "findings": "sweating"})
        assert r.status == 201 and r.json()["grade_name"] == "Pacik 5", r.text
        r = api.post_json(f"/api/v1/patients/{gid}/changes", {
            "params": {"minutes": 12}, "reason": "shorter for now"})
        assert r.status == 201 and r.json()["status"] == "open", r.text
        cid = r.json()["id"]
        r = api.post_json(f"/api/v1/patients/{gid}/changes", {
            "kind": "edit", "params": {"minutes": 12}, "reason": "x"})
        assert r.status in (403, 404), r.text  # no edit scope
        r = api.post_json(f"/api/v1/patients/{gid}/feedback", {"text": "Well done."})
        assert r.status == 201, r.text
        cl = api.get("/api/v1/caseload").json()["items"]
        assert cl[0]["patient"] == gid and "sessions" in cl[0], cl
        fh = api.get(f"/api/v1/patients/{gid}/fhir").json()
        kinds = [e["resource"]["resourceType"] for e in fh["entry"]]
        assert kinds == ["Questionnaire", "QuestionnaireResponse", "Observation"], kinds
        obs = fh["entry"][2]["resource"]
        assert obs["valueInteger"] == 5 and obs["interpretation"][0]["coding"][0]["code"] == \
            "pacik-5"
        # Her side: plain, no findings, no grading words.
        ex = her.api.get("/api/v1/exams").json()["items"]
        assert ex and "findings" not in ex[0] and "grade_name" not in ex[0] and ex[0]["plain"]
        assert her.api.get("/api/v1/feedback").json()["items"][0]["text"] == "Well done."
        r = her.api.post_json(f"/api/v1/changes/{cid}", {"decision": "decline"})
        assert r.status == 200 and r.json()["status"] == "declined", r.text
        r = her.api.post_json(f"/api/v1/changes/{cid}", {"decision": "accept"})
        assert r.status == 404
        # Another patient's grant id: nothing, like one that never existed.
        assert api.get("/api/v1/patients/" + "0" * 36 + "/exams").status == 404


def test_admin_page_verifies_a_clinician():
    with Server() as srv:
        her = Her(srv)
        token = her.invite_clinician(["summary"])
        clin, email, gid = clinician_accepts(srv, token)
        admin = Client(srv)
        admin_email = harness.new_email()
        p = run_pace("user", "add", "--email", admin_email, "--role", "admin",
                     "--password-stdin", "--data", srv.data, input=harness.PASSWORD + "\n")
        assert p.returncode == 0, p.stderr
        harness.login(admin, admin_email)
        # Only an admin reaches the page.
        assert clin.get("/admin/clinicians").status == 404
        assert her.web.get("/admin/clinicians").status == 404
        page = admin.get("/admin/clinicians").text
        assert email in page and "not verified" in page
        action = re.search(r'action="(/admin/clinicians/\d+/verify)"', page).group(1)
        r = admin.post(action, fill_form(page_form(page, action)))
        assert r.status == 303, r
        assert "verified by this Pace" in her.web.get("/sharing").text


def test_api_absences_answer_in_a_sentence():
    """No intake yet, or no such proposal: a 404 in the same calm words as
    every other absence, never the store's own."""
    with Server() as srv:
        her = Her(srv)
        r = her.api.get("/api/v1/intake")
        assert r.status == 404 and r.json()["error"] == "There is nothing here.", r
        r = her.api.post_json("/api/v1/changes/" + "0" * 8 + "-0000-4000-8000-" + "0" * 12,
                              {"decision": "accept"})
        assert r.status == 404 and r.json()["error"] == "There is nothing here.", r
        token = her.invite_clinician(["summary", "intake"])
        clin, email, gid = clinician_accepts(srv, token)
        p = run_pace("token", "create", "--email", email, "--data", srv.data)
        api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
        r = api.get(f"/api/v1/patients/{gid}/intake")
        assert r.status == 404 and r.json()["error"] == "There is nothing here.", r
