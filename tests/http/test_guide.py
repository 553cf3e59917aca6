"""The guide through the real server: every article in both languages renders
with its table of contents pointing at real headings, its reading time from
its own words and its sources; links inside articles lead somewhere; the
search finds a word from each article and escapes what it echoes; the guide
is open signed out and signed in; the small links from the guided session,
"not today", the exam plan and /today; pace guide check and list, and serve
--guide; and no article shares a run of eight words with the source document
(tests/data/seed-shingles.txt, or the document itself when PACE_SEED_DIR
names its folder)."""

import html as htmllib
import os
import re
import shutil
import sys
import tempfile
import urllib.parse

from harness import Client, Server, assert_one_sentence, csrf, register, run_pace
from test_plan import User

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import shingles  # noqa: E402

LANGS = {"en": 238, "de": 205}  # words per minute (src/core/guide.h)


def lang_client(srv, lang):
    return Client(srv, headers={"Accept-Language": lang})


def slugs(c):
    r = c.get("/guide")
    assert r.status == 200, r
    found = re.findall(r'<a class="guide-card" href="/guide/([a-z0-9-]+)">', r.text)
    assert len(found) >= 16 and len(found) == len(set(found)), found
    return found


def between(text, start, end):
    i = text.index(start)
    return text[i:text.index(end, i)]


def plain(fragment):
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))


def body_of(page):
    return between(page, '<div class="guide-body">', '<section class="guide-sources"')


def title_of(page):
    return plain(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))


def words(text):
    return re.findall(r"[^\W_]+", text)


def test_every_article_renders_in_both_languages_with_its_toc():
    with Server() as srv:
        all_slugs = {}
        for lang, wpm in LANGS.items():
            c = lang_client(srv, lang)
            all_slugs[lang] = slugs(c)
            for slug in all_slugs[lang]:
                r = c.get(f"/guide/{slug}")
                assert r.status == 200, (lang, slug, r)
                page = r.text
                assert f'<html lang="{lang}">' in page
                # Discreet: the tab says "Guide", never the subject.
                assert re.search(r"<title>(Guide|Ratgeber) · Pace</title>", page), slug
                toc = between(page, '<nav class="guide-toc"', "</nav>")
                anchors = re.findall(r'href="#([a-z0-9-]+)"', toc)
                assert len(anchors) >= 3, (lang, slug)
                for a in anchors:
                    assert page.count(f' id="{a}"') == 1, (lang, slug, a)
                # Reading time from its own words at the language's rate.
                n = len(words(title_of(page))) + len(words(plain(body_of(page))))
                minutes = max(1, (n + wpm // 2) // wpm)
                unit = "min read" if lang == "en" else "Min. Lesezeit"
                assert f"{minutes} {unit}" in page, (lang, slug, n, minutes)
                # Sources and the reviewed date at the end.
                sources = between(page, '<section class="guide-sources"', "</section>")
                assert sources.count("<li>") >= 1, slug
                assert re.search(r"(Last reviewed on|Zuletzt geprüft am) ", sources), slug
                assert "<script" not in body_of(page)
        assert all_slugs["en"] == all_slugs["de"], "the same articles in the same order"


def test_the_same_headings_in_both_languages_and_previous_next():
    with Server() as srv:
        en, de = lang_client(srv, "en"), lang_client(srv, "de")
        order = slugs(en)
        for i, slug in enumerate(order):
            ids = [re.findall(r'<nav class="guide-toc".*?</nav>', c.get(f"/guide/{slug}").text,
                              re.S)[0] for c in (en, de)]
            assert re.findall(r'href="#([a-z0-9-]+)"', ids[0]) == \
                re.findall(r'href="#([a-z0-9-]+)"', ids[1]), slug
            page = en.get(f"/guide/{slug}").text
            prev = re.search(r'rel="prev" href="/guide/([a-z0-9-]+)"', page)
            nxt = re.search(r'rel="next" href="/guide/([a-z0-9-]+)"', page)
            assert (prev.group(1) if prev else None) == (order[i - 1] if i else None), slug
            assert (nxt.group(1) if nxt else None) == \
                (order[i + 1] if i + 1 < len(order) else None), slug


def test_links_inside_articles_lead_somewhere():
    with Server() as srv:
        for lang in LANGS:
            c = lang_client(srv, lang)
            for slug in slugs(c):
                body = body_of(c.get(f"/guide/{slug}").text)
                for href in re.findall(r'<a href="([^"]*)"', body):
                    assert href.startswith("/") or href.startswith("#"), (slug, href)
                    path, _, frag = href.partition("#")
                    target = c.get(path) if path else c.get(f"/guide/{slug}")
                    if target.status == 303:  # a page for her, after signing in
                        assert target.header("Location") == "/login", (slug, href)
                        continue
                    assert target.status == 200, (lang, slug, href, target)
                    if frag:
                        assert f' id="{frag}"' in target.text, (lang, slug, href)


def test_unknown_articles_are_404():
    with Server() as srv:
        c = Client(srv)
        for path in ["/guide/no-such-article", "/guide/START-HERE", "/guide/start-here.md",
                     "/guide/..%2Fpo", "/guide/%00"]:
            r = c.get(path)
            assert r.status == 404, (path, r)


def rarest_word(body_words, counts, lang):
    """A word of at least six letters that as few other articles as possible use."""
    cands = sorted({w for w in body_words if len(w) >= 6 and not w.isdigit()},
                   key=lambda w: (counts[w.lower()], w))
    assert cands, "no word of six letters"
    return cands[0]


def test_search_finds_a_word_from_each_article():
    with Server() as srv:
        for lang in LANGS:
            c = lang_client(srv, lang)
            texts = {s: words(plain(body_of(c.get(f"/guide/{s}").text))) for s in slugs(c)}
            counts = {}
            for ws in texts.values():
                for w in {w.lower() for w in ws}:
                    counts[w] = counts.get(w, 0) + 1
            for slug, ws in texts.items():
                word = rarest_word(ws, counts, lang)
                r = c.get("/guide?q=" + urllib.parse.quote(word))
                assert r.status == 200, r
                found = re.findall(r'<h3><a href="/guide/([a-z0-9-]+)">',
                                   between(r.text, '<ol class="guide-hits">', "</ol>"))
                assert slug in found, (lang, slug, word, found)
                assert "<mark>" in r.text, (lang, word)
                # The search field keeps the words.
                assert f'value="{htmllib.escape(word)}"' in r.text


def test_search_is_german_aware_and_escapes_what_it_echoes():
    with Server() as srv:
        de = lang_client(srv, "de")
        for q in ["Übungen", "uebung", "UBUNG", "Verkrampfungen"]:
            r = de.get("/guide?q=" + urllib.parse.quote(q))
            assert "guide-hits" in r.text and "<mark>" in r.text, q
        en = Client(srv)
        evil = '<script>alert("x")</script> \' breathing'
        r = en.get("/guide?q=" + urllib.parse.quote(evil))
        assert r.status == 200
        assert "<script>alert" not in r.text
        assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39; breathing"' in r.text
        r = en.get("/guide?q=" + urllib.parse.quote("zzqqxx"))
        assert "0 articles found" in r.text and "Nothing matches" in r.text
        # Long or odd queries are read up to a limit, never refused.
        r = en.get("/guide?q=" + "breath%20" * 120)
        assert r.status == 200 and 'maxlength="200"' in r.text
        r = en.get("/guide?q=%FF%FE")
        assert r.status in (200, 400), r
        # An empty search shows the list.
        r = en.get("/guide?q=+")
        assert 'class="guide-card"' in r.text and "guide-hits" not in r.text


def test_open_signed_out_and_signed_in_with_guide_in_the_navigation():
    with Server() as srv:
        c = Client(srv)
        r = c.get("/guide")
        assert r.status == 200
        assert re.search(r'<a href="/guide" class="guest-guide" aria-current="page">'
                         r'<svg aria-hidden="true"[^>]*>.*?</svg><span>Guide</span></a>', r.text)
        home = c.get("/").text
        assert 'href="/guide"' in home
        de = lang_client(srv, "de").get("/guide").text
        assert re.search(r'aria-current="page"><svg[^>]*>.*?</svg><span>Ratgeber</span>', de)
        register(c)
        r = c.get("/guide/forms")
        assert r.status == 200 and "Different forms" in r.text
        nav = between(r.text, '<nav class="tabs"', "</nav>")
        # The guide is one of the five tabs, on phones too.
        assert re.search(r'<li><a href="/guide" aria-current="page">.*?<span>Guide</span>', nav)
        assert len(re.findall(r"<li[ >]", nav)) == 5


def flow(c, event, **fields):
    page = c.get("/practice")
    r = c.post("/practice", {"csrf": csrf(page.text), "event": event, **fields})
    assert r.status == 303, (event, r)
    return r


def test_links_from_the_guided_session_exam_plan_and_today():
    with Server() as srv:
        u = User(srv, web=True)
        c = u.browser
        assert 'href="/guide/start-here">Start here</a>' in c.get("/today").text
        flow(c, "checkin", fear="3", tension="3", pain="0")
        prep = c.get("/practice").text
        assert 'href="/guide/dilators#lubricants">Lubricants</a>' in prep
        assert 'href="/guide/dilators#temperature">Warming and cooling safely</a>' in prep
        flow(c, "prepared", dilator_id="fms-18", lubricant="water_based", temperature="room",
             minutes="10")
        flow(c, "relaxed", pattern="resonance")
        flow(c, "spasm")
        spasm = c.get("/practice").text
        assert 'href="/guide/when-a-spasm-comes">When a spasm comes</a>' in spasm
        flow(c, "stop")
        flow(c, "checkout", fear="1", tension="1", pain="0", max_pain="1")
        exam = c.get("/exam-prep").text
        assert 'href="/guide/exam-preparation">Preparing for a gynaecological exam</a>' in exam
        # Not today, after a safety answer: having physical causes checked.
        page = c.get("/practice")
        fields = {"csrf": csrf(page.text), "event": "checkin", "fear": "2", "tension": "2",
                  "pain": "1", "safety": "infection"}
        r = c.post("/practice", fields)
        assert r.status == 303 and r.header("Location").startswith("/practice/done/"), r
        done = c.get(r.header("Location")).text
        assert 'href="/guide/physical-causes">Having physical causes checked</a>' in done
        # Once she has practised, /today no longer shows the newcomer's link.
        u.log(hours=3)
        assert "/guide/start-here" not in c.get("/today").text
        # In German, the links carry the German titles.
        r = c.post("/lang", {"csrf": csrf(c.get("/exam-prep").text), "lang": "de",
                             "back": "/exam-prep"})
        assert r.status == 303, r
        de = c.get("/exam-prep").text
        assert 'href="/guide/exam-preparation">Vorbereitung auf eine gynäkologische ' \
            'Untersuchung</a>' in de


def test_english_articles_keep_the_voice():
    # DESIGN.md: no "should", "failed", "missed"; offer, don't order.
    with Server() as srv:
        c = Client(srv)
        for slug in slugs(c):
            text = plain(body_of(c.get(f"/guide/{slug}").text))
            for bad in ["should", "failed", "failure", "missed", "streak lost", "must"]:
                assert not re.search(rf"\b{bad}\b", text, re.I), (slug, bad)


def test_no_article_shares_eight_words_with_the_source_document():
    hashes = shingles.load()
    assert len(hashes) > 1000, "tests/data/seed-shingles.txt looks empty"
    # The check itself works: a run of eight words is found, seven are not.
    mine = "one two three four five six seven eight nine"
    probe = {shingles.digest(r) for _, r in shingles.runs(mine)}
    assert shingles.shared("x " + mine + " y", probe)
    assert not shingles.shared("one two three four five six seven", probe)
    seed = os.environ.get("PACE_SEED_DIR")
    if seed and os.path.isdir(seed):
        out = os.path.join(tempfile.mkdtemp(prefix="pace-seed-"), "h.txt")
        shingles.make(seed, out)
        assert shingles.load(out) == hashes, "tests/data/seed-shingles.txt is out of date"
        shutil.rmtree(os.path.dirname(out))
    else:
        print("note: PACE_SEED_DIR not set; checking against tests/data/seed-shingles.txt only")
    with Server() as srv:
        for lang in LANGS:
            c = lang_client(srv, lang)
            for slug in slugs(c):
                page = c.get(f"/guide/{slug}").text
                text = title_of(page) + "\n" + plain(between(page, "<main", "</main>"))
                assert shingles.shared(text, hashes) == [], (lang, slug)
    # And the files as written, headers included.
    for lang in LANGS:
        d = os.path.join(ROOT, "data", "guide", lang)
        for name in os.listdir(d):
            with open(os.path.join(d, name), encoding="utf-8") as f:
                assert shingles.shared(f.read(), hashes) == [], name


def copy_guide():
    d = tempfile.mkdtemp(prefix="pace-guide-")
    for lang in LANGS:
        shutil.copytree(os.path.join(ROOT, "data", "guide", lang), os.path.join(d, lang))
    return d


def test_cli_guide_check_list_and_serve_from_a_directory():
    d = copy_guide()
    try:
        p = run_pace("guide", "check", d)
        assert p.returncode == 0, p.stderr
        assert "16 articles" in p.stdout or "articles in English and German" in p.stdout
        p = run_pace("guide", "list", "--lang", "de")
        assert p.returncode == 0 and "Wenn eine Verkrampfung kommt" in p.stdout, p.stdout
        # A writer's change shows with --guide, without rebuilding.
        path = os.path.join(d, "en", "forms.md")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("title: Different forms", "title: Many forms"))
        with Server(args=["--guide", d]) as srv:
            assert "Many forms" in Client(srv).get("/guide/forms").text
        with Server(env={"PACE_GUIDE": d}) as srv:
            assert "Many forms" in Client(srv).get("/guide").text
        # A broken article: the file and the line, and serve refuses to start.
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("sources: dsm5-gpppd,", "sources: nobody-2099, dsm5-gpppd,"))
        p = run_pace("guide", "check", d)
        assert p.returncode == 1
        assert_one_sentence(p.stderr)
        assert re.match(rf"pace: {re.escape(path)}:8: unknown source key \"nobody-2099\"",
                        p.stderr), p.stderr
        os.remove(path)
        p = run_pace("guide", "check", d)
        assert p.returncode == 1 and "has no English twin" in p.stderr, p.stderr
        p = run_pace("serve", "--guide", d, "--listen", "127.0.0.1:0", "--data", d)
        assert p.returncode == 1 and "has no English twin" in p.stderr, p.stderr
        p = run_pace("guide", "check", os.path.join(d, "nowhere"))
        assert p.returncode == 1 and "cannot read the guide folder" in p.stderr
    finally:
        shutil.rmtree(d)
