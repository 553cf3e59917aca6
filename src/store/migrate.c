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
    /* 13: a way back in without email. Her recovery codes: only a keyed
     * hash of each is kept (store_recovery_code_hash), a used one keeps
     * used_at, and a new set replaces the old one whole. Reset links the
     * operator makes for her: only the hash of the link's token, when it
     * stops working, and when it was used (a link works once). */
    ("CREATE TABLE recovery_codes ("
     "  id INTEGER PRIMARY KEY,"
     "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     "  code_hash BLOB NOT NULL UNIQUE,"
     "  created_at INTEGER NOT NULL,"
     "  used_at INTEGER"
     ");"
     "CREATE INDEX recovery_codes_user ON recovery_codes(user_id);"
     "CREATE TABLE reset_links ("
     "  id INTEGER PRIMARY KEY,"
     "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     "  token_hash BLOB NOT NULL UNIQUE,"
     "  created_at INTEGER NOT NULL,"
     "  expires_at INTEGER NOT NULL,"
     "  used_at INTEGER"
     ");"
     "CREATE INDEX reset_links_user ON reset_links(user_id);"),
    /* 14: report links.
     * A link for a clinician without an account to one PDF snapshot of her
     * report: only the link token's hash is kept; the PDF, the name she
     * typed and the optional passcode are sealed like her other free text.
     * Opens are counted here and written to her audit trail. Gone with her
     * account. */
    "CREATE TABLE report_links ("
    "  id INTEGER PRIMARY KEY,"
    "  public_id TEXT NOT NULL UNIQUE,"
    "  subject_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  name_enc BLOB,"
    "  passcode_enc BLOB,"
    "  pdf_enc BLOB NOT NULL,"
    "  period_from INTEGER NOT NULL,"
    "  period_to INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  revoked_at INTEGER,"
    "  opens INTEGER NOT NULL DEFAULT 0,"
    "  last_opened_at INTEGER"
    ");"
    "CREATE INDEX report_links_subject ON report_links(subject_id, id);",
    /* 15: the clinician's workspace: a clinician marked verified by the operator; her intake (one
     * sealed JSON object, and when the gentle suggestion on /today was
     * shown); exam notes by her clinicians (findings and the note for her
     * sealed); changes to her plan proposed or made by a clinician (the
     * change and the reason sealed); a clinician's written feedback. All
     * go with her account; a clinician's entries stay when the clinician's
     * account goes (author NULL). */
    "ALTER TABLE users ADD COLUMN verified_at INTEGER;"
    "CREATE TABLE intake ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  answers_enc BLOB NOT NULL,"
    "  suggested_at INTEGER,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE exam_notes ("
    "  id INTEGER PRIMARY KEY,"
    "  public_id TEXT NOT NULL UNIQUE,"
    "  subject_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  date TEXT NOT NULL CHECK (length(date) = 10),"
    "  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 5),"
    "  findings_enc BLOB,"
    "  patient_note_enc BLOB,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX exam_notes_subject ON exam_notes(subject_id, date);"
    "CREATE TABLE plan_changes ("
    "  id INTEGER PRIMARY KEY,"
    "  public_id TEXT NOT NULL UNIQUE,"
    "  subject_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('proposal', 'edit')),"
    "  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn', "
    "'applied')),"
    "  change_enc BLOB NOT NULL,"
    "  reason_enc BLOB NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  decided_at INTEGER,"
    "  seen_at INTEGER"
    ");"
    "CREATE INDEX plan_changes_subject ON plan_changes(subject_id, status);"
    "CREATE TABLE clinic_feedback ("
    "  id INTEGER PRIMARY KEY,"
    "  public_id TEXT NOT NULL UNIQUE,"
    "  subject_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  text_enc BLOB NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  seen_at INTEGER"
    ");"
    "CREATE INDEX clinic_feedback_subject ON clinic_feedback(subject_id, created_at);",
    /* 16: the community.
     * The support community (docs/community.md). A member is a handle she
     * chose, apart from her health data; when she erases her account her
     * posts go with it (on_erase 'delete') or stay under "a former member"
     * (user_id and handle cleared). Posts and comments share one table
     * (parent_id set for a comment); flags, reports, support and the
     * moderation log hang off them. Plain text: nothing here is health
     * data, and the community is visible to its members. */
    "CREATE TABLE community_members ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER UNIQUE REFERENCES users(id) ON DELETE SET NULL,"
    "  handle TEXT UNIQUE COLLATE NOCASE,"
    "  joined_at INTEGER NOT NULL,"
    "  approved INTEGER NOT NULL DEFAULT 0,"
    "  moderator INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','former')),"
    "  on_erase TEXT NOT NULL DEFAULT 'delete' CHECK (on_erase IN ('delete','keep')),"
    "  CHECK ((status = 'former') = (handle IS NULL))"
    ");"
    "CREATE TABLE community_spaces ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  lang TEXT NOT NULL DEFAULT 'both' CHECK (lang IN ('en','de','both')),"
    "  approval_all INTEGER NOT NULL DEFAULT 0,"
    "  open_to_readers INTEGER NOT NULL DEFAULT 0,"
    "  position INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE community_posts ("
    "  id INTEGER PRIMARY KEY,"
    "  space_id INTEGER NOT NULL REFERENCES community_spaces(id) ON DELETE CASCADE,"
    "  parent_id INTEGER REFERENCES community_posts(id) ON DELETE CASCADE,"
    "  member_id INTEGER NOT NULL REFERENCES community_members(id) ON DELETE CASCADE,"
    "  title TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL,"
    "  folded TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('held','live','rejected','hidden')),"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL,"
    "  edited_at INTEGER NOT NULL DEFAULT 0,"
    "  decided_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX community_posts_space ON community_posts(space_id, parent_id, created_at);"
    "CREATE INDEX community_posts_parent ON community_posts(parent_id, created_at);"
    "CREATE INDEX community_posts_member ON community_posts(member_id, created_at);"
    "CREATE INDEX community_posts_held ON community_posts(status, created_at);"
    "CREATE INDEX community_posts_folded ON community_posts(folded);"
    "CREATE TABLE community_flags ("
    "  post_id INTEGER NOT NULL REFERENCES community_posts(id) ON DELETE CASCADE,"
    "  rule TEXT NOT NULL,"
    "  words TEXT NOT NULL,"
    "  PRIMARY KEY (post_id, rule)"
    ") WITHOUT ROWID;"
    "CREATE TABLE community_reports ("
    "  id INTEGER PRIMARY KEY,"
    "  post_id INTEGER NOT NULL REFERENCES community_posts(id) ON DELETE CASCADE,"
    "  member_id INTEGER NOT NULL REFERENCES community_members(id) ON DELETE CASCADE,"
    "  reason TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  resolved_at INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (post_id, member_id)"
    ");"
    "CREATE TABLE community_support ("
    "  post_id INTEGER NOT NULL REFERENCES community_posts(id) ON DELETE CASCADE,"
    "  member_id INTEGER NOT NULL REFERENCES community_members(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (post_id, member_id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE community_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  moderator TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  post_id INTEGER,"
    "  target TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE TABLE community_settings ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE community_brands ("
    "  name TEXT PRIMARY KEY COLLATE NOCASE"
    ") WITHOUT ROWID;"
    "INSERT INTO community_spaces (slug, name, description, position) VALUES"
    "  ('starting-out', 'Starting out', 'First steps, first questions.', 1),"
    "  ('practice', 'Dilators and practice', 'Sizes, routines, what helps.', 2),"
    "  ('partners', 'Partners', 'Talking with a partner, intimacy without pressure.', 3),"
    "  ('exams', 'Exams and clinicians', 'Preparing for a visit, finding someone who listens.', 4),"
    "  ('small-wins', 'Small wins', 'Every step counts.', 5);",
    /* ---- community: end -------------------------------------------------- */
    /* 17: a handle is looked up whatever its case (lower() on both sides,
     * the same query on both engines); without an index on lower(handle)
     * SQLite read every member for each lookup. PostgreSQL has had that
     * index since 16. */
    "CREATE INDEX community_members_handle_lower ON community_members (lower(handle));",
    /* 18: how many sessions each person keeps, kept by the database itself
     * (triggers), so the 10,000 cap checked at each new session reads one
     * row instead of counting every session she has. */
    "CREATE TABLE practice_counts ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  n INTEGER NOT NULL"
    ");"
    "INSERT INTO practice_counts (user_id, n)"
    "  SELECT user_id, count(*) FROM practice_sessions GROUP BY user_id;"
    "CREATE TRIGGER practice_counts_insert AFTER INSERT ON practice_sessions BEGIN"
    "  INSERT INTO practice_counts (user_id, n) VALUES (NEW.user_id, 1)"
    "    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;"
    "END;"
    "CREATE TRIGGER practice_counts_delete AFTER DELETE ON practice_sessions BEGIN"
    "  UPDATE practice_counts SET n = n - 1 WHERE user_id = OLD.user_id;"
    "END;"
    "CREATE TRIGGER practice_counts_move AFTER UPDATE OF user_id ON practice_sessions"
    "  WHEN NEW.user_id <> OLD.user_id BEGIN"
    "  UPDATE practice_counts SET n = n - 1 WHERE user_id = OLD.user_id;"
    "  INSERT INTO practice_counts (user_id, n) VALUES (NEW.user_id, 1)"
    "    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;"
    "END;",
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
    /* 16: SQLite's COLLATE NOCASE (a handle, a brand name: one whatever
     * its case) is a unique index on lower() here; the queries compare
     * lower() on both engines. */
    [15] = "CREATE TABLE community_members ("
           "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
           "  user_id BIGINT UNIQUE REFERENCES users(id) ON DELETE SET NULL,"
           "  handle TEXT,"
           "  joined_at BIGINT NOT NULL,"
           "  approved BIGINT NOT NULL DEFAULT 0,"
           "  moderator BIGINT NOT NULL DEFAULT 0,"
           "  status TEXT NOT NULL DEFAULT 'active'"
           "    CHECK (status IN ('active','suspended','former')),"
           "  on_erase TEXT NOT NULL DEFAULT 'delete' CHECK (on_erase IN ('delete','keep')),"
           "  CHECK ((status = 'former') = (handle IS NULL))"
           ");"
           "CREATE UNIQUE INDEX community_members_handle ON community_members (lower(handle));"
           "CREATE TABLE community_spaces ("
           "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
           "  slug TEXT NOT NULL UNIQUE,"
           "  name TEXT NOT NULL,"
           "  description TEXT NOT NULL DEFAULT '',"
           "  lang TEXT NOT NULL DEFAULT 'both' CHECK (lang IN ('en','de','both')),"
           "  approval_all BIGINT NOT NULL DEFAULT 0,"
           "  open_to_readers BIGINT NOT NULL DEFAULT 0,"
           "  position BIGINT NOT NULL DEFAULT 0"
           ");"
           "CREATE TABLE community_posts ("
           "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
           "  space_id BIGINT NOT NULL REFERENCES community_spaces(id) ON DELETE CASCADE,"
           "  parent_id BIGINT REFERENCES community_posts(id) ON DELETE CASCADE,"
           "  member_id BIGINT NOT NULL REFERENCES community_members(id) ON DELETE CASCADE,"
           "  title TEXT NOT NULL DEFAULT '',"
           "  body TEXT NOT NULL,"
           "  folded TEXT NOT NULL,"
           "  status TEXT NOT NULL CHECK (status IN ('held','live','rejected','hidden')),"
           "  reason TEXT NOT NULL DEFAULT '',"
           "  created_at BIGINT NOT NULL,"
           "  edited_at BIGINT NOT NULL DEFAULT 0,"
           "  decided_at BIGINT NOT NULL DEFAULT 0"
           ");"
           "CREATE INDEX community_posts_space ON community_posts(space_id, parent_id, created_at);"
           "CREATE INDEX community_posts_parent ON community_posts(parent_id, created_at);"
           "CREATE INDEX community_posts_member ON community_posts(member_id, created_at);"
           "CREATE INDEX community_posts_held ON community_posts(status, created_at);"
           "CREATE INDEX community_posts_folded ON community_posts(folded);"
           "CREATE TABLE community_flags ("
           "  post_id BIGINT NOT NULL REFERENCES community_posts(id) ON DELETE CASCADE,"
           "  rule TEXT NOT NULL,"
           "  words TEXT NOT NULL,"
           "  PRIMARY KEY (post_id, rule)"
           ");"
           "CREATE TABLE community_reports ("
           "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
           "  post_id BIGINT NOT NULL REFERENCES community_posts(id) ON DELETE CASCADE,"
           "  member_id BIGINT NOT NULL REFERENCES community_members(id) ON DELETE CASCADE,"
           "  reason TEXT NOT NULL,"
           "  created_at BIGINT NOT NULL,"
           "  resolved_at BIGINT NOT NULL DEFAULT 0,"
           "  UNIQUE (post_id, member_id)"
           ");"
           "CREATE TABLE community_support ("
           "  post_id BIGINT NOT NULL REFERENCES community_posts(id) ON DELETE CASCADE,"
           "  member_id BIGINT NOT NULL REFERENCES community_members(id) ON DELETE CASCADE,"
           "  PRIMARY KEY (post_id, member_id)"
           ");"
           "CREATE TABLE community_log ("
           "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
           "  at BIGINT NOT NULL,"
           "  moderator TEXT NOT NULL,"
           "  action TEXT NOT NULL,"
           "  post_id BIGINT,"
           "  target TEXT NOT NULL DEFAULT '',"
           "  reason TEXT NOT NULL DEFAULT ''"
           ");"
           "CREATE TABLE community_settings ("
           "  key TEXT PRIMARY KEY,"
           "  value TEXT NOT NULL"
           ");"
           "CREATE TABLE community_brands ("
           "  name TEXT PRIMARY KEY"
           ");"
           "CREATE UNIQUE INDEX community_brands_name ON community_brands (lower(name));"
           "INSERT INTO community_spaces (slug, name, description, position) VALUES"
           "  ('starting-out', 'Starting out', 'First steps, first questions.', 1),"
           "  ('practice', 'Dilators and practice', 'Sizes, routines, what helps.', 2),"
           "  ('partners', 'Partners', 'Talking with a partner, intimacy without pressure.', 3),"
           "  ('exams', 'Exams and clinicians', 'Preparing for a visit, finding someone who "
           "listens.', 4),"
           "  ('small-wins', 'Small wins', 'Every step counts.', 5);",
    /* 17: already there (community_members_handle, since 16). */
    [16] = "SELECT 1;",
    /* 18: the same counts, with PostgreSQL's trigger functions. */
    [17] = "CREATE TABLE practice_counts ("
           "  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
           "  n BIGINT NOT NULL"
           ");"
           "INSERT INTO practice_counts (user_id, n)"
           "  SELECT user_id, count(*) FROM practice_sessions GROUP BY user_id;"
           "CREATE FUNCTION practice_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$"
           "BEGIN"
           "  IF TG_OP IN ('DELETE', 'UPDATE') THEN"
           "    UPDATE practice_counts SET n = n - 1 WHERE user_id = OLD.user_id;"
           "  END IF;"
           "  IF TG_OP IN ('INSERT', 'UPDATE') THEN"
           "    INSERT INTO practice_counts (user_id, n) VALUES (NEW.user_id, 1)"
           "      ON CONFLICT (user_id) DO UPDATE SET n = practice_counts.n + 1;"
           "  END IF;"
           "  RETURN NULL;"
           "END$$;"
           "CREATE TRIGGER practice_counts_insert AFTER INSERT OR DELETE ON practice_sessions "
           "FOR EACH ROW EXECUTE FUNCTION practice_counts_follow();"
           "CREATE TRIGGER practice_counts_move AFTER UPDATE OF user_id ON practice_sessions "
           "FOR EACH ROW WHEN (NEW.user_id <> OLD.user_id) "
           "EXECUTE FUNCTION practice_counts_follow();",
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
