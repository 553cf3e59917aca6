/*
 * reminders.c - her reminders as use cases: read and save the schedule
 * (the first save makes her private feed address), make a new address or
 * turn it off, and open the calendar by its address (the address is the
 * key: no one is signed in when a calendar app fetches it).
 */
#include "app/app.h"

#include "core/i18n.h"

#include <string.h>

int app_reminder_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct reminder *out, struct reminder_feed *feed, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_REMINDERS, ACT_READ, NULL, err);
    return rc == 0 ? store_reminder_get(c->store, subject, out, feed, err) : rc;
}

int app_reminder_save(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      struct reminder *rem, const unsigned char *new_feed_hash, int64_t now,
                      struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_REMINDERS, ACT_UPDATE, NULL, err);
    if (rc == 0)
        rc = reminder_check(rem, err);
    return rc == 0 ? store_reminder_put(c->store, subject, rem, new_feed_hash, now, err) : rc;
}

int app_reminder_feed_new(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                          struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_REMINDERS, ACT_UPDATE, NULL, err);
    return rc == 0 ? store_reminder_feed_set(c->store, subject, hash, now, err) : rc;
}

int app_reminder_feed_off(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_REMINDERS, ACT_UPDATE, NULL, err);
    if (rc == 0)
        rc = store_reminder_feed_revoke(c->store, subject, err);
    /* Without a schedule there is no address to turn off: done already. */
    return rc == PACE_ENOTFOUND ? 0 : rc;
}

int app_reminder_by_feed(const struct app_ctx *c, const unsigned char hash[CRYPTO_HASH_BYTES],
                         struct reminder *out, struct pace_error *err)
{
    return store_reminder_by_feed(c->store, hash, out, err);
}
