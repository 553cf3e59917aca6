/*
 * store_community.h - the support community in the store (included by
 * store.h): members (a handle apart from her account), spaces, posts and
 * comments with their flags, reports, support, the moderation log and the
 * operator's settings. Every call runs in its own transaction; a
 * moderator's decision and its log entry are one.
 */
#ifndef PACE_STORE_COMMUNITY_H
#define PACE_STORE_COMMUNITY_H

#include "core/community.h"

#include <stdbool.h>
#include <stdint.h>

struct store;

#define CM_SLUG_MAX 32
#define CM_NAME_MAX 80
#define CM_DESC_MAX 300

struct cm_member {
    int64_t id;
    int64_t user_id; /* 0 for a former member */
    char handle[COMMUNITY_HANDLE_MAX + 1];
    int64_t joined_at;
    int approved; /* posts and comments a moderator approved */
    bool moderator, suspended, keep_on_erase;
};

struct cm_space {
    int64_t id;
    char slug[CM_SLUG_MAX + 1];
    char name[CM_NAME_MAX + 1];
    char description[CM_DESC_MAX + 1];
    char lang[8]; /* en, de, both */
    bool approval_all, open;
};

enum cm_status { CM_HELD = 0, CM_LIVE, CM_REJECTED, CM_HIDDEN, CM_STATUS_COUNT };
const char *cm_status_name(enum cm_status st);

struct cm_post {
    int64_t id, space_id, parent_id, member_id;
    int64_t author_user_id;                /* 0: a former member */
    char handle[COMMUNITY_HANDLE_MAX + 1]; /* "" for a former member */
    char space_slug[CM_SLUG_MAX + 1];
    char *title, *body; /* owned; cm_posts_free */
    enum cm_status status;
    char reason[COMMUNITY_REASON_MAX * 4 + 1];
    int64_t created_at, edited_at, decided_at;
    int supports;   /* members who sent support */
    bool supported; /* by the member reading */
    int reports;    /* open reports */
    int comments;   /* live comments (a post) */
    struct community_flag flags[CR_COUNT];
    size_t nflags;
    char report_reasons[3][COMMUNITY_REASON_MAX * 4 + 1]; /* the queue: the first open ones */
    int nreasons;
};
void cm_posts_free(struct cm_post *items, size_t n);
void cm_post_clear(struct cm_post *p);

struct cm_log {
    int64_t id, at, post_id;
    char moderator[COMMUNITY_HANDLE_MAX + 1];
    char action[16];
    char target[COMMUNITY_HANDLE_MAX + 1];
    char reason[COMMUNITY_REASON_MAX * 4 + 1];
};

/* Members. */
int store_cm_member_by_user(struct store *s, int64_t user_id, struct cm_member *out,
                            struct pace_error *err);
int store_cm_member_by_handle(struct store *s, const char *handle, struct cm_member *out,
                              struct pace_error *err);
/* A new member; PACE_ECONFLICT (field "handle") when the handle is taken. */
int store_cm_join(struct store *s, int64_t user_id, const char *handle, int64_t now,
                  struct cm_member *out, struct pace_error *err);
int store_cm_set_moderator(struct store *s, int64_t member_id, bool on, struct pace_error *err);
int store_cm_set_on_erase(struct store *s, int64_t member_id, bool keep, struct pace_error *err);
/* Suspends (or lifts) and logs it in one transaction. */
int store_cm_suspend(struct store *s, int64_t member_id, bool on, const char *moderator,
                     const char *reason, int64_t now, struct pace_error *err);
/* She leaves: her posts deleted, or kept as a former member's (her held
 * ones and her support and reports go either way). */
int store_cm_leave(struct store *s, int64_t user_id, bool keep, struct pace_error *err);

/* Spaces, in their order. */
int store_cm_spaces(struct store *s, struct cm_space **items, size_t *n, struct pace_error *err);
int store_cm_space_by_slug(struct store *s, const char *slug, struct cm_space *out,
                           struct pace_error *err);
int store_cm_space_put(struct store *s, const struct cm_space *sp, struct pace_error *err);

/* Settings: an integer with a default. */
int store_cm_setting_int(struct store *s, const char *key, int def);
int store_cm_setting_put(struct store *s, const char *key, int value, struct pace_error *err);
/* Brand names of the operator. */
int store_cm_brands(struct store *s, char ***names, size_t *n, struct pace_error *err);
int store_cm_brand(struct store *s, const char *name, bool add, struct pace_error *err);

/* Posts and comments. p: space_id, parent_id, member_id, title, body,
 * status, flags; p->id and created_at are set. */
int store_cm_post_insert(struct store *s, struct cm_post *p, const char *folded, int64_t now,
                         struct pace_error *err);
/* One, with support and reports counted for viewer (a member id, 0 none). */
int store_cm_post_get(struct store *s, int64_t id, int64_t viewer, struct cm_post *out,
                      struct pace_error *err);
/* The posts of a space (parent 0) or the comments of a post, oldest first
 * for comments and newest first for posts: the live ones, and the held
 * and rejected ones of member own (0: none). */
int store_cm_posts(struct store *s, int64_t space_id, int64_t parent_id, int64_t own,
                   int64_t viewer, struct cm_post **items, size_t *n, struct pace_error *err);
int store_cm_post_edit(struct store *s, int64_t id, const char *title, const char *body,
                       const char *folded, const struct community_flag *flags, size_t nflags,
                       enum cm_status status, int64_t now, struct pace_error *err);
/* A moderator's decision (status, reason for the author) and its log entry
 * in one transaction; an approval counts for the author; open reports are
 * resolved. action: approve, reject, hide, edit, restore. */
int store_cm_decide(struct store *s, int64_t id, enum cm_status status, const char *action,
                    const char *moderator, const char *reason, int64_t now, struct pace_error *err);
/* The queue: held posts and comments, and live ones with open reports,
 * oldest first; median_wait: the median age of the held ones in seconds. */
int store_cm_queue(struct store *s, int64_t now, struct cm_post **items, size_t *n,
                   int64_t *median_wait, struct pace_error *err);
/* Other active accounts that posted the same folded text. */
int store_cm_same_text(struct store *s, const char *folded, int64_t member_id);
/* What the member did since: kind "post", "comment", "report". */
int store_cm_count_since(struct store *s, int64_t member_id, const char *kind, int64_t since);
int store_cm_report(struct store *s, int64_t post_id, int64_t member_id, const char *reason,
                    int64_t now, struct pace_error *err);
/* Support from member for a post: on or off. */
int store_cm_support(struct store *s, int64_t post_id, int64_t member_id, bool on,
                     struct pace_error *err);
/* The moderation log, newest first, at most limit. */
int store_cm_log(struct store *s, int limit, struct cm_log **items, size_t *n,
                 struct pace_error *err);

#endif
