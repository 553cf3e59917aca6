/*
 * raw_insert.c - the storage limit for `make bench`: how many practice
 * sessions per second SQLite itself can insert durably on this machine.
 *
 * Same schema as migration 3 (src/store/migrate.c), same pragmas as
 * store_open (WAL, synchronous=FULL, foreign_keys, secure_delete), one
 * BEGIN IMMEDIATE ... COMMIT per row, and rows shaped like the ones POST
 * /api/v1/sessions writes (a UUID, a spasms list, a sealed note's bytes).
 * No HTTP, JSON parsing, encryption or locking of ours: what is left is
 * SQLite and fsync, the ceiling for logging a session.
 *
 *   raw_insert DB_PATH SECONDS   prints {"rows": N, "seconds": S, "rate": R}
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);"
    "INSERT OR IGNORE INTO users (id, email) VALUES (1, 'bench@example.org');"
    "CREATE TABLE IF NOT EXISTS practice_sessions ("
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
    "CREATE INDEX IF NOT EXISTS practice_sessions_user_time"
    "  ON practice_sessions(user_id, started_at DESC, id DESC);";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void must(sqlite3 *db, int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        fprintf(stderr, "raw_insert: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

/* A random version-4 UUID in text form. */
static void uuid(char out[37], unsigned *seed)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        unsigned b = (unsigned)rand_r(seed) & 0xff;
        if (i == 6)
            b = (b & 0x0f) | 0x40;
        if (i == 8)
            b = (b & 0x3f) | 0x80;
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b >> 4];
        out[o++] = hex[b & 0x0f];
    }
    out[o] = '\0';
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: raw_insert DB_PATH SECONDS\n");
        return 2;
    }
    double seconds = atof(argv[2]);
    sqlite3 *db = NULL;
    must(db, sqlite3_open(argv[1], &db), "open");
    sqlite3_busy_timeout(db, 5000);
    must(db,
         sqlite3_exec(db,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                      "PRAGMA secure_delete=ON;",
                      NULL, NULL, NULL),
         "pragmas");
    must(db, sqlite3_exec(db, schema, NULL, NULL, NULL), "schema");
    sqlite3_stmt *ins = NULL, *begin = NULL, *commit = NULL;
    must(db,
         sqlite3_prepare_v2(
             db,
             "INSERT INTO practice_sessions (id, user_id, started_at, duration_s, dilator_id, "
             "diameter_mm, temperature, lubricant, with_partner, exercises, before_fear, "
             "before_tension, before_pain, after_fear, after_tension, after_pain, max_pain, "
             "spasms, outcome, felt_safe, helped, safety, note_enc, created_at, updated_at) "
             "VALUES (?1, 1, ?2, 900, 'fms-16', 16, 'warm', 'water', 0, 3, 5, 4, 3, 3, 2, 2, 4, "
             "'[{\"at_s\":120,\"duration_s\":30}]', 'completed', 1, 1, 0, ?3, ?2, ?2)",
             -1, &ins, NULL),
         "prepare");
    must(db, sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL), "prepare begin");
    must(db, sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL), "prepare commit");
    /* A sealed 40-character note: 24 bytes nonce + text + 16 bytes tag. */
    unsigned char note[24 + 40 + 16];
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid(); /* new ids each run */
    for (size_t i = 0; i < sizeof note; i++)
        note[i] = (unsigned char)rand_r(&seed);
    char id[37];
    long rows = 0;
    double t0 = now_s(), t = t0;
    while (t - t0 < seconds) {
        uuid(id, &seed);
        must(db, sqlite3_step(begin), "begin");
        sqlite3_reset(begin);
        sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)time(NULL) - rows);
        sqlite3_bind_blob(ins, 3, note, sizeof note, SQLITE_STATIC);
        must(db, sqlite3_step(ins), "insert");
        sqlite3_reset(ins);
        must(db, sqlite3_step(commit), "commit");
        sqlite3_reset(commit);
        rows++;
        t = now_s();
    }
    printf("{\"rows\": %ld, \"seconds\": %.3f, \"rate\": %.1f}\n", rows, t - t0,
           (double)rows / (t - t0));
    sqlite3_finalize(ins);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_close(db);
    return 0;
}
