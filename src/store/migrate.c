/*
 * migrate.c - the schema, as an ordered list of migrations. Each runs in its
 * own transaction and bumps the schema version (SQLite: PRAGMA user_version;
 * PostgreSQL: the table schema_version); a database is brought from any
 * earlier version (including empty) to the latest at open. Append only:
 * never edit a migration that has shipped. Written in SQLite's words;
 * PostgreSQL gets them translated (pg_text) or, where that is not enough,
 * its own text in pg_migrations.
 */
#include "sqlite_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const migrations[] = {
    /* 1: accounts */
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE,"
    "  pwhash TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('patient','clinician','admin')),"
    "  created_at INTEGER NOT NULL,"
    "  lang TEXT,"
    "  about_enc BLOB"
    ");"
    "CREATE TABLE logins ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  agent TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL"
    ");"
    "CREATE INDEX logins_user ON logins(user_id);"
    "CREATE TABLE api_tokens ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  label TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  last_used_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);"
    "CREATE TABLE throttle ("
    "  key TEXT NOT NULL,"
    "  at INTEGER NOT NULL"
    ");"
    "CREATE INDEX throttle_key ON throttle(key, at);",

    /* 2: her kit - items from the catalogs she owns, and her own items.
     * Her own item's name is free text, so it is sealed (label_enc). A kit
     * row of her own item points at it, so deleting the item removes it
     * from the kit too. */
    "CREATE TABLE custom_items ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  label_enc BLOB NOT NULL,"
    "  kind TEXT NOT NULL DEFAULT 'dilator' CHECK (kind IN ('dilator','stent')),"
    "  diameter_mm REAL NOT NULL CHECK (diameter_mm BETWEEN 1 AND 80),"
    "  length_mm REAL CHECK (length_mm IS NULL OR length_mm BETWEEN 1 AND 400),"
    "  material TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX custom_items_user ON custom_items(user_id);"
    "CREATE TABLE kit_items ("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  item_id TEXT NOT NULL,"
    "  custom_id INTEGER REFERENCES custom_items(id) ON DELETE CASCADE,"
    "  added_at INTEGER NOT NULL,"
    "  PRIMARY KEY (user_id, item_id),"
    "  CHECK (custom_id IS NULL OR item_id = 'custom-' || custom_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX kit_items_custom ON kit_items(custom_id) WHERE custom_id IS NOT NULL;",

    /* 3: practice sessions, and the guided session in progress */
    "CREATE TABLE practice_sessions ("
    "  id TEXT PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  started_at INTEGER NOT NULL,"
    "  duration_s INTEGER NOT NULL CHECK (duration_s BETWEEN 0 AND 14400),"
    "  dilator_id TEXT,"
    "  diameter_mm REAL,"
    "  temperature TEXT NOT NULL,"
    "  lubricant TEXT NOT NULL,"
    "  with_partner INTEGER NOT NULL DEFAULT 0,"
    "  exercises INTEGER NOT NULL DEFAULT 0,"
    "  before_fear INTEGER CHECK (before_fear BETWEEN 0 AND 10),"
    "  before_tension INTEGER CHECK (before_tension BETWEEN 0 AND 10),"
    "  before_pain INTEGER CHECK (before_pain BETWEEN 0 AND 10),"
    "  after_fear INTEGER CHECK (after_fear BETWEEN 0 AND 10),"
    "  after_tension INTEGER CHECK (after_tension BETWEEN 0 AND 10),"
    "  after_pain INTEGER CHECK (after_pain BETWEEN 0 AND 10),"
    "  max_pain INTEGER CHECK (max_pain BETWEEN 0 AND 10),"
    "  spasms TEXT NOT NULL DEFAULT '[]',"
    "  outcome TEXT NOT NULL,"
    "  felt_safe INTEGER,"
    "  helped INTEGER NOT NULL DEFAULT 0,"
    "  safety INTEGER NOT NULL DEFAULT 0,"
    "  note_enc BLOB,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX practice_sessions_user_time"
    "  ON practice_sessions(user_id, started_at DESC, id DESC);"
    "CREATE TABLE practice_drafts ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  state_enc BLOB NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");",

    /* 4: her plan - the program she follows (from data/programs) with her
     * adjusted rule parameters (a JSON object name -> number, within the
     * engine's bounds), and the goals she picked. A goal is one from
     * data/goals.json (label_enc NULL) or her own ('custom', with a sealed
     * label and her range). updated_by is who last changed the program
     * (herself, or later a clinician she shares with). */
    "CREATE TABLE user_programs ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  program_id TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL,"
    "  params TEXT NOT NULL DEFAULT '{}',"
    "  updated_at INTEGER NOT NULL,"
    "  updated_by INTEGER"
    ");"
    "CREATE TABLE user_goals ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  goal_id TEXT NOT NULL,"
    "  label_enc BLOB,"
    "  min_mm REAL CHECK (min_mm IS NULL OR min_mm BETWEEN 1 AND 80),"
    "  max_mm REAL CHECK (max_mm IS NULL OR max_mm BETWEEN 1 AND 80),"
    "  chosen_at INTEGER NOT NULL,"
    "  achieved_at INTEGER,"
    "  CHECK ((goal_id = 'custom') = (label_enc IS NOT NULL)),"
    "  CHECK (goal_id <> 'custom' OR (min_mm IS NOT NULL AND max_mm IS NOT NULL"
    "         AND min_mm <= max_mm))"
    ");"
    "CREATE INDEX user_goals_user ON user_goals(user_id);"
    "CREATE UNIQUE INDEX user_goals_one_each ON user_goals(user_id, goal_id)"
    "  WHERE goal_id <> 'custom';",

    /* 5: the comfort ladder (one sealed JSON object of answers per entry,
     * bound to the row) and reminders: the schedule with a sealed title,
     * and the hash of the private calendar feed's token (NULL: revoked). */
    "CREATE TABLE ladder_entries ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  taken_at INTEGER NOT NULL,"
    "  answers_enc BLOB NOT NULL"
    ");"
    "CREATE INDEX ladder_entries_user_time ON ladder_entries(user_id, taken_at DESC, id DESC);"
    "CREATE TABLE reminders ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),"
    "  minute INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439),"
    "  title_enc BLOB NOT NULL,"
    "  uid TEXT NOT NULL,"
    "  feed_hash BLOB UNIQUE,"
    "  feed_created_at INTEGER,"
    "  updated_at INTEGER NOT NULL"
    ");",

    /* 6: requests that must not be carried out twice (an Idempotency-Key on
     * the API, a one-time key in a form): the hash of her key, the hash of
     * what was asked, and the record it made, written in the same
     * transaction as that record. Kept a day. */
    "CREATE TABLE request_keys ("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  key_hash BLOB NOT NULL,"
    "  request_hash BLOB NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  PRIMARY KEY (user_id, key_hash)"
    ") WITHOUT ROWID;"
    "CREATE INDEX request_keys_age ON request_keys(created_at);",
    /* 7: her pseudonym in FHIR exports ("pace-" and 32 hex digits), made
     * on first use and brought along by an import, unique on a server. */
    ("ALTER TABLE users ADD COLUMN pseudonym TEXT;"
     "CREATE UNIQUE INDEX users_pseudonym ON users(pseudonym);"),
    /* 8: her time zone for reminders (a tz database name), so the feed
     * keeps her time across clock changes; NULL for a schedule saved
     * before it was asked for, whose feed stays at a floating time. */
    "ALTER TABLE reminders ADD COLUMN tz TEXT CHECK (tz IS NULL OR length(tz) BETWEEN 1 AND 63);",

    /* 9: sharing - grants shaped like a FHIR Consent (an invitation until
     * someone accepts its one-time link; only the link's hash is kept), and
     * her audit trail: append-only, each entry with the hash of the one
     * before. Both go when her account goes. */
    "CREATE TABLE grants ("
    "  id INTEGER PRIMARY KEY,"
    "  public_id TEXT NOT NULL UNIQUE,"
    "  subject_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  grantee_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
    "  relation TEXT NOT NULL CHECK (relation IN ('partner', 'clinician')),"
    "  scopes INTEGER NOT NULL,"
    "  period_start INTEGER NOT NULL,"
    "  period_end INTEGER,"
    "  status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'revoked')),"
    "  invite_hash BLOB UNIQUE,"
    "  invite_expires_at INTEGER,"
    "  label_enc BLOB,"
    "  subject_name_enc BLOB,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  accepted_at INTEGER,"
    "  revoked_at INTEGER,"
    "  CHECK (subject_id <> grantee_id)"
    ");"
    "CREATE INDEX grants_subject ON grants(subject_id);"
    "CREATE INDEX grants_grantee ON grants(grantee_id, status);"
    "CREATE TABLE audit_events ("
    "  id INTEGER PRIMARY KEY,"
    "  subject_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  actor_id INTEGER,"
    "  grant_id INTEGER,"
    "  action TEXT NOT NULL,"
    "  resource TEXT NOT NULL,"
    "  record TEXT NOT NULL DEFAULT '',"
    "  allowed INTEGER NOT NULL,"
    "  prev_hash BLOB NOT NULL,"
    "  hash BLOB NOT NULL"
    ");"
    "CREATE INDEX audit_events_subject ON audit_events(subject_id, id);"
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    /* 10: facts about the database itself: a value sealed with the key
     * ("key_check"), so a missing or wrong key file is found at start
     * instead of a new key silently taking its place. */
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;",
    /* 11: what each account stored on each day (days since 1970, UTC), for
     * the operator's per-account quotas (store_quota_set). */
    "CREATE TABLE usage_day ("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  day INTEGER NOT NULL,"
    "  records INTEGER NOT NULL,"
    "  bytes INTEGER NOT NULL,"
    "  PRIMARY KEY (user_id, day)"
    ") WITHOUT ROWID;",
    /* 12: her first run (where she is in it, or that she finished or skipped
     * it; accounts older than the first run count as finished), whether she
     * said she has no dilators yet; the cues she chose for the timers (NULL:
     * not chosen, the default follows discreet mode); and her plan for an
     * exam: the standard requests she took out (bits of core/exam.h's
     * requests), her own requests and stop word (one sealed JSON object)
     * and when she first prepared it. */
    ("CREATE TABLE user_onboarding ("
     "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
     "  state TEXT NOT NULL CHECK (state IN ('started', 'done', 'skipped')),"
     "  step INTEGER NOT NULL DEFAULT 1 CHECK (step BETWEEN 1 AND 3),"
     "  no_kit_yet INTEGER NOT NULL DEFAULT 0 CHECK (no_kit_yet IN (0, 1)),"
     "  updated_at INTEGER NOT NULL"
     ");"
     "INSERT INTO user_onboarding (user_id, state, step, updated_at)"
     "  SELECT id, 'done', 3, created_at FROM users;"
     "CREATE TABLE user_cues ("
     "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
     "  discreet INTEGER NOT NULL DEFAULT 0 CHECK (discreet IN (0, 1)),"
     "  sound INTEGER CHECK (sound IS NULL OR sound IN (0, 1)),"
     "  vibrate INTEGER CHECK (vibrate IS NULL OR vibrate IN (0, 1)),"
     "  voice INTEGER NOT NULL DEFAULT 0 CHECK (voice IN (0, 1)),"
     "  updated_at INTEGER NOT NULL"
     ");"
     "CREATE TABLE exam_plans ("
     "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
     "  removed INTEGER NOT NULL DEFAULT 0 CHECK (removed BETWEEN 0 AND 1023),"
     "  words_enc BLOB,"
     "  prepared_at INTEGER NOT NULL,"
     "  updated_at INTEGER NOT NULL"
     ");"),
};

/* Per-engine text where the engines differ (index: migration number - 1;
 * NULL: the SQLite text, translated by pg_text). */
static const char *const pg_migrations[] = {
    [8] = "CREATE TABLE grants ("
          "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
          "  public_id TEXT NOT NULL UNIQUE,"
          "  subject_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
          "  grantee_id BIGINT REFERENCES users(id) ON DELETE CASCADE,"
          "  relation TEXT NOT NULL CHECK (relation IN ('partner', 'clinician')),"
          "  scopes BIGINT NOT NULL,"
          "  period_start BIGINT NOT NULL,"
          "  period_end BIGINT,"
          "  status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'revoked')),"
          "  invite_hash BYTEA UNIQUE,"
          "  invite_expires_at BIGINT,"
          "  label_enc BYTEA,"
          "  subject_name_enc BYTEA,"
          "  created_at BIGINT NOT NULL,"
          "  updated_at BIGINT NOT NULL,"
          "  accepted_at BIGINT,"
          "  revoked_at BIGINT,"
          "  CHECK (subject_id <> grantee_id)"
          ");"
          "CREATE INDEX grants_subject ON grants(subject_id);"
          "CREATE INDEX grants_grantee ON grants(grantee_id, status);"
          "CREATE TABLE audit_events ("
          "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
          "  subject_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
          "  at BIGINT NOT NULL,"
          "  actor_id BIGINT,"
          "  grant_id BIGINT,"
          "  action TEXT NOT NULL,"
          "  resource TEXT NOT NULL,"
          "  record TEXT NOT NULL DEFAULT '',"
          "  allowed BIGINT NOT NULL,"
          "  prev_hash BYTEA NOT NULL,"
          "  hash BYTEA NOT NULL"
          ");"
          "CREATE INDEX audit_events_subject ON audit_events(subject_id, id);"
          "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
          "$$BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END$$;"
          "CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events "
          "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();",
};

/* The SQLite text of a migration in PostgreSQL's words: a rowid key
 * becomes an identity column, INTEGER BIGINT, BLOB BYTEA, REAL DOUBLE
 * PRECISION; WITHOUT ROWID goes. Enough for plain tables and indexes;
 * anything else (triggers, functions) gets its own text above. */
static char *pg_text(const char *sql)
{
    static const struct {
        const char *from, *to;
    } words[] = {
        {"id INTEGER PRIMARY KEY,", "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"},
        {" WITHOUT ROWID", ""},
        {"INTEGER", "BIGINT"},
        {"BLOB", "BYTEA"},
        {"REAL", "DOUBLE PRECISION"},
    };
    struct buf b = {0};
    const char *p = sql;
    while (*p) {
        bool done = false;
        for (size_t i = 0; i < sizeof words / sizeof words[0] && !done; i++) {
            size_t n = strlen(words[i].from);
            bool word_start = p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
            if (strncmp(p, words[i].from, n) == 0 && (word_start || words[i].from[0] == ' ') &&
                !(isalnum((unsigned char)p[n]) || p[n] == '_')) {
                buf_add(&b, words[i].to, strlen(words[i].to));
                p += n;
                done = true;
            }
        }
        if (!done)
            buf_add(&b, p++, 1);
    }
    buf_add(&b, "", 1);
    return buf_detach(&b);
}

#define MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
#define PG_MIGRATE_LOCK 7243100 /* pg_advisory_lock's key for migrations */

int db_migrate_latest(void)
{
    return MIGRATIONS;
}

char *db_migration_text(struct store *s, int v)
{
    if (s->engine != DB_POSTGRES)
        return xstrdup(migrations[v]);
    if ((size_t)v < sizeof pg_migrations / sizeof pg_migrations[0] && pg_migrations[v])
        return xstrdup(pg_migrations[v]);
    return pg_text(migrations[v]);
}

int db_schema_version(struct store *s, int *version, struct pace_error *err)
{
    *version = 0;
    const char *sql =
        s->engine == DB_POSTGRES ? "SELECT version FROM schema_version" : "PRAGMA user_version";
    if (s->engine == DB_POSTGRES) {
        int rc =
            db_exec(s, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", err);
        if (rc != 0)
            return rc;
    }
    struct sql_stmt *st = sql_prepare(s, sql);
    int rc = sql_step(st);
    if (rc == SQL_ROW)
        *version = sql_col_int(st, 0);
    sql_done(st);
    return rc == SQL_ROW || rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

static int set_version(struct store *s, int v, struct pace_error *err)
{
    if (s->engine != DB_POSTGRES) {
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", v);
        return db_exec(s, bump, err);
    }
    int rc = db_exec(s, "DELETE FROM schema_version", err);
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "INSERT INTO schema_version (version) VALUES (?)");
        sql_bind_int(st, 1, v);
        int r = sql_step(st);
        sql_done(st);
        rc = r == SQL_DONE ? 0 : db_fail(s, r, err);
    }
    return rc;
}

static int migrate_locked(struct store *s, struct pace_error *err)
{
    int version = 0;
    int rc = db_schema_version(s, &version, err);
    if (rc != 0)
        return rc;
    if (version > MIGRATIONS)
        return pace_fail(err, PACE_EIO, NULL,
                         "the database is from a newer version of Pace (schema %d, this "
                         "program knows %d)",
                         version, MIGRATIONS);
    for (int v = version; v < MIGRATIONS; v++) {
        if ((rc = db_begin(s, err)) != 0)
            return rc;
        char *sql = db_migration_text(s, v);
        rc = db_exec(s, sql, err);
        free(sql);
        if (rc == 0)
            rc = set_version(s, v + 1, err);
        if (rc != 0) {
            db_rollback(s);
            return rc;
        }
        if ((rc = db_commit(s, err)) != 0)
            return rc;
    }
    return 0;
}

int db_migrate(struct store *s, struct pace_error *err)
{
    if (s->engine != DB_POSTGRES)
        return migrate_locked(s, err);
    /* Several instances starting together: one migrates, the others wait
     * and then find nothing left to do. */
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_advisory_lock(%d)", PG_MIGRATE_LOCK);
    int rc = db_exec(s, sql, err);
    if (rc != 0)
        return rc;
    rc = migrate_locked(s, err);
    snprintf(sql, sizeof sql, "SELECT pg_advisory_unlock(%d)", PG_MIGRATE_LOCK);
    db_exec(s, sql, NULL);
    return rc;
}
