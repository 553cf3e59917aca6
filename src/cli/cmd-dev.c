/*
 * cmd-dev.c - pace dev seed: realistic, deterministic test histories for
 * benchmarks, soak tests and demos. Never for real data.
 *
 * Each seeded person gets a kit (a run of sizes from one catalog line, now
 * and then an item of her own), and M sessions spread over months: sizes
 * rising slowly, fear/tension/pain easing with noise, some stops, some
 * "not today" check-ins, spasms and short notes. Everything is drawn from
 * a PRNG seeded by --seed and the person's number, so the same arguments
 * (and --until) give the same histories, ids included.
 *
 * Speed (10,000 people x 100 sessions in about a minute): one argon2id
 * hash of the shared password is made once and stored for every person,
 * since hashing 10,000 passwords would take longer than everything else;
 * each person's sessions go in with store_practice_insert_many (one
 * transaction); and the store runs in bulk-load mode (no fsync per commit),
 * synced and checkpointed at the end.
 */
#include "app/clock.h"
#include "cli/cli.h"

#include "core/catalog.h"
#include "store/store.h"
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEED_PASSWORD "pace seed password" /* every seeded account's */
#define SEED_KIT_MAX 8

/* splitmix64: small, fast, and good enough for made-up histories. */
static uint64_t rng_next(uint64_t *st)
{
    uint64_t z = (*st += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A whole number from lo to hi inclusive. */
static int rng_range(uint64_t *st, int lo, int hi)
{
    return lo + (int)(rng_next(st) % (uint64_t)(hi - lo + 1));
}

static bool rng_chance(uint64_t *st, int percent)
{
    return rng_range(st, 0, 99) < percent;
}

static int clamp10(int v)
{
    return v < 0 ? 0 : v > 10 ? 10 : v;
}

/* A version-4 UUID from the PRNG, so ids repeat with the seed. */
static void rng_uuid(uint64_t *st, char out[PRACTICE_ID_LEN + 1])
{
    unsigned char b[16];
    uint64_t a = rng_next(st), c = rng_next(st);
    memcpy(b, &a, 8);
    memcpy(b + 8, &c, 8);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < sizeof b; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0f];
    }
    out[o] = '\0';
}

static const char *const notes[] = {
    "Felt calmer than last time.",
    "Breathing first helped a lot.",
    "Tired after work, kept it short.",
    "Warm water bottle beforehand made it easier.",
    "Some burning at the start, eased after a few minutes.",
    "Partner sat with me, felt safe.",
    "Moved up a size today!",
    "Hard day. Stopping was the right call.",
    "Pelvic floor drops before inserting really help.",
    "Noticed I was holding my breath.",
};

/* Pieces of the long notes of --note-chars: several scripts, so a large
 * export also carries two-, three- and four-byte characters. */
static const char *const long_pieces[] = {
    "Calm today. ",
    "Ruhig, schön. ",
    "Ήρεμα. ",
    "慢慢呼吸，今天感觉更放松了。",
    "深呼吸以后，身体慢慢放松下来。",
    "🌿🌙🌸🌊🌿🌙🌸🌊🌿🌙🌸🌊",
};

/* A note of exactly chars characters for session j (its own small
 * stream, so the other fields stay as without --note-chars). */
static char *long_note(size_t j, int chars)
{
    uint64_t st = 0x6c6f6e67ULL ^ (uint64_t)j;
    struct buf b = {0};
    int n = 0;
    while (n < chars) {
        const char *piece =
            long_pieces[rng_next(&st) % (sizeof long_pieces / sizeof long_pieces[0])];
        for (const unsigned char *c = (const unsigned char *)piece; *c && n < chars;) {
            size_t len = *c < 0x80 ? 1 : *c < 0xE0 ? 2 : *c < 0xF0 ? 3 : 4;
            buf_add(&b, c, len);
            c += len;
            n++;
        }
    }
    return buf_detach(&b);
}

/* One seeded kit: sizes of one catalog line, smallest first. */
struct seed_kit {
    struct kit_id ids[SEED_KIT_MAX + 1];
    size_t n;
    const struct catalog_item *items[SEED_KIT_MAX];
    size_t nitems; /* catalog items, the ones sessions use */
};

/* Lines with at least three plain dilators can be seeded from. */
static bool line_usable(const struct catalog_line *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->nitems; i++)
        n += l->items[i].kind == KIND_DILATOR;
    return n >= 3;
}

static void pick_kit(const struct catalog *cat, uint64_t *rng, struct seed_kit *k)
{
    memset(k, 0, sizeof *k);
    size_t usable = 0;
    for (size_t i = 0; i < cat->nlines; i++)
        usable += line_usable(cat->lines[i]);
    if (usable == 0)
        return;
    size_t want = (size_t)rng_range(rng, 0, (int)usable - 1);
    const struct catalog_line *l = NULL;
    for (size_t i = 0; i < cat->nlines && l == NULL; i++)
        if (line_usable(cat->lines[i]) && want-- == 0)
            l = cat->lines[i];
    /* A run of sizes from the smallest, as a starter set is. */
    size_t size = (size_t)rng_range(rng, 3, SEED_KIT_MAX - 2);
    for (size_t i = 0; i < l->nitems && k->nitems < size; i++) {
        if (l->items[i].kind != KIND_DILATOR)
            continue;
        k->items[k->nitems] = &l->items[i];
        snprintf(k->ids[k->n].s, sizeof k->ids[k->n].s, "%s", l->items[i].id);
        k->nitems++;
        k->n++;
    }
}

/* Session j of count for one person, over days days ending at until. */
static void make_session(uint64_t *rng, const struct seed_kit *k, int64_t until, int days, size_t j,
                         size_t count, int lube, int temp, struct practice *p)
{
    practice_init(p);
    rng_uuid(rng, p->id);
    double progress = count > 1 ? (double)j / (double)(count - 1) : 1.0; /* 0 oldest */
    /* Evenly over the days, oldest first: one a day when count == days. */
    int64_t day = count > 1 ? (int64_t)j * (days - 1) / (int64_t)(count - 1) : days - 1;
    int64_t at = until - (int64_t)days * 86400 + day * 86400;
    at -= at % 86400;
    at += 17 * 3600 + rng_range(rng, 0, 5 * 3600); /* an evening, UTC */
    p->started_at = at;
    int roll = rng_range(rng, 0, 99);
    p->outcome = roll < 85 ? OUTCOME_COMPLETED : roll < 95 ? OUTCOME_STOPPED : OUTCOME_NOT_TODAY;
    p->temperature = rng_chance(rng, 80) ? (enum temperature)temp
                                         : (enum temperature)rng_range(rng, 0, TEMP_COUNT - 1);
    p->lubricant = (enum lubricant)lube;
    p->with_partner = rng_chance(rng, 10);
    p->exercises = (unsigned)rng_range(rng, 0, (1 << EXERCISE_COUNT) - 1);
    int base = 7 - (int)(progress * 5.0);
    p->before.set = true;
    p->before.fear = clamp10(base + rng_range(rng, -2, 2));
    p->before.tension = clamp10(base + rng_range(rng, -2, 2));
    p->before.pain = clamp10(base - 1 + rng_range(rng, -2, 2));
    p->felt_safe = rng_chance(rng, 90) ? 1 : rng_chance(rng, 50) ? 0 : -1;
    if (p->outcome == OUTCOME_NOT_TODAY) {
        p->safety = rng_chance(rng, 30) ? (unsigned)(1 << rng_range(rng, 0, SAFETY_COUNT - 1)) : 0;
        p->exercises = 0;
        return;
    }
    /* Sizes rise with progress, with the odd step back to a smaller one. */
    size_t idx = (size_t)(progress * (double)k->nitems);
    if (idx >= k->nitems)
        idx = k->nitems - 1;
    if (idx > 0 && rng_chance(rng, 20))
        idx--;
    snprintf(p->dilator_id, sizeof p->dilator_id, "%s", k->items[idx]->id);
    p->diameter_mm = k->items[idx]->diameter_mm;
    p->duration_s =
        p->outcome == OUTCOME_STOPPED ? rng_range(rng, 60, 600) : rng_range(rng, 5, 25) * 60;
    p->after.set = true;
    p->after.fear = clamp10(p->before.fear - rng_range(rng, 0, 3));
    p->after.tension = clamp10(p->before.tension - rng_range(rng, 0, 3));
    p->after.pain = clamp10(p->before.pain - rng_range(rng, -1, 2));
    p->max_pain = clamp10(p->before.pain + rng_range(rng, 0, 2));
    p->helped = (unsigned)rng_range(rng, 0, (1 << HELPED_COUNT) - 1);
    if (rng_chance(rng, 20)) {
        p->nspasms = (size_t)rng_range(rng, 1, 3);
        for (size_t i = 0; i < p->nspasms; i++) {
            p->spasms[i].at_s = rng_range(rng, 0, p->duration_s);
            p->spasms[i].duration_s = rng_range(rng, 5, 90);
        }
    }
    if (rng_chance(rng, 30))
        p->note = xstrdup(notes[rng_next(rng) % (sizeof notes / sizeof notes[0])]);
}

/* Seeds person number i; returns 0 or an error code with err filled. */
static int seed_one(struct store *s, const struct catalog *cat, const char *prefix, size_t i,
                    uint64_t seed, const char *pwhash, size_t nsessions, int days, int64_t until,
                    int note_chars, int64_t now, struct practice *buf, struct pace_error *err)
{
    /* Her own stream: seed, prefix and number mixed, so no two people (of
     * any seed or prefix) share ids. */
    uint64_t rng = 0xcbf29ce484222325ULL; /* FNV-1a of the prefix */
    for (const char *c = prefix; *c; c++)
        rng = (rng ^ (unsigned char)*c) * 0x100000001b3ULL;
    rng ^= seed;
    rng = rng_next(&rng) ^ (uint64_t)i;
    rng = rng_next(&rng);
    char email[ACCOUNT_EMAIL_MAX + 2];
    snprintf(email, sizeof email, "%s-%zu@example.org", prefix, i);
    int64_t uid = 0;
    int rc = store_user_insert(s, email, pwhash, ROLE_PATIENT,
                               until - (int64_t)days * 86400 - 86400, &uid, err);
    if (rc != 0)
        return rc;
    struct seed_kit k;
    pick_kit(cat, &rng, &k);
    if (k.nitems == 0)
        return pace_fail(err, PACE_EINVAL, NULL, "no catalog line has three dilators to seed from");
    if (rng_chance(&rng, 10)) { /* an item of her own too */
        struct custom_item c = {.kind = KIND_DILATOR, .material = MATERIAL_SILICONE};
        snprintf(c.label, sizeof c.label, "Soft %d", rng_range(&rng, 1, 9));
        c.diameter_mm = rng_range(&rng, 10, 30);
        int64_t cid = 0;
        if ((rc = custom_item_check(&c, err)) == 0)
            rc = store_custom_insert(s, uid, &c, now, &cid, NULL, err);
        if (rc != 0)
            return rc;
        custom_item_id(cid, &k.ids[k.n++]);
    }
    if ((rc = store_kit_set(s, uid, k.ids, k.n, now, err)) != 0)
        return rc;
    int lube = rng_range(&rng, 1, LUBE_COUNT - 1), temp = rng_range(&rng, 0, TEMP_COUNT - 1);
    for (size_t j = 0; j < nsessions; j++) {
        make_session(&rng, &k, until, days, j, nsessions, lube, temp, &buf[j]);
        if (note_chars > 0) {
            free(buf[j].note);
            buf[j].note = long_note(j, note_chars);
        }
    }
    rc = store_practice_insert_many(s, uid, buf, nsessions, now, err);
    for (size_t j = 0; j < nsessions; j++)
        practice_clear(&buf[j]);
    return rc;
}

static bool parse_count(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int dev_seed(int argc, char **argv)
{
    const char *users_s = NULL, *per_s = NULL, *seed_s = "1", *days_s = NULL, *until_s = NULL;
    const char *data = NULL, *prefix = "seed", *note_s = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--users", &users_s, &missing) ||
            cli_opt(argc, argv, &i, "--sessions-per-user", &per_s, &missing) ||
            cli_opt(argc, argv, &i, "--seed", &seed_s, &missing) ||
            cli_opt(argc, argv, &i, "--days", &days_s, &missing) ||
            cli_opt(argc, argv, &i, "--until", &until_s, &missing) ||
            cli_opt(argc, argv, &i, "--prefix", &prefix, &missing) ||
            cli_opt(argc, argv, &i, "--note-chars", &note_s, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("dev seed does not know '%s'; see 'pace dev --help'", argv[i]);
        }
    }
    long users, per, seed, days = 0, note_chars = 0;
    if (users_s == NULL || !parse_count(users_s, 1, 10000000, &users))
        return cli_usage_error("dev seed needs --users N (1 to 10000000)");
    if (per_s == NULL || !parse_count(per_s, 0, EXPORT_MAX_SESSIONS, &per))
        return cli_usage_error("dev seed needs --sessions-per-user M (0 to %d, as many as a "
                               "person keeps)",
                               EXPORT_MAX_SESSIONS);
    if (note_s && !parse_count(note_s, 1, PRACTICE_NOTE_MAX, &note_chars))
        return cli_usage_error("--note-chars must be a number of characters from 1 to %d",
                               PRACTICE_NOTE_MAX);
    if (!parse_count(seed_s, 0, 2147483647L, &seed))
        return cli_usage_error("--seed must be a whole number");
    if (days_s && !parse_count(days_s, 1, 20 * 366, &days))
        return cli_usage_error("--days must be a number of days from 1 to 7320");
    if (strlen(prefix) == 0 || strlen(prefix) > 32 ||
        strspn(prefix, "abcdefghijklmnopqrstuvwxyz"
                       "0123456789-") != strlen(prefix))
        return cli_usage_error("--prefix must be 1-32 lower-case letters, digits or dashes");
    int64_t now = app_clock_now();
    int64_t until = now - now % 86400; /* today, so a day's runs agree */
    if (until_s && (rfc3339_parse(until_s, &until) != 0 || until > now + 86400))
        return cli_usage_error("--until must be a past time like 2026-01-31T00:00:00Z");
    if (days == 0) /* every three days or so: 100 sessions span ten months */
        days = per * 3 > 30 ? (per * 3 < 20 * 366 ? per * 3 : 20 * 366) : 30;

    struct catalog *cat = NULL;
    if (cli_catalog_load(NULL, &cat) != 0)
        return 1;
    struct store *s = NULL;
    struct pace_error err = {0};
    if (cli_store_open(data, NULL, &s, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        catalog_free(cat);
        return 1;
    }
    char pwhash[CRYPTO_PWHASH_MAX];
    int rc = crypto_password_hash(SEED_PASSWORD, pwhash);
    if (rc == 0)
        rc = store_bulk_load(s, true, &err);
    else
        pace_fail(&err, rc, NULL, "cannot hash the seed password");
    struct practice *buf = xcalloc(per ? (size_t)per : 1, sizeof *buf);
    for (long i = 0; rc == 0 && i < users; i++)
        rc = seed_one(s, cat, prefix, (size_t)i, (uint64_t)seed, pwhash, (size_t)per, (int)days,
                      until, (int)note_chars, now, buf, &err);
    free(buf);
    struct pace_error err2 = {0};
    int rc2 = store_bulk_load(s, false, &err2);
    store_close(s);
    catalog_free(cat);
    if (rc == 0 && rc2 != 0) {
        rc = rc2;
        err = err2;
    }
    if (rc != 0) {
        fprintf(stderr, "pace: seeding failed: %s\n", err.msg);
        return 1;
    }
    fprintf(stderr,
            "pace: seeded %ld account(s) (%s-0 ... %s-%ld @example.org, password \"%s\") with "
            "%ld sessions each\n",
            users, prefix, prefix, users - 1, SEED_PASSWORD, per);
    return 0;
}

/* pace dev routes: the route table as JSON lines, for the access-matrix
 * test (every route must have a row there). */
static int dev_routes(void)
{
    for (size_t i = 0; i < web_route_count(); i++) {
        const struct route *rt = web_route(i);
        printf("{\"method\":\"%s\",\"pattern\":\"%s\",\"auth\":%s,\"form\":%s,"
               "\"json\":%s,\"multipart\":%s}\n",
               rt->method, rt->pattern, rt->flags & R_AUTH ? "true" : "false",
               rt->flags & R_FORM ? "true" : "false", rt->flags & R_JSON ? "true" : "false",
               rt->flags & R_MULTIPART ? "true" : "false");
    }
    return 0;
}

int cmd_dev(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("dev needs a subcommand: seed or routes");
    if (strcmp(argv[1], "seed") == 0)
        return dev_seed(argc - 1, argv + 1);
    if (strcmp(argv[1], "routes") == 0)
        return dev_routes();
    return cli_usage_error("dev does not know '%s'; see 'pace dev --help'", argv[1]);
}
