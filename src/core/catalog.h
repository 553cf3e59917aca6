/*
 * catalog.h - the dilator catalogs: product lines (FMS, vaginismus.com,
 * Milli, Pacik, ...) with their items and sets, read from JSON by a strict
 * loader. The format is described in docs/catalogs.md.
 *
 * Pure: the loader parses bytes it is given (core does no file I/O). The
 * data files in data/catalogs/ are compiled into the binary as
 * catalog_builtin; the CLI can also read files and pass their bytes.
 */
#ifndef PACE_CATALOG_H
#define PACE_CATALOG_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define CATALOG_ID_MAX 64 /* bytes with the NUL: ids have at most 63 characters */
#define CATALOG_LABEL_MAX 40 /* characters */
#define CATALOG_DIAMETER_MIN 1.0  /* mm */
#define CATALOG_DIAMETER_MAX 80.0 /* mm */
#define CATALOG_LENGTH_MAX 400.0  /* mm */
#define CATALOG_FORMAT 1

enum catalog_kind { KIND_DILATOR = 0, KIND_STENT, KIND_ADJUSTABLE, KIND_COUNT };

enum material {
    MATERIAL_BOROSILICATE = 0, /* "borosilicate-glass" */
    MATERIAL_GLASS,            /* "glass" (type not published) */
    MATERIAL_SILICONE,
    MATERIAL_PLASTIC,
    MATERIAL_UNKNOWN,
    MATERIAL_COUNT
};

enum shape {
    SHAPE_STRAIGHT = 0, /* "straight-streamlined-tip" */
    SHAPE_TAPERED,
    SHAPE_EXPANDING,
    SHAPE_UNKNOWN,
    SHAPE_COUNT
};

enum catalog_use { USE_VAGINAL = 1 << 0, USE_RECTAL = 1 << 1 };

struct catalog_line;

struct catalog_item {
    char *id;
    char *label;
    const struct catalog_line *line;
    enum catalog_kind kind;
    double diameter_mm;     /* for an adjustable device: its smallest */
    double diameter_max_mm; /* adjustable: its largest; otherwise = diameter_mm */
    double step_mm;         /* adjustable: its step; otherwise 0 */
    double length_mm;       /* insertable length, 0 when not known */
    enum material material;
    enum shape shape;
    unsigned use; /* enum catalog_use bits */
    bool warm_cool;
    bool assumed; /* some value is not published (see note) */
    bool placeholder; /* the diameter is not known at all, only drawn: never a suggested size */
    char *source;
    char *note; /* NULL when none */
};

/* A named group of items of one line, as sold together. */
struct catalog_set {
    char *id;
    char *label;
    const struct catalog_item **items; /* into the line's items */
    size_t nitems;
    bool illustrative; /* the maker's contents are not public */
    char *source;
    char *note;
};

struct catalog_line {
    char *id;
    char *name;
    char *maker;  /* NULL when not given */
    char *source;
    char *note;   /* NULL when none */
    char *file;   /* the file it came from, for messages */
    struct catalog_item *items; /* in file order */
    size_t nitems;
    struct catalog_set *sets;
    size_t nsets;
};

/* Every product line loaded. */
struct catalog {
    struct catalog_line **lines;
    size_t nlines;
};

/* A data file compiled into the binary (generated catalog_builtin.c). */
struct catalog_file {
    const char *name;
    const char *data;
    size_t len;
};
/* The files of data/catalogs, ending with a zeroed entry. */
extern const struct catalog_file catalog_builtin[];

/* Returns an empty catalog; release it with catalog_free. */
struct catalog *catalog_new(void);
void catalog_free(struct catalog *c);

/* Parses one product line from len bytes of JSON (file names it in
 * messages) and adds it to c. Strict: unknown keys, missing or mistyped
 * fields, duplicate ids (within the file or across lines already in c),
 * diameters outside 1-80 mm, or a set naming an unknown id fail with
 * PACE_EINVAL and a message "FILE: ENTRY: FIELD: problem"; err->field is
 * "ENTRY.FIELD". c is unchanged on failure. */
int catalog_add_json(struct catalog *c, const char *file, const char *data, size_t len,
                     struct pace_error *err);
/* Loads every catalog_builtin file into a new catalog *out (caller frees
 * with catalog_free). */
int catalog_load_builtin(struct catalog **out, struct pace_error *err);

/* Lookups; NULL when absent. The pointers live as long as c. */
const struct catalog_line *catalog_line_find(const struct catalog *c, const char *id);
const struct catalog_item *catalog_find(const struct catalog *c, const char *id);
const struct catalog_set *catalog_set_find(const struct catalog_line *l, const char *id);

/* Words of the data format and the API ("dilator", "borosilicate-glass"). */
const char *catalog_kind_name(enum catalog_kind k);
const char *material_name(enum material m);
const char *shape_name(enum shape s);
/* Parse those words; -1 when unknown. */
int catalog_kind_parse(const char *s);
int material_parse(const char *s);
int shape_parse(const char *s);
/* Translated words for people ("borosilicate glass", "not known"). */
const char *material_label(enum material m);
const char *catalog_kind_label(enum catalog_kind k);
/* True for glass of any kind: glass items need checking for chips and
 * scratches before each use. */
bool material_is_glass(enum material m);

/* JSON for the API; the caller owns the returned reference. */
json_t *catalog_item_json(const struct catalog_item *it);
json_t *catalog_set_json(const struct catalog_set *s);
/* With items and sets when full, a summary (counts) otherwise. */
json_t *catalog_line_json(const struct catalog_line *l, bool full);

#endif
