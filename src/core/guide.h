/*
 * guide.h - the guide: short articles in CommonMark, each in English and
 * German, with a small header (slug, title, summary, theme, order, reviewed
 * date, sources). Loading is strict: a broken header, an unknown source
 * key, a heading without an id, raw HTML, an image, a link to a page that
 * does not exist or an article without its twin in the other language is
 * refused with "FILE:LINE: problem". Bodies are rendered with cmark in its
 * safe mode (never CMARK_OPT_UNSAFE). Pure: parses the bytes it is given.
 *
 * The articles are compiled into the binary (data/guide/meson.build runs
 * src/tools/guide-check.c over them, so a broken article fails the build);
 * guide_text.c holds the word counting and the search. Format: docs/guide.md.
 */
#ifndef PACE_GUIDE_H
#define PACE_GUIDE_H

#include "core/err.h"
#include "core/i18n.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Silent reading rates for non-fiction, words per minute. English:
 * Brysbaert, J Mem Lang 2019;109:104047. German: the same rate scaled by
 * the words German needs for the same message (IReST texts: 132 German
 * words for 153 English ones), as Brysbaert suggests; derivation in
 * docs/clinical-sources.md ("Reading time"). */
#define GUIDE_WPM_EN 238
#define GUIDE_WPM_DE 205

#define GUIDE_SLUG_MAX 48
#define GUIDE_FILE_MAX (64 * 1024)
#define GUIDE_QUERY_MAX 200 /* bytes of a search query that are read */
#define GUIDE_TERMS_MAX 8   /* words of a query that count */
#define GUIDE_MARKS_MAX 8   /* highlighted words in one snippet */

enum guide_theme {
    GUIDE_THEME_START,
    GUIDE_THEME_UNDERSTANDING,
    GUIDE_THEME_CARE,
    GUIDE_THEME_PRACTICE,
    GUIDE_THEME_TOGETHER,
    GUIDE_THEME_SITUATIONS,
    GUIDE_THEME_COUNT
};

/* The word used in article headers ("understanding"). */
const char *guide_theme_key(enum guide_theme t);
/* Its name for people, in English; pass it through _(). */
const char *guide_theme_label(enum guide_theme t);

struct guide_heading {
    int level;  /* 2 or 3 */
    char *id;   /* from "## Text {#id}", the same in both languages */
    char *text; /* plain text */
    int line;   /* in the file */
};

struct guide_token {
    uint32_t off; /* of the word in the article's text */
    uint32_t len;
    uint32_t fold;  /* offset of its folded form in the article's folds */
    uint32_t word;  /* its folded form's index in the article's words */
    uint32_t block; /* which paragraph, heading or list item it is in */
};

struct guide_article {
    char *file; /* as it was given, for messages */
    enum lang lang;
    char slug[GUIDE_SLUG_MAX];
    char *title;
    char *summary;
    enum guide_theme theme;
    int order;
    char reviewed[11];   /* YYYY-MM-DD */
    int64_t reviewed_at; /* that day at noon UTC, for formatting */
    char **sources;      /* keys of docs/clinical-sources.md entries */
    size_t nsources;
    char *html; /* the body, rendered */
    struct guide_heading *toc;
    size_t ntoc;
    size_t words; /* title and body */
    int minutes;  /* reading time */

    /* For the search: the title, a blank line, then the body as plain
     * text; its words; and their folded forms (NUL-separated). */
    char *text;
    size_t title_len;
    struct guide_token *tokens;
    size_t ntokens;
    char *folds;
    uint32_t *words_sorted; /* each folded form once (offsets in folds), sorted */
    size_t nwords_sorted;

    /* For the checks that need every article: the line of each header
     * key (in the order of guide.c's key table) and the links. */
    int lines[8];
    char **links; /* "/guide/slug" or "/guide/slug#id" targets in the body */
    int *link_lines;
    size_t nlinks;
};

struct guide_source {
    char *key;   /* "crowley-2009" */
    char *title; /* the entry's heading, as a citation */
};

struct guide {
    struct guide_source *sources;
    size_t nsources;
    struct guide_article **articles; /* sorted: language, theme, order */
    size_t n;
};

/* A file compiled into the binary (generated guide_builtin.c). */
struct guide_file {
    const char *name; /* "en/what-is-vaginismus.md" */
    const char *data;
    size_t len;
};
/* The articles of data/guide/en and data/guide/de, ending with a zeroed entry. */
extern const struct guide_file guide_builtin[];
/* docs/clinical-sources.md, which the articles' source keys name. */
extern const struct guide_file guide_sources_builtin;

/* An empty guide; release it with guide_free. */
struct guide *guide_new(void);
void guide_free(struct guide *g);

/* Reads the source entries of a clinical-sources file: every heading
 * "### Citation {#key}". A key given twice is refused. */
int guide_add_sources(struct guide *g, const char *file, const char *data, size_t len,
                      struct pace_error *err);
/* Parses one article. Its language is the name of the folder it is in
 * ("en/x.md", "data/guide/de/x.md") and its slug must be the file's name
 * without ".md". Sources must be added first. On failure g is unchanged
 * and err->msg is "FILE:LINE: problem". */
int guide_add(struct guide *g, const char *file, const char *data, size_t len,
              struct pace_error *err);
/* The checks across articles: every slug in both languages with the same
 * theme, order, sources and heading ids; links resolve; (theme, order)
 * unique per language. Then sorts the articles. */
int guide_finish(struct guide *g, struct pace_error *err);
/* Loads guide_builtin and guide_sources_builtin into a new guide *out
 * (caller frees with guide_free). */
int guide_load_builtin(struct guide **out, struct pace_error *err);

/* The articles in language l, in reading order: *first is the index in
 * g->articles, the return value the count. */
size_t guide_range(const struct guide *g, enum lang l, size_t *first);
/* NULL when absent. */
const struct guide_article *guide_find(const struct guide *g, enum lang l, const char *slug);
const struct guide_source *guide_source_find(const struct guide *g, const char *key);

/* The header of one article, parsed alone (for tests and tools): fills a
 * with the header's fields and *body_line with the line the body starts
 * on. Does not check source keys when g is NULL. */
int guide_parse_header(const struct guide *g, const char *file, const char *data, size_t len,
                       struct guide_article *a, size_t *body_off, int *body_line,
                       struct pace_error *err);
/* Frees what an article holds (not a itself). */
void guide_article_clear(struct guide_article *a);
/* Renders CommonMark to HTML with cmark's safe defaults and the heading
 * ids: raw HTML is omitted, unsafe links are dropped and an image is
 * shown as its description, whatever the text. The caller frees the result. For tests of the
 * renderer alone; articles are checked more strictly by guide_add. */
char *guide_render_safe(const char *markdown, size_t len);

/* guide_text.c */
/* Reading speed in words per minute for language l. */
int guide_wpm(enum lang l);
/* Whole minutes to read words words at l's rate, at least 1. */
int guide_minutes(size_t words, enum lang l);
/* Counts the words of UTF-8 text: runs of letters and digits. */
size_t guide_count_words(const char *s, size_t len);
/* Folds a word for matching: lower case, accents dropped, ß as ss, and
 * for German ae/oe/ue as a/o/u (so "Uebung", "Übung" and "ubung" meet).
 * Writes at most n bytes with a NUL; returns the length. */
size_t guide_fold(const char *word, size_t len, enum lang l, char *out, size_t n);
/* Builds a's tokens from a->text (called by guide_add). */
void guide_index_article(struct guide_article *a);

struct guide_mark {
    size_t off; /* in the article's text */
    size_t len;
};

struct guide_hit {
    const struct guide_article *a;
    int score;
    size_t place;    /* the article's place in the reading order */
    size_t snip_off; /* the snippet: a stretch of the article's body */
    size_t snip_len;
    bool cut_before, cut_after; /* the snippet starts or ends mid-text */
    struct guide_mark marks[GUIDE_MARKS_MAX];
    size_t nmarks;
};

/* Searches the articles in language l for every word of query (prefix
 * matching after a light stemming of each query word; see docs/guide.md).
 * Fills up to max hits, best first; returns how many. */
size_t guide_search(const struct guide *g, enum lang l, const char *query, struct guide_hit *hits,
                    size_t max);

#endif
