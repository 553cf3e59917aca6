/*
 * test_core_engine.c - the pace engine (core/engine.h), one table row per
 * rule boundary: each row is her kit, her sessions (newest first), any
 * adjusted rule parameters, and the suggestion she should get, with the
 * rule its reason names, the sessions it cites (exactly those) and words of
 * the sentence that must carry her own numbers. Every row is its own cmocka
 * test, named after what it shows. Then the rule parameters themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/engine.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-11-24 19:05:00 UTC, a Tuesday evening. */
#define NOW INT64_C(1795547100)
#define DAY INT64_C(86400)
#define NP (-1) /* pain not given */
#define MAXS 12
#define F EX_FLEXIBILIZATION
#define MORE (EX_FLEXIBILIZATION | EX_BREATHING | EX_RELAXATION)

/* ---- kits (smallest first, as the engine expects) ---- */

/* Owns 16, 18, 20 and 24 mm: 17, 19 and 21-23 are sizes she does not own. */
static const struct engine_item kit_gaps[] = {
    {"fms-16", "16 mm", 16, false, 0, 0, 0, NULL, false, false, false},
    {"fms-18", "18 mm", 18, false, 0, 0, 0, NULL, false, false, false},
    {"fms-20", "20 mm", 20, false, 0, 0, 0, NULL, false, false, false},
    {"fms-24", "24 mm", 24, false, 0, 0, 0, NULL, false, false, false},
};
/* One Milli-like device: 15-40 mm in 1 mm steps. */
static const struct engine_item kit_milli[] = {{"milli", "Milli", 15, true, 15, 40, 1, NULL, false, false, false}};
/* Kits without the 18 mm she last practised with. */
static const struct engine_item kit_20_22[] = {
    {"fms-20", "20 mm", 20, false, 0, 0, 0, NULL, false, false, false},
    {"fms-22", "22 mm", 22, false, 0, 0, 0, NULL, false, false, false},
};
static const struct engine_item kit_16_20[] = {
    {"fms-16", "16 mm", 16, false, 0, 0, 0, NULL, false, false, false},
    {"fms-20", "20 mm", 20, false, 0, 0, 0, NULL, false, false, false},
};
/* FMS sizes as the catalog marks them: diameters assumed, order known; the
 * stent's size a placeholder. */
static const struct engine_item kit_fms_stent[] = {
    {"fms-22", "22", 22, false, 0, 0, 0, "fms", false, false, true},
    {"fms-23", "23", 23, false, 0, 0, 0, "fms", false, false, true},
    {"fms-stent-s", "Stent S", 24, false, 0, 0, 0, "fms", true, true, true},
};
static const struct engine_item kit_fms_18_19[] = {
    {"fms-18", "18", 18, false, 0, 0, 0, "fms", false, false, true},
    {"fms-19", "19", 19, false, 0, 0, 0, "fms", false, false, true},
};
/* A published size of one line, then an assumed size of another. */
static const struct engine_item kit_mixed_lines[] = {
    {"vc-b", "B", 22, false, 0, 0, 0, "vaginismus-com", false, false, false},
    {"fms-23", "23", 23, false, 0, 0, 0, "fms", false, false, true},
    {"vc-c", "C", 26, false, 0, 0, 0, "vaginismus-com", false, false, false},
};
/* A stent smaller than her only dilator. */
static const struct engine_item kit_stent_first[] = {
    {"fms-stent-s", "Stent S", 24, false, 0, 0, 0, "fms", true, true, true},
    {"fms-30", "30", 30, false, 0, 0, 0, "fms", false, false, true},
};
#define KIT(k) .kit = (k), .nkit = sizeof(k) / sizeof((k)[0])

/* ---- sessions ---- */

/* A session as a table row writes it; zero fields mean a completed session
 * with pain 0, fear 0, gentle movement done and no spasm. */
struct sspec {
    const char *id;
    int64_t ago; /* seconds before NOW */
    double mm;   /* 0 for a "not today" check-in */
    int pain;    /* highest pain during and after; NP when not given */
    int fear;
    enum outcome out;
    bool noflex; /* gentle movement not done */
    int spasm_s; /* one spasm of this length; 0 for none */
    unsigned safety;
    int checkin_pain;
    const char *dilator_id; /* the kit item used; NULL: matched by size only */
};

#define COMFY(i, days, size)                                                                       \
    {                                                                                              \
        .id = (i), .ago = (days)*DAY, .mm = (size), .pain = 2, .fear = 1                           \
    }
#define NOT_TODAY(i, secs, why)                                                                    \
    {                                                                                              \
        .id = (i), .ago = (secs), .out = OUTCOME_NOT_TODAY, .safety = (why)                        \
    }

struct ecase {
    const char *name;
    const struct engine_item *kit;
    size_t nkit;
    const char *rules; /* "name=value,..." or NULL for the defaults */
    int tz;            /* her offset from UTC in minutes */
    enum engine_dilator_use use; /* her program's dilator_use; 0: progress */
    struct sspec s[MAXS];
    /* what she should get */
    enum engine_action action;
    const char *dilator; /* NULL: none */
    double mm;
    bool more_relax; /* breathing and relaxation added */
    enum engine_param rule;
    const char *cites[ENGINE_MAX_CITED + 1];
    const char *says[4];
};

static const struct ecase cases[] = {
    /* -- a first suggestion -- */
    {"no history suggests her smallest size", KIT(kit_gaps), .s = {{0}}, .action = ACTION_STAY,
     .dilator = "fms-16", .mm = 16, .rule = P_COMFORT_SESSIONS, .says = {"(16 mm)"}},
    {"no history with an adjustable device starts at its smallest", KIT(kit_milli), .s = {{0}},
     .action = ACTION_STAY, .dilator = "milli", .mm = 15, .rule = P_COMFORT_SESSIONS,
     .says = {"(15 mm)"}},
    {"only check-ins without a dilator still start at the smallest", KIT(kit_gaps),
     .s = {NOT_TODAY("n1", 3600, 0)}, .action = ACTION_STAY, .dilator = "fms-16", .mm = 16,
     .rule = P_COMFORT_SESSIONS},
    {"an empty kit asks for her dilators", .s = {COMFY("a", 1, 18)}, .action = ACTION_STAY,
     .rule = P_MINUTES, .says = {"Add the dilators"}},
    {"an empty kit still puts safety first", .s = {NOT_TODAY("n1", 3600, SAFETY_BLEEDING)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"n1"}},

    /* -- comfortable sessions: pain, fear, spasms, movement, outcome -- */
    {"three comfortable sessions suggest the next size", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 18)}, .action = ACTION_TRY_NEXT,
     .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"},
     .says = {"3 of your last 3 sessions at 18 mm", "pain at most 2", "fear at most 1", "20 mm"}},
    {"pain 3 is comfortable", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), {.id = "b", .ago = 2 * DAY, .mm = 18, .pain = 3}, COMFY("c", 3, 18)},
     .action = ACTION_TRY_NEXT, .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c"}, .says = {"pain at most 3"}},
    {"pain 4 is not comfortable", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), {.id = "b", .ago = 2 * DAY, .mm = 18, .pain = 4}, COMFY("c", 3, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "c"}, .says = {"2 of your sessions at 18 mm", "After 3 such sessions"}},
    {"fear 4 is comfortable", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), {.id = "b", .ago = 2 * DAY, .mm = 18, .fear = 4}, COMFY("c", 3, 18)},
     .action = ACTION_TRY_NEXT, .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c"}, .says = {"fear at most 4"}},
    {"fear 5 is not comfortable", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), {.id = "b", .ago = 2 * DAY, .mm = 18, .fear = 5}, COMFY("c", 3, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "c"}},
    {"a session without a pain score does not count", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), {.id = "b", .ago = 2 * DAY, .mm = 18, .pain = NP}, COMFY("c", 3, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "c"}},
    {"any spasm makes a session not comfortable", KIT(kit_gaps),
     .s = {{.id = "a", .ago = 1 * DAY, .mm = 18, .spasm_s = 5},
           COMFY("b", 2, 18),
           COMFY("c", 3, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"b", "c"}},
    {"without gentle movement a session does not count", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18),
           {.id = "b", .ago = 2 * DAY, .mm = 18, .noflex = true},
           COMFY("c", 3, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "c"}},
    {"with require_movement off it counts", KIT(kit_gaps), "require_movement=0",
     .s = {COMFY("a", 1, 18),
           {.id = "b", .ago = 2 * DAY, .mm = 18, .noflex = true},
           COMFY("c", 3, 18)},
     .action = ACTION_TRY_NEXT, .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c"}},
    {"a stopped session never counts, however gentle", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18),
           {.id = "b", .ago = 2 * DAY, .mm = 18, .out = OUTCOME_STOPPED},
           COMFY("c", 3, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "c"}},
    {"a stopped session is among her last sessions but not cited", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18),
           {.id = "b", .ago = 2 * DAY, .mm = 18, .out = OUTCOME_STOPPED},
           COMFY("c", 3, 18),
           COMFY("d", 4, 18)},
     .action = ACTION_TRY_NEXT, .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "c", "d"}, .says = {"3 of your last 4 sessions at 18 mm", "pain at most 2"}},
    {"sessions at another size do not count", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 16)}, .action = ACTION_STAY,
     .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b"}},
    {"more than eight comfortable sessions cite the newest eight", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 18), COMFY("d", 4, 18),
           COMFY("e", 5, 18), COMFY("f", 6, 18), COMFY("g", 7, 18), COMFY("h", 8, 18),
           COMFY("i", 9, 18), COMFY("j", 10, 18)},
     .action = ACTION_TRY_NEXT, .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c", "d", "e", "f", "g", "h"}, .says = {"10 of your last 10"}},

    /* -- the 14-day window -- */
    {"a session exactly 14 days ago is inside the window", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 14, 18)}, .action = ACTION_TRY_NEXT,
     .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"}},
    {"one second more and it is outside", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18),
           COMFY("b", 2, 18),
           {.id = "c", .ago = 14 * DAY + 1, .mm = 18, .pain = 2, .fear = 1}},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b"}, .says = {"In the past 14 days, 2 of your sessions"}},

    /* -- her kit: the next size she owns, never a jump past one -- */
    {"from 16 the next is 18, not further", KIT(kit_gaps),
     .s = {COMFY("a", 1, 16), COMFY("b", 2, 16), COMFY("c", 3, 16)}, .action = ACTION_TRY_NEXT,
     .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"}},
    {"sizes she does not own are skipped: 20 to 24", KIT(kit_gaps),
     .s = {COMFY("a", 1, 20), COMFY("b", 2, 20), COMFY("c", 3, 20)}, .action = ACTION_TRY_NEXT,
     .dilator = "fms-24", .mm = 24, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"},
     .says = {"try 24 mm"}},
    {"at her largest size she stays, and is told why", KIT(kit_gaps),
     .s = {COMFY("a", 1, 24), COMFY("b", 2, 24), COMFY("c", 3, 24)}, .action = ACTION_STAY,
     .dilator = "fms-24", .mm = 24, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"},
     .says = {"24 mm", "largest size in your kit"}},
    {"from a size she no longer owns, the next is her smallest above it", KIT(kit_20_22),
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 18)}, .action = ACTION_TRY_NEXT,
     .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"}},
    {"from a size between two she owns, the next is the one above", KIT(kit_16_20),
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 18)}, .action = ACTION_TRY_NEXT,
     .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"}},
    {"from a size between two she owns, a step back is the one below", KIT(kit_16_20),
     .s = {{.id = "a", .ago = DAY, .mm = 18, .pain = 6}}, .action = ACTION_STEP_BACK,
     .dilator = "fms-16", .mm = 16, .more_relax = true, .rule = P_STEP_BACK_PAIN, .cites = {"a"},
     .says = {"(16 mm)"}},

    /* -- an adjustable device -- */
    {"an adjustable device moves up one step", KIT(kit_milli),
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 18)}, .action = ACTION_TRY_NEXT,
     .dilator = "milli", .mm = 19, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"},
     .says = {"at 18 mm", "try 19 mm"}},
    {"an adjustable device at its largest stays", KIT(kit_milli),
     .s = {COMFY("a", 1, 40), COMFY("b", 2, 40), COMFY("c", 3, 40)}, .action = ACTION_STAY,
     .dilator = "milli", .mm = 40, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"},
     .says = {"40 mm", "largest size"}},
    {"an adjustable device steps back one step", KIT(kit_milli),
     .s = {{.id = "a", .ago = DAY, .mm = 18, .pain = 6}}, .action = ACTION_STEP_BACK,
     .dilator = "milli", .mm = 17, .more_relax = true, .rule = P_STEP_BACK_PAIN, .cites = {"a"},
     .says = {"(17 mm)"}},
    {"an adjustable device at its smallest cannot step back", KIT(kit_milli),
     .s = {{.id = "a", .ago = DAY, .mm = 15, .pain = 7}}, .action = ACTION_STAY, .dilator = "milli",
     .mm = 15, .more_relax = true, .rule = P_STEP_BACK_PAIN, .cites = {"a"},
     .says = {"7 of 10", "15 mm"}},

    /* -- a hard last session: step back with more relaxation -- */
    {"pain 6 steps back one size, with relaxation", KIT(kit_gaps),
     .s = {{.id = "a", .ago = DAY, .mm = 20, .pain = 6}, COMFY("b", 2, 20), COMFY("c", 3, 20)},
     .action = ACTION_STEP_BACK, .dilator = "fms-18", .mm = 18, .more_relax = true,
     .rule = P_STEP_BACK_PAIN, .cites = {"a"}, .says = {"6 of 10 at 20 mm", "(18 mm)"}},
    {"pain 5 does not step back", KIT(kit_gaps),
     .s = {{.id = "a", .ago = DAY, .mm = 20, .pain = 5}}, .action = ACTION_STAY,
     .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS},
    {"a spasm of 61 seconds steps back", KIT(kit_gaps),
     .s = {{.id = "a", .ago = DAY, .mm = 20, .spasm_s = 61}}, .action = ACTION_STEP_BACK,
     .dilator = "fms-18", .mm = 18, .more_relax = true, .rule = P_STEP_BACK_SPASM_S, .cites = {"a"},
     .says = {"at 20 mm", "61 seconds", "try 18 mm"}},
    {"a spasm of exactly 60 seconds does not", KIT(kit_gaps),
     .s = {{.id = "a", .ago = DAY, .mm = 20, .spasm_s = 60}}, .action = ACTION_STAY,
     .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS},
    {"at her smallest size a hard session stays there", KIT(kit_gaps),
     .s = {{.id = "a", .ago = DAY, .mm = 16, .pain = 6}}, .action = ACTION_STAY,
     .dilator = "fms-16", .mm = 16, .more_relax = true, .rule = P_STEP_BACK_PAIN, .cites = {"a"},
     .says = {"6 of 10 at 16 mm", "smallest size"}},
    {"at her smallest size a long spasm stays there", KIT(kit_gaps),
     .s = {{.id = "a", .ago = DAY, .mm = 16, .spasm_s = 90}}, .action = ACTION_STAY,
     .dilator = "fms-16", .mm = 16, .more_relax = true, .rule = P_STEP_BACK_SPASM_S, .cites = {"a"},
     .says = {"90 seconds", "smallest size"}},
    {"a lower step_back_pain steps back at 5", KIT(kit_gaps), "step_back_pain=5",
     .s = {{.id = "a", .ago = DAY, .mm = 20, .pain = 5}}, .action = ACTION_STEP_BACK,
     .dilator = "fms-18", .mm = 18, .more_relax = true, .rule = P_STEP_BACK_PAIN, .cites = {"a"}},
    {"a shorter step_back_spasm_s steps back at 31 s", KIT(kit_gaps), "step_back_spasm_s=30",
     .s = {{.id = "a", .ago = DAY, .mm = 20, .spasm_s = 31}}, .action = ACTION_STEP_BACK,
     .dilator = "fms-18", .mm = 18, .more_relax = true, .rule = P_STEP_BACK_SPASM_S,
     .cites = {"a"}},

    /* -- safety first -- */
    {"bleeding at the latest check-in: see a clinician", KIT(kit_gaps),
     .s = {NOT_TODAY("n1", 3600, SAFETY_BLEEDING), COMFY("a", 1, 18), COMFY("b", 2, 18),
           COMFY("c", 3, 18)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"n1"},
     .says = {"bleeding"}},
    {"bleeding at an earlier check-in does not repeat", KIT(kit_gaps),
     .s = {COMFY("a", 1, 18), NOT_TODAY("n1", 2 * DAY, SAFETY_BLEEDING), COMFY("b", 3, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b"}},
    {"pain 8 in the last session: see a clinician", KIT(kit_gaps),
     .s = {{.id = "a", .ago = DAY, .mm = 18, .pain = 8}, COMFY("b", 2, 18)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"a"}, .says = {"8 of 10"}},
    {"pain 7 steps back instead", KIT(kit_gaps),
     .s = {{.id = "a", .ago = DAY, .mm = 18, .pain = 7}}, .action = ACTION_STEP_BACK,
     .dilator = "fms-16", .mm = 16, .more_relax = true, .rule = P_STEP_BACK_PAIN, .cites = {"a"}},
    {"a lower clinician_pain is stricter: pain 6 sees a clinician", KIT(kit_gaps),
     "clinician_pain=6", .s = {{.id = "a", .ago = DAY, .mm = 18, .pain = 6}},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"a"}, .says = {"6 of 10"}},
    {"severe pain at a not-today check-in: see a clinician", KIT(kit_gaps),
     .s = {{.id = "n1", .ago = 3600, .out = OUTCOME_NOT_TODAY, .checkin_pain = 9}},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"n1"},
     .says = {"9 of 10"}},
    {"a quiet not-today does not hide severe pain the day before", KIT(kit_gaps),
     .s = {NOT_TODAY("n1", 3600, 0), {.id = "a", .ago = DAY, .mm = 18, .pain = 8}},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"a"}, .says = {"8 of 10"}},
    {"two not-today safety answers in a row: see a clinician", KIT(kit_gaps),
     .s = {NOT_TODAY("n2", 3600, SAFETY_INFECTION), NOT_TODAY("n1", DAY, SAFETY_CLINICIAN_REST),
           COMFY("a", 2, 18)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"n2", "n1"},
     .says = {"last two check-ins"}},
    {"one not-today for an infection: pause and see a clinician", KIT(kit_gaps),
     .s = {NOT_TODAY("n1", 3600, SAFETY_INFECTION), COMFY("a", 1, 18), COMFY("b", 2, 18),
           COMFY("c", 3, 18)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"n1"},
     .says = {"infection", "contact a clinician"}},
    {"one not-today because a clinician advised rest: pause, as they said", KIT(kit_gaps),
     .s = {NOT_TODAY("n1", 3600, SAFETY_CLINICIAN_REST), COMFY("a", 1, 18)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"n1"},
     .says = {"clinician advised rest"}},
    {"safety answers with a session between are not in a row", KIT(kit_gaps),
     .s = {NOT_TODAY("n2", 3600, SAFETY_INFECTION), COMFY("a", 1, 18),
           NOT_TODAY("n1", 2 * DAY, SAFETY_INFECTION)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"n2"},
     .says = {"infection"}},
    {"bleeding noted after a practised session: see a clinician", KIT(kit_gaps),
     .s = {{.id = "a", .ago = 3600, .mm = 18, .pain = 2, .safety = SAFETY_BLEEDING},
           COMFY("b", 1, 18), COMFY("c", 2, 18)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"a"},
     .says = {"After your last session", "bleeding"}},
    {"a not-today without a safety answer is no reason to rest", KIT(kit_gaps),
     .s = {NOT_TODAY("n1", 3600, 0), COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 18)},
     .action = ACTION_TRY_NEXT, .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c"}},

    /* -- stents, placeholders and assumed sizes (CLINICAL.md, Safety) -- */
    {"a stent is never the next size", KIT(kit_fms_stent),
     .s = {{.id = "a", .ago = DAY, .mm = 23, .pain = 1, .dilator_id = "fms-23"},
           {.id = "b", .ago = 2 * DAY, .mm = 23, .pain = 1, .dilator_id = "fms-23"},
           {.id = "c", .ago = 3 * DAY, .mm = 23, .pain = 1, .dilator_id = "fms-23"}},
     .action = ACTION_STAY, .dilator = "fms-23", .mm = 23, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c"}, .says = {"largest size in your kit"}},
    {"the next assumed size in her own line is fine", KIT(kit_fms_18_19),
     .s = {{.id = "a", .ago = DAY, .mm = 18, .pain = 1, .dilator_id = "fms-18"},
           {.id = "b", .ago = 2 * DAY, .mm = 18, .pain = 1, .dilator_id = "fms-18"},
           {.id = "c", .ago = 3 * DAY, .mm = 18, .pain = 1, .dilator_id = "fms-18"}},
     .action = ACTION_TRY_NEXT, .dilator = "fms-19", .mm = 19, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c"}},
    {"an assumed size of another line is never next: the next published one is", KIT(kit_mixed_lines),
     .s = {{.id = "a", .ago = DAY, .mm = 22, .pain = 1, .dilator_id = "vc-b"},
           {.id = "b", .ago = 2 * DAY, .mm = 22, .pain = 1, .dilator_id = "vc-b"},
           {.id = "c", .ago = 3 * DAY, .mm = 22, .pain = 1, .dilator_id = "vc-b"}},
     .action = ACTION_TRY_NEXT, .dilator = "vc-c", .mm = 26, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c"}},
    {"sessions with a stent never count towards the next size", KIT(kit_fms_stent),
     .s = {{.id = "a", .ago = DAY, .mm = 24, .pain = 1, .dilator_id = "fms-stent-s"},
           {.id = "b", .ago = 2 * DAY, .mm = 24, .pain = 1, .dilator_id = "fms-stent-s"},
           {.id = "c", .ago = 3 * DAY, .mm = 24, .pain = 1, .dilator_id = "fms-stent-s"}},
     .action = ACTION_STAY, .dilator = "fms-stent-s", .mm = 24, .rule = P_COMFORT_SESSIONS,
     .says = {"0 of your sessions"}},
    {"the first suggestion is never a stent", KIT(kit_stent_first), .s = {{0}},
     .action = ACTION_STAY, .dilator = "fms-30", .mm = 30, .rule = P_COMFORT_SESSIONS},
    {"stepping back never lands on a stent", KIT(kit_fms_stent),
     .s = {{.id = "a", .ago = DAY, .mm = 23, .pain = 6, .dilator_id = "fms-23"}},
     .action = ACTION_STEP_BACK, .dilator = "fms-22", .mm = 22, .more_relax = true,
     .rule = P_STEP_BACK_PAIN, .cites = {"a"}},

    /* -- a long pause -- */
    {"14 days without practice is no pause yet", KIT(kit_gaps), .s = {COMFY("a", 14, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a"}},
    {"14 days and a second: restart one size down", KIT(kit_gaps),
     .s = {{.id = "a", .ago = 14 * DAY + 1, .mm = 18}}, .action = ACTION_STEP_BACK,
     .dilator = "fms-16", .mm = 16, .rule = P_PAUSE_DAYS, .cites = {"a"},
     .says = {"14 days ago", "16 mm instead of 18 mm"}},
    {"after a pause at her smallest size she restarts there", KIT(kit_gaps),
     .s = {{.id = "a", .ago = 30 * DAY, .mm = 16}}, .action = ACTION_STAY, .dilator = "fms-16",
     .mm = 16, .rule = P_PAUSE_DAYS, .cites = {"a"}, .says = {"30 days ago", "(16 mm)"}},
    {"after a pause an adjustable device goes one step down", KIT(kit_milli),
     .s = {{.id = "a", .ago = 20 * DAY, .mm = 22}}, .action = ACTION_STEP_BACK, .dilator = "milli",
     .mm = 21, .rule = P_PAUSE_DAYS, .cites = {"a"}, .says = {"21 mm instead of 22 mm"}},
    {"a shorter pause_days restarts after 8 days", KIT(kit_gaps), "pause_days=7",
     .s = {COMFY("a", 8, 20), COMFY("b", 9, 20), COMFY("c", 10, 20)}, .action = ACTION_STEP_BACK,
     .dilator = "fms-18", .mm = 18, .rule = P_PAUSE_DAYS, .cites = {"a"}, .says = {"8 days ago"}},

    /* -- enough for today -- */
    {"two sessions today: rest", KIT(kit_gaps), .s = {COMFY("a", 0, 18), COMFY("b", 0, 18)},
     .action = ACTION_REST, .dilator = "fms-18", .mm = 18, .rule = P_MAX_PER_DAY,
     .cites = {"a", "b"}, .says = {"2 times today"}},
    {"one session today is fine", KIT(kit_gaps), .s = {COMFY("a", 0, 18), COMFY("b", 1, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b"}},
    {"max_per_day 1 rests after one session", KIT(kit_gaps), "max_per_day=1",
     .s = {COMFY("a", 0, 18)}, .action = ACTION_REST, .dilator = "fms-18", .mm = 18,
     .rule = P_MAX_PER_DAY, .cites = {"a"}, .says = {"1 time today"}},
    {"not-today check-ins are not practice", KIT(kit_gaps),
     .s = {NOT_TODAY("n1", 60, 0), NOT_TODAY("n2", 120, 0), COMFY("a", 1, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a"}},
    /* 18:45 and 18:40 UTC are 23:45 and 23:40 at UTC+5, where it is now 00:05. */
    {"sessions just before her midnight are not today", KIT(kit_gaps), .tz = 300,
     .s = {{.id = "a", .ago = 1200, .mm = 18, .pain = 2, .fear = 1},
           {.id = "b", .ago = 1500, .mm = 18, .pain = 2, .fear = 1}},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b"}},
    {"the same sessions are today in UTC", KIT(kit_gaps),
     .s = {{.id = "a", .ago = 1200, .mm = 18, .pain = 2, .fear = 1},
           {.id = "b", .ago = 1500, .mm = 18, .pain = 2, .fear = 1}},
     .action = ACTION_REST, .dilator = "fms-18", .mm = 18, .rule = P_MAX_PER_DAY,
     .cites = {"a", "b"}},
    /* At UTC-19:00 it is 00:05; 19:01 UTC is 00:01 today, 18:55 UTC was yesterday. */
    {"sessions either side of her midnight are one today", KIT(kit_gaps), .tz = -1140,
     .s = {{.id = "a", .ago = 240, .mm = 18, .pain = 2, .fear = 1},
           {.id = "b", .ago = 600, .mm = 18, .pain = 2, .fear = 1}},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b"}},
    {"two sessions after her midnight are today", KIT(kit_gaps), .tz = -1140,
     .s = {{.id = "a", .ago = 60, .mm = 18, .pain = 2, .fear = 1},
           {.id = "b", .ago = 240, .mm = 18, .pain = 2, .fear = 1}},
     .action = ACTION_REST, .dilator = "fms-18", .mm = 18, .rule = P_MAX_PER_DAY,
     .cites = {"a", "b"}},

    /* -- adjusted rule parameters -- */
    {"comfort_sessions 2 moves up after two", KIT(kit_gaps), "comfort_sessions=2",
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18)}, .action = ACTION_TRY_NEXT, .dilator = "fms-20",
     .mm = 20, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b"}, .says = {"2 of your last 2"}},
    {"comfort_window_days 7 leaves out day 8", KIT(kit_gaps), "comfort_window_days=7",
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 8, 18)}, .action = ACTION_STAY,
     .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b"},
     .says = {"past 7 days"}},
    {"comfort_pain_max 2 leaves out pain 3", KIT(kit_gaps), "comfort_pain_max=2",
     .s = {COMFY("a", 1, 18), {.id = "b", .ago = 2 * DAY, .mm = 18, .pain = 3}, COMFY("c", 3, 18)},
     .action = ACTION_STAY, .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "c"}},
    {"comfort_fear_max 6 lets fear 6 count", KIT(kit_gaps), "comfort_fear_max=6",
     .s = {COMFY("a", 1, 18), {.id = "b", .ago = 2 * DAY, .mm = 18, .fear = 6}, COMFY("c", 3, 18)},
     .action = ACTION_TRY_NEXT, .dilator = "fms-20", .mm = 20, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c"}, .says = {"fear at most 6"}},

    /* -- programs that keep her size ("keep") or use no dilator ("none") -- */
    {"keep: three comfortable sessions stay at her size", KIT(kit_gaps), .use = ENGINE_KEEP,
     .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 18)}, .action = ACTION_STAY,
     .dilator = "fms-18", .mm = 18, .rule = P_COMFORT_SESSIONS, .cites = {"a", "b", "c"},
     .says = {"3 of your last 3 sessions at 18 mm", "keeps the size"}},
    {"keep: with an adjustable device it stays at her setting", KIT(kit_milli), .use = ENGINE_KEEP,
     .s = {COMFY("a", 1, 22), COMFY("b", 2, 22), COMFY("c", 3, 22), COMFY("d", 4, 22)},
     .action = ACTION_STAY, .dilator = "milli", .mm = 22, .rule = P_COMFORT_SESSIONS,
     .cites = {"a", "b", "c", "d"}, .says = {"22 mm"}},
    {"keep: fewer comfortable sessions also stay", KIT(kit_gaps), .use = ENGINE_KEEP,
     .s = {COMFY("a", 1, 20)}, .action = ACTION_STAY, .dilator = "fms-20", .mm = 20,
     .rule = P_COMFORT_SESSIONS, .cites = {"a"}, .says = {"keeps the size you have reached: 20 mm"}},
    {"keep: a painful session still steps back", KIT(kit_gaps), .use = ENGINE_KEEP,
     .s = {{.id = "a", .ago = DAY, .mm = 20, .pain = 6}}, .action = ACTION_STEP_BACK,
     .dilator = "fms-18", .mm = 18, .more_relax = true, .rule = P_STEP_BACK_PAIN, .cites = {"a"}},
    {"keep: safety still comes first", KIT(kit_gaps), .use = ENGINE_KEEP,
     .s = {NOT_TODAY("n1", 3600, SAFETY_BLEEDING), COMFY("a", 1, 18)},
     .action = ACTION_SEE_CLINICIAN, .rule = P_CLINICIAN_PAIN, .cites = {"n1"}},
    {"none: no size even with a kit and comfortable sessions", KIT(kit_gaps),
     .use = ENGINE_NO_DILATOR, .s = {COMFY("a", 1, 18), COMFY("b", 2, 18), COMFY("c", 3, 18)},
     .action = ACTION_STAY, .rule = P_MINUTES, .says = {"without a dilator", "10 minutes"}},
    {"none: an empty kit is fine", .use = ENGINE_NO_DILATOR, .s = {{0}}, .action = ACTION_STAY,
     .rule = P_MINUTES, .says = {"breathing and relaxation"}},
    {"none: safety still comes first", KIT(kit_gaps), .use = ENGINE_NO_DILATOR,
     .s = {{.id = "a", .ago = 3600, .mm = 0, .pain = 9}}, .action = ACTION_SEE_CLINICIAN,
     .rule = P_CLINICIAN_PAIN, .cites = {"a"}, .says = {"9 of 10"}},
    {"none: sessions without a dilator count towards rest", .use = ENGINE_NO_DILATOR,
     .s = {{.id = "a", .ago = 600, .mm = 0, .pain = 0},
           {.id = "b", .ago = 1200, .mm = 0, .pain = 0, .out = OUTCOME_STOPPED},
           NOT_TODAY("n1", 1800, 0)},
     .action = ACTION_REST, .rule = P_MAX_PER_DAY, .cites = {"a", "b"}, .says = {"2 times today"}},
};

/* Applies "name=value,name=value" with engine_param_find and checks each. */
static void apply_rules(const char *spec, struct engine_rules *r)
{
    char buf[128], *save = NULL;
    if (spec == NULL)
        return;
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        assert_non_null(eq);
        *eq = '\0';
        int p = engine_param_find(t);
        if (p < 0)
            fail_msg("unknown rule parameter \"%s\"", t);
        int v = atoi(eq + 1);
        assert_int_equal(engine_param_check((enum engine_param)p, v, NULL), 0);
        r->v[p] = v;
    }
}

static void build_session(const struct sspec *sp, struct practice *p)
{
    practice_init(p);
    snprintf(p->id, sizeof p->id, "%s", sp->id);
    p->started_at = NOW - sp->ago;
    p->outcome = sp->out;
    p->safety = sp->safety;
    p->before = (struct scores){true, sp->fear, 0, sp->checkin_pain};
    if (sp->out == OUTCOME_NOT_TODAY)
        return;
    if (sp->dilator_id)
        snprintf(p->dilator_id, sizeof p->dilator_id, "%s", sp->dilator_id);
    else
        snprintf(p->dilator_id, sizeof p->dilator_id, "d%g", sp->mm);
    p->diameter_mm = sp->mm;
    p->duration_s = 600;
    p->exercises = EX_BREATHING | (sp->noflex ? 0 : EX_FLEXIBILIZATION);
    if (sp->pain != NP) {
        p->max_pain = sp->pain;
        p->after = (struct scores){true, sp->fear, 0, sp->pain};
    }
    if (sp->spasm_s > 0) {
        p->spasms[0] = (struct spasm){60, sp->spasm_s};
        p->nspasms = 1;
    }
}

/* Builds the engine's input for a row into out, with its sessions in
 * sessions[MAXS]. */
static void fill_input(const struct ecase *c, struct practice *sessions, struct engine_input *out)
{
    struct engine_input in = {0};
    size_t n = 0;
    while (n < MAXS && c->s[n].id) {
        build_session(&c->s[n], &sessions[n]);
        struct pace_error err = {0};
        if (practice_validate(&sessions[n], NOW, &err) != 0)
            fail_msg("fixture %s is not a valid record: %s", c->s[n].id, err.msg);
        n++;
    }
    engine_rules_default(&in.rules);
    in.rules.exercises = F;
    apply_rules(c->rules, &in.rules);
    in.kit = c->kit;
    in.nkit = c->nkit;
    in.sessions = sessions;
    in.nsessions = n;
    in.now = NOW;
    static struct tz_zone zone;
    tz_zone_fixed(&zone, c->tz);
    in.zone = &zone;
    in.dilator_use = c->use;
    *out = in;
}

static void run_case(void **state)
{
    const struct ecase *c = *state;
    static struct practice sessions[MAXS];
    struct engine_input in;
    fill_input(c, sessions, &in);

    struct recommendation r;
    engine_recommend(&in, &r);
    assert_string_equal(engine_action_name(r.action), engine_action_name(c->action));
    if (c->dilator) {
        assert_non_null(r.dilator_id);
        assert_string_equal(r.dilator_id, c->dilator);
        if (fabs(r.diameter_mm - c->mm) > 0.01)
            fail_msg("suggested %g mm, expected %g mm", r.diameter_mm, c->mm);
    } else if (c->action == ACTION_SEE_CLINICIAN || c->action == ACTION_REST || c->nkit == 0 ||
               c->use == ENGINE_NO_DILATOR) {
        /* Nothing to practise with is the point of these. */
        assert_null(r.dilator_id);
    }
    if (c->use == ENGINE_NO_DILATOR)
        assert_true(r.diameter_mm == 0);
    assert_int_equal(r.minutes, in.rules.v[P_MINUTES]);
    assert_int_equal(r.exercises, c->more_relax ? MORE : F);

    assert_int_equal(r.nreasons, 1);
    const struct engine_reason *e = &r.reasons[0];
    if (e->rule != c->rule)
        fail_msg("reason cites rule %s, expected %s: \"%s\"", engine_params[e->rule].name,
                 engine_params[c->rule].name, e->text);
    size_t want = 0;
    while (want < ENGINE_MAX_CITED && c->cites[want])
        want++;
    if (e->ncited != want)
        fail_msg("reason cites %zu sessions, expected %zu: \"%s\"", e->ncited, want, e->text);
    for (size_t i = 0; i < want; i++)
        assert_string_equal(e->cited[i], c->cites[i]);
    /* A suggestion that rests on her safety answers says so; the rules
     * behind all others are adjustable. */
    bool answered = false;
    for (size_t i = 0; want > 0 && i < MAXS && c->s[i].id; i++)
        if (strcmp(c->s[i].id, c->cites[0]) == 0)
            answered = c->s[i].safety != 0;
    answered = answered && (c->action == ACTION_SEE_CLINICIAN || c->action == ACTION_REST);
    if (e->safety != answered)
        fail_msg("reason \"%s\" is %sa safety answer", e->text, e->safety ? "" : "not ");
    for (size_t i = 0; i < 4 && c->says[i]; i++)
        if (strstr(e->text, c->says[i]) == NULL)
            fail_msg("reason \"%s\" does not say \"%s\"", e->text, c->says[i]);
    /* A suggestion to act names the size she is to use. */
    if (c->action == ACTION_TRY_NEXT || c->action == ACTION_STEP_BACK) {
        char size[16];
        snprintf(size, sizeof size, "%g mm", r.diameter_mm);
        if (strstr(e->text, size) == NULL)
            fail_msg("reason \"%s\" does not name %s", e->text, size);
    }
}

/* ---- the rule parameters ---- */

static void defaults_are_the_pace_defaults_of_clinical_md(void **state)
{
    (void)state;
    struct engine_rules r;
    engine_rules_default(&r);
    assert_int_equal(r.v[P_COMFORT_PAIN_MAX], 3);
    assert_int_equal(r.v[P_COMFORT_FEAR_MAX], 4);
    assert_int_equal(r.v[P_COMFORT_SESSIONS], 3);
    assert_int_equal(r.v[P_COMFORT_WINDOW_DAYS], 14);
    assert_int_equal(r.v[P_REQUIRE_MOVEMENT], 1);
    assert_int_equal(r.v[P_CLINICIAN_PAIN], 8);
    assert_int_equal(r.exercises, EX_BREATHING | EX_RELAXATION | EX_FLEXIBILIZATION);
    for (int p = 0; p < P_PARAM_COUNT; p++)
        assert_int_equal(r.v[p], engine_params[p].def);
}

static void every_parameter_has_a_name_label_source_and_sane_bounds(void **state)
{
    (void)state;
    for (int p = 0; p < P_PARAM_COUNT; p++) {
        const struct engine_param_info *i = &engine_params[p];
        assert_non_null(i->name);
        assert_non_null(i->label);
        assert_non_null(i->source);
        assert_true(strlen(i->source) > 0);
        assert_true(i->min <= i->def && i->def <= i->max);
        for (int q = 0; q < p; q++)
            assert_string_not_equal(engine_params[q].name, i->name);
    }
}

static void param_check_accepts_the_bounds_and_refuses_one_beyond(void **state)
{
    (void)state;
    for (int p = 0; p < P_PARAM_COUNT; p++) {
        const struct engine_param_info *i = &engine_params[p];
        struct pace_error err = {0};
        assert_int_equal(engine_param_check((enum engine_param)p, i->min, &err), 0);
        assert_int_equal(engine_param_check((enum engine_param)p, i->max, &err), 0);
        assert_int_equal(engine_param_check((enum engine_param)p, i->def, NULL), 0);
        int beyond[] = {i->min - 1, i->max + 1};
        for (int k = 0; k < 2; k++) {
            pace_error_clear(&err);
            assert_int_equal(engine_param_check((enum engine_param)p, beyond[k], &err),
                             PACE_EINVAL);
            assert_int_equal(err.code, PACE_EINVAL);
            assert_string_equal(err.field, i->name);
            char range[32];
            snprintf(range, sizeof range, "from %d to %d", i->min, i->max);
            if (strstr(err.msg, range) == NULL)
                fail_msg("\"%s\" does not give the range %s", err.msg, range);
        }
    }
    /* Without an error struct it still refuses. */
    assert_int_equal(engine_param_check(P_COMFORT_PAIN_MAX, 5, NULL), PACE_EINVAL);
}

static void param_check_refuses_a_parameter_that_does_not_exist(void **state)
{
    (void)state;
    struct pace_error err = {0};
    assert_int_equal(engine_param_check(P_PARAM_COUNT, 1, &err), PACE_EINVAL);
    assert_int_equal(engine_param_check((enum engine_param) - 1, 1, NULL), PACE_EINVAL);
}

static void param_find_knows_every_name_and_nothing_else(void **state)
{
    (void)state;
    for (int p = 0; p < P_PARAM_COUNT; p++)
        assert_int_equal(engine_param_find(engine_params[p].name), p);
    assert_int_equal(engine_param_find("comfort_pain_max"), P_COMFORT_PAIN_MAX);
    assert_int_equal(engine_param_find("require_movement"), P_REQUIRE_MOVEMENT);
    static const char *const unknown[] = {
        "", "Comfort_pain_max", "comfort_pain_max ", "comfort_pain", "pain", "minutes2"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_int_equal(engine_param_find(unknown[i]), -1);
    assert_int_equal(engine_param_find(NULL), -1);
}

/* Rules that reach the engine with a looser pain stop (an old stored
 * value, a program file, a clinician's edit) still stop at 8. */
static void the_pain_stop_never_loosens_past_its_ceiling(void **state)
{
    (void)state;
    struct practice s;
    build_session(&(struct sspec){.id = "a", .ago = DAY, .mm = 18, .pain = 8}, &s);
    struct engine_input in = {KIT(kit_gaps), .sessions = &s, .nsessions = 1, .now = NOW};
    engine_rules_default(&in.rules);
    for (int v = ENGINE_SAFETY_PAIN; v <= 11; v++) {
        in.rules.v[P_CLINICIAN_PAIN] = v;
        struct recommendation r;
        engine_recommend(&in, &r);
        assert_string_equal(engine_action_name(r.action), "see_clinician");
    }
    /* Nobody can set it looser through the checks either. */
    assert_int_equal(engine_param_check(P_CLINICIAN_PAIN, ENGINE_SAFETY_PAIN + 1, NULL),
                     PACE_EINVAL);
    assert_int_equal(engine_param_check(P_CLINICIAN_PAIN, ENGINE_SAFETY_PAIN - 2, NULL), 0);
    assert_true(engine_params[P_CLINICIAN_PAIN].safety);
    assert_int_equal(engine_params[P_CLINICIAN_PAIN].max, ENGINE_SAFETY_PAIN);
    practice_clear(&s);
}

static void action_names_are_the_api_words(void **state)
{
    (void)state;
    assert_string_equal(engine_action_name(ACTION_STAY), "stay");
    assert_string_equal(engine_action_name(ACTION_TRY_NEXT), "try_next");
    assert_string_equal(engine_action_name(ACTION_STEP_BACK), "step_back");
    assert_string_equal(engine_action_name(ACTION_REST), "rest");
    assert_string_equal(engine_action_name(ACTION_SEE_CLINICIAN), "see_clinician");
    assert_null(engine_action_name(ACTION_COUNT));
}

/* Every row, run again as a "keep" and a "none" program: keep never moves
 * up and never suggests a size she has not practised with; none never
 * suggests a size at all. Both keep the safety answers of the row. */
static void keep_and_none_never_move_up(void **state)
{
    (void)state;
    static struct practice sessions[MAXS];
    size_t ncases = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < ncases; i++) {
        struct engine_input in;
        fill_input(&cases[i], sessions, &in);
        struct recommendation progress, keep, none;
        in.dilator_use = ENGINE_PROGRESS;
        engine_recommend(&in, &progress);
        in.dilator_use = ENGINE_KEEP;
        engine_recommend(&in, &keep);
        in.dilator_use = ENGINE_NO_DILATOR;
        engine_recommend(&in, &none);
        if (keep.action == ACTION_TRY_NEXT)
            fail_msg("\"%s\" as keep suggests the next size", cases[i].name);
        if (progress.action != ACTION_TRY_NEXT)
            assert_int_equal(keep.action, progress.action);
        if (none.dilator_id != NULL || none.diameter_mm != 0)
            fail_msg("\"%s\" as none suggests a size", cases[i].name);
        assert_true(none.action != ACTION_TRY_NEXT && none.action != ACTION_STEP_BACK);
        if (progress.action == ACTION_SEE_CLINICIAN) {
            assert_int_equal(keep.action, ACTION_SEE_CLINICIAN);
            assert_int_equal(none.action, ACTION_SEE_CLINICIAN);
        }
    }
}

static int english(void **state)
{
    (void)state;
    i18n_set_lang(LANG_EN);
    return 0;
}

int main(void)
{
    enum { NCASES = sizeof cases / sizeof cases[0] };
    static struct CMUnitTest rows[NCASES];
    for (size_t i = 0; i < NCASES; i++)
        rows[i] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL, (void *)&cases[i]};
    const struct CMUnitTest params[] = {
        cmocka_unit_test(defaults_are_the_pace_defaults_of_clinical_md),
        cmocka_unit_test(every_parameter_has_a_name_label_source_and_sane_bounds),
        cmocka_unit_test(param_check_accepts_the_bounds_and_refuses_one_beyond),
        cmocka_unit_test(param_check_refuses_a_parameter_that_does_not_exist),
        cmocka_unit_test(param_find_knows_every_name_and_nothing_else),
        cmocka_unit_test(action_names_are_the_api_words),
        cmocka_unit_test(keep_and_none_never_move_up),
        cmocka_unit_test(the_pain_stop_never_loosens_past_its_ceiling),
    };
    int failed = _cmocka_run_group_tests("engine rules", rows, NCASES, english, NULL);
    failed += cmocka_run_group_tests_name("engine parameters", params, english, NULL);
    return failed;
}
