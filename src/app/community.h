/*
 * community.h - the support community's use cases (community.c,
 * community_mod.c): joining with a handle, spaces, posts and comments with
 * their automatic flags, support and reports; the moderators' queue,
 * decisions, suspensions and log; leaving; and the operator's set-up. Every
 * one asks the gate (policy.c) first.
 */
#ifndef PACE_APP_COMMUNITY_H
#define PACE_APP_COMMUNITY_H

#include "app/app.h"

#define CM_HELD_FIRST_DEFAULT 3  /* first posts and comments a moderator approves */
#define CM_EDIT_WINDOW (30 * 60) /* seconds she may edit what she wrote */
#define CM_POSTS_PER_HOUR 5
#define CM_COMMENTS_PER_HOUR 20
#define CM_REPORTS_PER_HOUR 10
/* From one network address (several members may share one). */
#define CM_ADDR_JOINS_PER_HOUR 20
#define CM_ADDR_WRITES_PER_HOUR 60
#define CM_ADDR_REPORTS_PER_HOUR 30

/* Her membership; PACE_ENOTFOUND when she has not joined. */
int app_cm_me(const struct app_ctx *c, const struct principal *who, struct cm_member *out,
              struct pace_error *err);
/* Joins with handle (community_handle_check; never her email). addr: the
 * keyed hash of her network address for the per-address limits (NULL: none,
 * the command line). */
int app_cm_join(const struct app_ctx *c, const struct principal *who, const char *handle,
                const char *addr, int64_t now, struct cm_member *out, struct pace_error *err);
/* What happens to her posts when she erases her account. */
int app_cm_on_erase(const struct app_ctx *c, const struct principal *who, bool keep,
                    struct pace_error *err);
/* Leaves now: her posts deleted, or kept as "a former member". */
int app_cm_leave(const struct app_ctx *c, const struct principal *who, bool keep,
                 struct pace_error *err);

int app_cm_spaces(const struct app_ctx *c, const struct principal *who, struct cm_space **items,
                  size_t *n, struct pace_error *err);
/* A space and its posts (live ones, and her own waiting or rejected). */
int app_cm_space(const struct app_ctx *c, const struct principal *who, const char *slug,
                 struct cm_space *out, struct cm_post **posts, size_t *n, struct pace_error *err);
/* Writes a post (parent 0: title needed) or a comment on parent in the
 * space slug (for a comment the post's space). out: the stored post, held
 * (waiting for a moderator) or live. */
int app_cm_write(const struct app_ctx *c, const struct principal *who, const char *slug,
                 int64_t parent, const char *title, const char *body, const char *addr, int64_t now,
                 struct cm_post *out, struct pace_error *err);
/* A post with its comments; someone else's held or hidden post is not
 * there (a moderator sees it). */
int app_cm_post(const struct app_ctx *c, const struct principal *who, int64_t id,
                struct cm_post *out, struct cm_post **comments, size_t *n, struct pace_error *err);
/* Her change within CM_EDIT_WINDOW; the rules run again. */
int app_cm_edit(const struct app_ctx *c, const struct principal *who, int64_t id, const char *title,
                const char *body, int64_t now, struct pace_error *err);
int app_cm_support(const struct app_ctx *c, const struct principal *who, int64_t id, bool on,
                   struct pace_error *err);
int app_cm_report(const struct app_ctx *c, const struct principal *who, int64_t id,
                  const char *reason, const char *addr, int64_t now, struct pace_error *err);

/* ---- moderators (community_mod.c) ---- */

enum cm_action { CMA_APPROVE = 0, CMA_REJECT, CMA_HIDE, CMA_RESTORE, CMA_COUNT };
int cm_action_parse(const char *s);
/* The queue, oldest first, and the median wait of the held posts. */
int app_cm_queue(const struct app_ctx *c, const struct principal *who, int64_t now,
                 struct cm_post **items, size_t *n, int64_t *median, struct pace_error *err);
/* A decision; reject and hide need a reason (the author sees it). */
int app_cm_decide(const struct app_ctx *c, const struct principal *who, int64_t id,
                  enum cm_action action, const char *reason, int64_t now, struct pace_error *err);
/* A moderator's edit of a post (logged, with a reason). */
int app_cm_mod_edit(const struct app_ctx *c, const struct principal *who, int64_t id,
                    const char *title, const char *body, const char *reason, int64_t now,
                    struct pace_error *err);
int app_cm_suspend(const struct app_ctx *c, const struct principal *who, const char *handle,
                   bool on, const char *reason, int64_t now, struct pace_error *err);
int app_cm_log(const struct app_ctx *c, const struct principal *who, struct cm_log **items,
               size_t *n, struct pace_error *err);

/* ---- the operator (community_mod.c) ---- */
int app_cm_space_put(const struct app_ctx *c, const struct principal *who,
                     const struct cm_space *sp, struct pace_error *err);
/* Closes the store of the operator's commands (opened with app_store_open,
 * through cli_store_open). */
void app_cm_close(struct app_ctx *c);
/* Makes the member with this account email a moderator, or not. */
int app_cm_moderator(const struct app_ctx *c, const struct principal *who, const char *email,
                     bool on, struct pace_error *err);
/* The operator's brand names (community_brands_free). */
int app_cm_brands(const struct app_ctx *c, const struct principal *who, char ***names, size_t *n,
                  struct pace_error *err);
int app_cm_brand(const struct app_ctx *c, const struct principal *who, const char *name, bool add,
                 struct pace_error *err);
int app_cm_setting(const struct app_ctx *c, const struct principal *who, const char *key, int value,
                   struct pace_error *err);

#endif
