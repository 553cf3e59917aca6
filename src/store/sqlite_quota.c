/*
 * sqlite_quota.c - per-account quotas (store.h, "Quotas"): TEMP triggers on
 * the server's own connection count what each account stores in a day
 * (usage_day) and refuse the write that goes past a limit, inside the
 * write's own statement, so nothing of it is kept. On PostgreSQL the
 * triggers are the database's own (made here, the same for every
 * instance) and read the limits and the day from settings each connection
 * carries (db_pg.c).
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUOTA_RECORDS_MARK "pace-quota-records"
#define QUOTA_BYTES_MARK "pace-quota-bytes"

/* One table: how a row of it counts (a fixed size for its plain columns
 * plus its sealed text). */
static const struct {
    const char *table;
    const char *bytes;
} counted[] = {
    {"practice_sessions", "320 + coalesce(length(NEW.note_enc), 0)"},
    {"custom_items", "96 + length(NEW.label_enc)"},
    {"ladder_entries", "48 + length(NEW.answers_enc)"},
    {"user_goals", "64 + coalesce(length(NEW.label_enc), 0)"},
};

/* PostgreSQL: one function counts, one trigger function per table gives
 * its row's size. The limits and the day are the connection's settings
 * pace.quota_records, pace.quota_bytes and pace.day; both limits 0 (or
 * unset) count nothing. */
static int quota_set_pg(struct store *s, struct pace_error *err)
{
    struct buf b = {0};
    const char *head =
        "SELECT pg_advisory_xact_lock(7243101);"
        "CREATE OR REPLACE FUNCTION pace_quota_count(uid BIGINT, nbytes BIGINT) RETURNS void "
        "LANGUAGE plpgsql AS $$ DECLARE "
        "lr BIGINT := coalesce(nullif(current_setting('pace.quota_records', true), ''), '0');"
        "lb BIGINT := coalesce(nullif(current_setting('pace.quota_bytes', true), ''), '0');"
        "d BIGINT := coalesce(nullif(current_setting('pace.day', true), ''), '0');"
        "rec BIGINT; byt BIGINT; "
        "BEGIN IF lr = 0 AND lb = 0 THEN RETURN; END IF; "
        "INSERT INTO usage_day (user_id, day, records, bytes) VALUES (uid, d, 1, nbytes) "
        "ON CONFLICT (user_id, day) DO UPDATE SET records = usage_day.records + 1, "
        "bytes = usage_day.bytes + excluded.bytes RETURNING records, bytes INTO rec, byt; "
        "IF lr > 0 AND rec > lr THEN RAISE EXCEPTION '" QUOTA_RECORDS_MARK "' "
        "USING ERRCODE = 'check_violation'; END IF; "
        "IF lb > 0 AND byt > lb THEN RAISE EXCEPTION '" QUOTA_BYTES_MARK "' "
        "USING ERRCODE = 'check_violation'; END IF; END $$;";
    buf_add(&b, head, strlen(head));
    for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++) {
        char *sql = xasprintf(
            "CREATE OR REPLACE FUNCTION pace_quota_%s() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN PERFORM pace_quota_count(NEW.user_id, %s); RETURN NULL; END $$;"
            "DROP TRIGGER IF EXISTS quota_%s ON %s;"
            "CREATE TRIGGER quota_%s AFTER INSERT ON %s FOR EACH ROW "
            "EXECUTE FUNCTION pace_quota_%s();",
            counted[i].table, counted[i].bytes, counted[i].table, counted[i].table,
            counted[i].table, counted[i].table, counted[i].table);
        buf_add(&b, sql, strlen(sql));
        free(sql);
    }
    buf_add(&b, "", 1);
    int rc = db_begin(s, err);
    if (rc == 0)
        rc = db_exec(s, b.data, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    buf_free(&b);
    if (rc == 0)
        pg_quota_changed(s);
    return rc;
}

int store_quota_set(struct store *s, int64_t records, int64_t bytes, int64_t (*clock)(void),
                    struct pace_error *err)
{
    db_lock(s);
    s->quota_records = records > 0 ? records : 0;
    s->quota_bytes = bytes > 0 ? bytes : 0;
    s->clock = clock;
    if (s->engine == DB_POSTGRES) {
        int rc = quota_set_pg(s, err);
        if (rc == 0 && clock) {
            struct sql_stmt *st = sql_prepare(s, "DELETE FROM usage_day WHERE day < ?");
            sql_bind_int64(st, 1, clock() / 86400 - 1);
            sql_step(st);
            sql_done(st);
        }
        db_unlock(s);
        return rc;
    }
    int rc = lite_day_function(s, err);
    for (size_t i = 0; rc == 0 && i < sizeof counted / sizeof counted[0]; i++) {
        char *sql = xasprintf("DROP TRIGGER IF EXISTS temp.quota_%s", counted[i].table);
        rc = db_exec(s, sql, err);
        free(sql);
        if (rc != 0 || (s->quota_records == 0 && s->quota_bytes == 0))
            continue;
        sql = xasprintf(
            "CREATE TEMP TRIGGER quota_%s AFTER INSERT ON main.%s BEGIN "
            "INSERT INTO usage_day (user_id, day, records, bytes) "
            "VALUES (NEW.user_id, pace_day(), 1, %s) ON CONFLICT (user_id, day) DO UPDATE "
            "SET records = records + 1, bytes = bytes + excluded.bytes; "
            "SELECT RAISE(ABORT, '" QUOTA_RECORDS_MARK "') FROM usage_day "
            "WHERE user_id = NEW.user_id AND day = pace_day() AND %lld > 0 AND records > %lld; "
            "SELECT RAISE(ABORT, '" QUOTA_BYTES_MARK "') FROM usage_day "
            "WHERE user_id = NEW.user_id AND day = pace_day() AND %lld > 0 AND bytes > %lld; "
            "END",
            counted[i].table, counted[i].table, counted[i].bytes, (long long)s->quota_records,
            (long long)s->quota_records, (long long)s->quota_bytes, (long long)s->quota_bytes);
        rc = db_exec(s, sql, err);
        free(sql);
    }
    /* Days gone by are no longer needed. */
    if (rc == 0 && clock) {
        struct sql_stmt *st = sql_prepare(s, "DELETE FROM usage_day WHERE day < ?");
        sql_bind_int64(st, 1, clock() / 86400 - 1);
        sql_step(st);
        sql_done(st);
    }
    db_unlock(s);
    return rc;
}

int store_quota_usage(struct store *s, int64_t user_id, int64_t now, int64_t *records,
                      int64_t *bytes)
{
    *records = *bytes = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT records, bytes FROM usage_day WHERE user_id = ? AND day = ?");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, now / 86400);
    int rc = sql_step(st);
    if (rc == SQL_ROW) {
        *records = sql_col_int64(st, 0);
        *bytes = sql_col_int64(st, 1);
    }
    sql_done(st);
    db_unlock_read(s);
    return rc == SQL_ROW || rc == SQL_DONE ? 0 : db_fail(s, rc, NULL);
}

int db_quota_fail(struct store *s, struct pace_error *err)
{
    const char *m = sql_errmsg(s);
    if (strstr(m, QUOTA_RECORDS_MARK))
        return pace_fail(err, PACE_ELOCKED, NULL,
                         _("You have saved as many new entries today as this server allows for "
                           "one account (%lld a day), so nothing was saved. Please try again "
                           "tomorrow."),
                         (long long)s->quota_records);
    if (strstr(m, QUOTA_BYTES_MARK)) {
        char size[32];
        if (s->quota_bytes >= 1024 * 1024)
            snprintf(size, sizeof size, "%lld MB", (long long)(s->quota_bytes / (1024 * 1024)));
        else
            snprintf(size, sizeof size, "%lld KB", (long long)((s->quota_bytes + 1023) / 1024));
        return pace_fail(err, PACE_EFULL, NULL,
                         _("You have stored as much today as this server allows for one account "
                           "(%s a day), so nothing was saved. Please try again tomorrow."),
                         size);
    }
    return 0;
}
