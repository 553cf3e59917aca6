/*
 * auth.h - who is asking. Browser sessions (a random cookie token whose hash
 * is stored), API bearer tokens, CSRF tokens, and the one access-control
 * check every handler uses.
 */
#ifndef PACE_AUTH_H
#define PACE_AUTH_H

#include "web/web.h"

/* Fills r->authed, r->user and r->csrf from the request: a bearer token on
 * /api, the session cookie elsewhere. Also picks the request's language. */
void auth_resolve(struct req *r);
/* Makes sure a visitor has a pre-login CSRF cookie (set on pages with forms). */
void auth_ensure_csrf(struct req *r);
/* True when the form's csrf field matches this browser's token. */
bool auth_csrf_ok(struct req *r);
/* What the application layer needs of the browser to sign her in: the
 * keyed address and a coarse label of the browser (agent, 64 bytes). */
void auth_client(struct req *r, struct app_client *out, char agent[64]);
void auth_agent_label(struct req *r, char *out, size_t n);
/* Sends the cookie of the login tok just opened for u. */
void auth_signed_in(struct req *r, const struct user *u, const struct app_login_token *tok);
/* Ends the current login and clears the cookie. */
void auth_sign_out(struct req *r);

/* Access control: the one question every handler asks before it reads or
 * changes a record. Default deny. */
enum authz_action { AUTHZ_READ, AUTHZ_WRITE, AUTHZ_DELETE };
enum authz_kind { AUTHZ_ACCOUNT, AUTHZ_LOGIN, AUTHZ_TOKEN, AUTHZ_KIT, AUTHZ_PRACTICE,
                  AUTHZ_PLAN, AUTHZ_LADDER, AUTHZ_REMINDER, AUTHZ_KIND_COUNT };
/* May the requesting user do action on a record of kind owned by owner_id? */
bool authz_allows(const struct req *r, enum authz_action action, enum authz_kind kind,
                  int64_t owner_id);

#endif
