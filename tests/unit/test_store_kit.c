/*
 * test_store_kit.c - her kit in the store (the "Her kit" section of
 * store/store.h) and the operations on top of it (store/kits.h), each test
 * on a fresh data directory: round trips, all-or-nothing replacement,
 * per-user isolation, her own items sealed at rest, and the limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/kits.h"
#include "store/store.h"
#include "testdb.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <string.h>

#define NOW INT64_C(1795547100)

struct fixture {
    char *dir;
    struct store *s;
    struct catalog *cat;
    int64_t ann, bea; /* two people */
};

static int64_t add_user(struct store *s, const char *email)
{
    int64_t id = 0;
    struct pace_error err = {0};
    if (store_user_insert(s, email, "$argon2id$not-a-real-hash", ROLE_PATIENT, NOW, &id, &err))
        fail_msg("inserting %s: %s", email, err.msg);
    return id;
}

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0 || catalog_load_builtin(&f->cat, &err) != 0) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    f->ann = add_user(f->s, "ann@example.org");
    f->bea = add_user(f->s, "bea@example.org");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    catalog_free(f->cat);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static int64_t add_custom(struct fixture *f, int64_t user, const char *label, double d)
{
    struct custom_item c = {
        .kind = KIND_DILATOR, .diameter_mm = d, .length_mm = 120, .material = MATERIAL_SILICONE};
    snprintf(c.label, sizeof c.label, "%s", label);
    struct pace_error err = {0};
    int64_t id = 0;
    if (store_custom_insert(f->s, user, &c, NOW, &id, NULL, &err) != 0)
        fail_msg("store_custom_insert: %s", err.msg);
    assert_true(id > 0);
    return id;
}

/* Her stored kit ids joined by spaces, in store order. */
static void kit_string(struct fixture *f, int64_t user, char *out, size_t n)
{
    struct kit_id *ids = NULL;
    size_t k = 0;
    assert_int_equal(store_kit_get(f->s, user, &ids, &k, NULL), 0);
    out[0] = '\0';
    for (size_t i = 0; i < k; i++)
        snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? " " : "", ids[i].s);
    free(ids);
}

static void set_kit(struct fixture *f, int64_t user, int64_t now, const char *const *ids, size_t n,
                    int want, const char *want_field)
{
    struct kit_id *k = xcalloc(n + 1, sizeof *k);
    for (size_t i = 0; i < n; i++)
        snprintf(k[i].s, sizeof k[i].s, "%s", ids[i]);
    struct pace_error err = {0};
    int rc = store_kit_set(f->s, user, k, n, now, &err);
    free(k);
    if (rc != want)
        fail_msg("store_kit_set: rc %d, wanted %d (%s)", rc, want, err.msg);
    if (want_field)
        assert_string_equal(err.field, want_field);
}

static void a_kit_survives_a_round_trip(void **state)
{
    struct fixture *f = *state;
    char got[256];
    kit_string(f, f->ann, got, sizeof got);
    assert_string_equal(got, "");
    set_kit(f, f->ann, NOW, (const char *[]){"fms-16", "fms-18"}, 2, 0, NULL);
    kit_string(f, f->ann, got, sizeof got);
    assert_string_equal(got, "fms-16 fms-18");
    /* replacing keeps what stays (with its added_at) and drops the rest */
    set_kit(f, f->ann, NOW + 60, (const char *[]){"pacik-3", "fms-18"}, 2, 0, NULL);
    kit_string(f, f->ann, got, sizeof got);
    assert_string_equal(got, "fms-18 pacik-3");
    set_kit(f, f->ann, NOW + 120, NULL, 0, 0, NULL);
    kit_string(f, f->ann, got, sizeof got);
    assert_string_equal(got, "");
}

static void her_own_item_survives_a_round_trip_and_joins_her_kit(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_custom(f, f->ann, "Blue, middle", 22.5);
    struct custom_item *items = NULL;
    size_t n = 0;
    assert_int_equal(store_custom_list(f->s, f->ann, &items, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, id);
    assert_string_equal(items[0].label, "Blue, middle");
    assert_true(items[0].diameter_mm == 22.5 && items[0].length_mm == 120);
    assert_int_equal(items[0].material, MATERIAL_SILICONE);
    assert_int_equal(items[0].created_at, NOW);
    assert_true(items[0].in_kit);
    free(items);
    char got[256], want[64];
    kit_string(f, f->ann, got, sizeof got);
    snprintf(want, sizeof want, "custom-%lld", (long long)id);
    assert_string_equal(got, want);
    /* out of the kit, still hers */
    set_kit(f, f->ann, NOW, NULL, 0, 0, NULL);
    assert_int_equal(store_custom_list(f->s, f->ann, &items, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_false(items[0].in_kit);
    free(items);
    /* back in, then deleted: gone from the kit too */
    set_kit(f, f->ann, NOW, (const char *[]){want, "fms-14"}, 2, 0, NULL);
    assert_int_equal(store_custom_delete(f->s, f->ann, id, NULL), 0);
    kit_string(f, f->ann, got, sizeof got);
    assert_string_equal(got, "fms-14");
    assert_int_equal(store_custom_delete(f->s, f->ann, id, NULL), PACE_ENOTFOUND);
}

/* One item looked up: in her kit or not, hers and not someone else's,
 * her own item with its name. */
static void one_item_of_her_kit_is_found_alone(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_custom(f, f->ann, "Green", 19);
    char mine[32];
    snprintf(mine, sizeof mine, "custom-%lld", (long long)id);
    set_kit(f, f->ann, NOW, (const char *[]){"fms-16", mine}, 2, 0, NULL);
    bool in = true, custom = true;
    struct custom_item c;
    struct pace_error err = {0};
    assert_int_equal(store_kit_find(f->s, f->ann, "fms-16", &in, &custom, &c, &err), 0);
    assert_true(in);
    assert_false(custom);
    assert_int_equal(store_kit_find(f->s, f->ann, "fms-18", &in, &custom, &c, &err), 0);
    assert_false(in);
    assert_int_equal(store_kit_find(f->s, f->ann, mine, &in, &custom, &c, &err), 0);
    assert_true(in && custom);
    assert_int_equal(c.id, id);
    assert_string_equal(c.label, "Green");
    assert_true(c.diameter_mm == 19);
    /* Bea has neither. */
    assert_int_equal(store_kit_find(f->s, f->bea, "fms-16", &in, &custom, &c, &err), 0);
    assert_false(in);
    assert_int_equal(store_kit_find(f->s, f->bea, mine, &in, &custom, &c, &err), 0);
    assert_false(in || custom);
    /* Her item out of her kit is not found; deleted, neither. */
    set_kit(f, f->ann, NOW, (const char *[]){"fms-16"}, 1, 0, NULL);
    assert_int_equal(store_kit_find(f->s, f->ann, mine, &in, &custom, &c, &err), 0);
    assert_false(in || custom);
    assert_int_equal(store_custom_delete(f->s, f->ann, id, NULL), 0);
    assert_int_equal(store_kit_find(f->s, f->ann, mine, &in, &custom, &c, &err), 0);
    assert_false(in);
}

static void a_failed_replacement_changes_nothing(void **state)
{
    struct fixture *f = *state;
    set_kit(f, f->ann, NOW, (const char *[]){"fms-16", "fms-17"}, 2, 0, NULL);
    /* the store itself refuses a custom id that is not hers ... */
    set_kit(f, f->ann, NOW + 1, (const char *[]){"fms-20", "fms-21", "custom-999"}, 3, PACE_EINVAL,
            "items[2]");
    char got[256];
    kit_string(f, f->ann, got, sizeof got);
    assert_string_equal(got, "fms-16 fms-17");
    /* ... and kits_replace also refuses unknown catalog ids and repeats */
    struct kit_id bad[] = {{"fms-20"}, {"fms-99"}};
    struct pace_error err = {0};
    assert_int_equal(kits_replace(f->s, f->cat, f->ann, bad, 2, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items[1]");
    struct kit_id twice[] = {{"fms-20"}, {"fms-20"}};
    assert_int_equal(kits_replace(f->s, f->cat, f->ann, twice, 2, NOW, &err), PACE_EINVAL);
    kit_string(f, f->ann, got, sizeof got);
    assert_string_equal(got, "fms-16 fms-17");
    /* more than KIT_MAX_ITEMS */
    struct kit_id *many = xcalloc(KIT_MAX_ITEMS + 1, sizeof *many);
    for (int i = 0; i <= KIT_MAX_ITEMS; i++)
        snprintf(many[i].s, sizeof many[i].s, "x-%d", i);
    assert_int_equal(store_kit_set(f->s, f->ann, many, KIT_MAX_ITEMS + 1, NOW, &err), PACE_EINVAL);
    free(many);
}

static void nobody_sees_or_changes_another_persons_kit(void **state)
{
    struct fixture *f = *state;
    int64_t anns = add_custom(f, f->ann, "Ann's own", 19);
    char anns_id[32], got[256];
    snprintf(anns_id, sizeof anns_id, "custom-%lld", (long long)anns);
    set_kit(f, f->ann, NOW, (const char *[]){"fms-18", anns_id}, 2, 0, NULL);
    /* Bea cannot put Ann's item in her kit, list it, or delete it */
    set_kit(f, f->bea, NOW, (const char *[]){"fms-30", anns_id}, 2, PACE_EINVAL, "items[1]");
    struct kit_id one[] = {{""}};
    snprintf(one[0].s, sizeof one[0].s, "%s", anns_id);
    struct pace_error err = {0};
    assert_int_equal(kits_replace(f->s, f->cat, f->bea, one, 1, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items[0]");
    struct custom_item *items = NULL;
    size_t n = 9;
    assert_int_equal(store_custom_list(f->s, f->bea, &items, &n, NULL), 0);
    assert_int_equal(n, 0);
    free(items);
    assert_int_equal(store_custom_delete(f->s, f->bea, anns, NULL), PACE_ENOTFOUND);
    /* Bea's own kit is hers alone; Ann's is untouched */
    set_kit(f, f->bea, NOW, (const char *[]){"fms-30"}, 1, 0, NULL);
    kit_string(f, f->bea, got, sizeof got);
    assert_string_equal(got, "fms-30");
    struct kit_view v;
    assert_int_equal(kits_load(f->s, f->cat, f->ann, &v, NULL), 0);
    assert_int_equal(v.n, 2);
    assert_string_equal(v.entries[0].id, "fms-18");
    assert_string_equal(v.entries[1].label, "Ann's own");
    assert_int_equal(v.ncustom, 1);
    kits_view_free(&v);
    assert_int_equal(kits_load(f->s, f->cat, f->bea, &v, NULL), 0);
    assert_int_equal(v.n, 1);
    assert_int_equal(v.ncustom, 0);
    kits_view_free(&v);
}

static bool file_has(const char *dir, const char *name, const char *needle)
{
    char *path = xasprintf("%s/%s", dir, name);
    struct buf b = {0};
    bool found = false;
    if (file_read_all(path, &b) && b.len > 0)
        found = memmem(b.data, b.len, needle, strlen(needle)) != NULL;
    buf_free(&b);
    free(path);
    return found;
}

static void her_own_items_name_is_sealed_at_rest(void **state)
{
    struct fixture *f = *state;
    add_custom(f, f->ann, "Zebrastripe-secret", 25);
    assert_false(file_has(f->dir, "pace.db", "Zebrastripe-secret"));
    assert_false(file_has(f->dir, "pace.db-wal", "Zebrastripe-secret"));
    if (testdb_pg())
        assert_int_equal(testdb_int(f->dir, "SELECT count(*) FROM custom_items WHERE "
                                            "position(convert_to('Zebrastripe', 'UTF8') IN "
                                            "label_enc) > 0"),
                         0);
    /* and still readable after a restart */
    store_close(f->s);
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), 0);
    struct custom_item *items = NULL;
    size_t n = 0;
    assert_int_equal(store_custom_list(f->s, f->ann, &items, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].label, "Zebrastripe-secret");
    free(items);
}

static void she_can_keep_up_to_100_own_items(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < CUSTOM_MAX_ITEMS; i++)
        add_custom(f, f->ann, "one", 10 + (i % 50));
    struct custom_item c = {.kind = KIND_DILATOR, .diameter_mm = 20, .material = MATERIAL_GLASS};
    snprintf(c.label, sizeof c.label, "one too many");
    struct pace_error err = {0};
    assert_int_equal(store_custom_insert(f->s, f->ann, &c, NOW, NULL, NULL, &err), PACE_EINVAL);
    assert_true(err.msg[0] != '\0');
    /* the limit is per person */
    assert_int_equal(store_custom_insert(f->s, f->bea, &c, NOW, NULL, NULL, &err), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(a_kit_survives_a_round_trip),
        T(her_own_item_survives_a_round_trip_and_joins_her_kit),
        T(one_item_of_her_kit_is_found_alone),
        T(a_failed_replacement_changes_nothing),
        T(nobody_sees_or_changes_another_persons_kit),
        T(her_own_items_name_is_sealed_at_rest),
        T(she_can_keep_up_to_100_own_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
