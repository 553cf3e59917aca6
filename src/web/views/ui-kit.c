/*
 * ui-kit.c - the /kit page: her sizes as a picture and a table, a picker
 * of what she owns (by product line, by set: "I have the whole set"), and
 * a form to add her own item. Plain forms with checkboxes in fieldsets,
 * so it all works without JavaScript; every form carries the CSRF token.
 */
#include "app/kits.h"
#include "web/auth.h"
#include "web/once.h"
#include "web/routes.h"
#include "web/views/ui-kit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kit_state {
    const char *notice;
    const char *error;      /* about the kit as a whole */
    const char *own_field;  /* field at fault in "add your own item" */
    const char *own_error;
    const struct form *own; /* what she typed there, after a failed add */
    bool posted;            /* show the boxes as she ticked them (failed save) */
};

static bool ticked(struct req *r, const struct kit_state *st, const struct kit_view *v,
                   const char *id)
{
    if (st->posted) {
        for (size_t i = 0; i < form_count(&r->form, "item"); i++)
            if (strcmp(form_get_nth(&r->form, "item", i), id) == 0)
                return true;
        return false;
    }
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->entries[i].id, id) == 0)
            return true;
    return false;
}

static void chip(struct req *r, const char *id, const char *top, const char *under, bool on)
{
    html_printf(r,
                "<label class=\"kit-chip\"><input type=\"checkbox\" name=\"item\" value=\"%s\"%R>"
                "<span class=\"kit-chip-t\">%s</span><span class=\"kit-chip-s\">%s</span></label>",
                id, on ? " checked" : "", top, under);
}

/* "FMS: dilators" into out. */
static void group_legend(enum catalog_kind k, const char *line, char *out, size_t n)
{
    switch (k) {
    case KIND_STENT: snprintf(out, n, _("%s: stents"), line); break;
    case KIND_ADJUSTABLE: snprintf(out, n, _("%s: adjustable"), line); break;
    default: snprintf(out, n, _("%s: dilators"), line); break;
    }
}

static void set_buttons(struct req *r, const struct catalog_line *l)
{
    if (l->nsets == 0)
        return;
    bool illustrative = false;
    html_printf(r, "<div class=\"kit-sets\">");
    for (size_t i = 0; i < l->nsets; i++) {
        const struct catalog_set *s = &l->sets[i];
        double lo = s->items[0]->diameter_mm, hi = lo;
        for (size_t k = 0; k < s->nitems; k++) {
            lo = s->items[k]->diameter_mm < lo ? s->items[k]->diameter_mm : lo;
            hi = s->items[k]->diameter_max_mm > hi ? s->items[k]->diameter_max_mm : hi;
        }
        char range[48], sizes[64];
        ui_kit_diameter(lo, hi, false, range, sizeof range);
        snprintf(sizes, sizeof sizes, ngettext_("%zu size", "%zu sizes", (long)s->nitems),
                 s->nitems);
        html_printf(r,
                    "<button type=\"submit\" name=\"add_set\" value=\"%s\" "
                    "class=\"button secondary kit-set\">"
                    "<span>%s <strong>%s</strong></span><span class=\"kit-chip-s\">%s · %s</span>"
                    "</button>",
                    s->id, _("I have the whole set:"), _(s->label), range, sizes);
        illustrative = illustrative || s->illustrative;
    }
    if (illustrative)
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("These sets are examples: the maker does not publish what each set "
                      "contains. Tick single sizes if yours differs."));
    html_printf(r, "</div>");
}

static void line_picker(struct req *r, const struct kit_state *st, const struct kit_view *v,
                        const struct catalog_line *l)
{
    size_t have = 0;
    bool assumed = false;
    for (size_t i = 0; i < l->nitems; i++) {
        have += ticked(r, st, v, l->items[i].id);
        assumed = assumed || l->items[i].assumed;
    }
    char count[64] = "";
    if (have > 0)
        snprintf(count, sizeof count, ngettext_("%zu in your kit", "%zu in your kit", (long)have),
                 have);
    html_printf(r,
                "<details class=\"kit-line\"%R><summary><span class=\"kit-line-name\">%s</span>"
                "<span class=\"kit-line-count\">%s</span></summary><div class=\"kit-line-body\">",
                have > 0 ? " open" : "", l->name, count);
    set_buttons(r, l);
    if (assumed)
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("Sizes marked ≈ are assumptions: the maker does not publish them."));
    for (int k = 0; k < KIND_COUNT; k++) {
        bool any = false;
        for (size_t i = 0; i < l->nitems && !any; i++)
            any = (int)l->items[i].kind == k;
        if (!any)
            continue;
        char legend[96];
        group_legend((enum catalog_kind)k, l->name, legend, sizeof legend);
        /* longer names ("Stent S") get wider chips, so words are not split */
        size_t longest = 0;
        for (size_t i = 0; i < l->nitems; i++)
            if ((int)l->items[i].kind == k && str_utf8_len(l->items[i].label) > longest)
                longest = str_utf8_len(l->items[i].label);
        html_printf(r,
                    "<fieldset class=\"kit-group\"><legend>%s</legend>"
                    "<div class=\"kit-chip-grid%R\">",
                    legend, longest > 4 ? " wide" : "");
        for (size_t i = 0; i < l->nitems; i++) {
            const struct catalog_item *it = &l->items[i];
            if ((int)it->kind != k)
                continue;
            char dia[48];
            ui_kit_diameter(it->diameter_mm, it->diameter_max_mm, it->assumed, dia, sizeof dia);
            chip(r, it->id, it->label, dia, ticked(r, st, v, it->id));
        }
        html_printf(r, "</div></fieldset>");
    }
    html_printf(r, "</div></details>");
}

static void own_picker(struct req *r, const struct kit_state *st, const struct kit_view *v)
{
    if (v->ncustom == 0)
        return;
    html_printf(r, "<fieldset class=\"kit-group kit-own\"><legend>%s</legend><ul class=\"rows\">",
                _("Your own items"));
    for (size_t i = 0; i < v->ncustom; i++) {
        const struct custom_item *c = &v->customs[i];
        struct kit_id id;
        custom_item_id(c->id, &id);
        char dia[48];
        ui_kit_diameter(c->diameter_mm, c->diameter_mm, false, dia, sizeof dia);
        bool on = st->posted ? ticked(r, st, v, id.s) : c->in_kit;
        html_printf(r, "<li>");
        chip(r, id.s, c->label, dia, on);
        html_printf(r,
                    "<button type=\"submit\" formaction=\"/kit/custom/%lld/delete\" "
                    "class=\"button secondary small\" aria-label=\"%s %s\">%s</button></li>",
                    (long long)c->id, _("Delete"), c->label, _("Delete"));
    }
    html_printf(r, "</ul></fieldset>");
}

/* A text field for a decimal number, with the phone's number keypad. */
static void number_field(struct req *r, const struct kit_state *st, const char *name,
                         const char *label, const char *hint, bool required)
{
    bool bad = st->own_field && strcmp(st->own_field, name) == 0;
    const char *value = st->own ? form_get(st->own, name) : NULL;
    html_printf(r, "<div class=\"field%R\"><label for=\"f-%s\">%s</label>", bad ? " bad" : "",
                name, label);
    html_printf(r, "<p class=\"hint\" id=\"h-%s\">%s</p>", name, hint);
    html_printf(r,
                "<input id=\"f-%s\" name=\"%s\" type=\"text\" inputmode=\"decimal\" "
                "autocomplete=\"off\" maxlength=\"8\" value=\"%s\" aria-describedby=\"h-%s%R\"%R%R>",
                name, name, value ? value : "", name, bad ? " e-own" : "",
                bad ? " aria-invalid=\"true\"" : "", required ? " required" : "");
    if (bad)
        html_printf(r, "<p class=\"field-error\" id=\"e-own\"><span>%s</span></p>",
                    st->own_error);
    html_printf(r, "</div>");
}

static void select_field(struct req *r, const struct kit_state *st, const char *name,
                         const char *label, const char *const *values, const char *const *words,
                         size_t n)
{
    bool bad = st->own_field && strcmp(st->own_field, name) == 0;
    const char *cur = st->own ? form_get(st->own, name) : NULL;
    html_printf(r, "<div class=\"field%R\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" "
                   "name=\"%s\"%R>",
                bad ? " bad" : "", name, label, name, name,
                bad ? " aria-invalid=\"true\" aria-describedby=\"e-own\"" : "");
    for (size_t i = 0; i < n; i++)
        html_printf(r, "<option value=\"%s\"%R>%s</option>", values[i],
                    cur && strcmp(cur, values[i]) == 0 ? " selected" : "", _(words[i]));
    html_printf(r, "</select>");
    if (bad)
        html_printf(r, "<p class=\"field-error\" id=\"e-own\"><span>%s</span></p>",
                    st->own_error);
    html_printf(r, "</div>");
}

static void own_form(struct req *r, const struct kit_state *st)
{
    static const char *const materials[] = {"silicone", "borosilicate-glass", "glass", "plastic",
                                            "unknown"};
    static const char *const material_words[] = {N_("Silicone"), N_("Borosilicate glass"),
                                                 N_("Glass, another kind"),
                                                 N_("Plastic"), N_("I don't know")};
    static const char *const kinds[] = {"dilator", "stent"};
    static const char *const kind_words[] = {N_("Dilator"), N_("Stent")};
    html_printf(r,
                "<section class=\"card kit-add\" id=\"own\" aria-labelledby=\"own-h\">"
                "<h2 id=\"own-h\">"
                "%s</h2><p>%s</p>",
                _("Add your own item"),
                _("For a dilator that is not in the lists above. Only you can see it."));
    html_printf(r, "<form method=\"post\" action=\"/kit/custom\" novalidate>");
    html_csrf(r);
    html_once(r);
    const char *label = st->own ? form_get(st->own, "label") : NULL;
    bool bad = st->own_field && strcmp(st->own_field, "label") == 0;
    html_input(r, "label", "text", _("Name"), label, "off",
               _("Anything that helps you recognise it, such as \"blue, middle\"."),
               bad ? st->own_error : NULL, true);
    number_field(r, st, "diameter_mm", _("Diameter in millimetres"),
                 _("Measured across the widest part, for example 22."), true);
    number_field(r, st, "length_mm", _("Length in millimetres (if you know it)"),
                 _("The part that goes in. You can leave it empty."), false);
    select_field(r, st, "material", _("Material"), materials, material_words,
                 sizeof materials / sizeof materials[0]);
    select_field(r, st, "kind", _("Kind"), kinds, kind_words, sizeof kinds / sizeof kinds[0]);
    html_printf(r, "<button type=\"submit\" class=\"button secondary\">%s</button></form>"
                   "</section>",
                _("Add to my kit"));
}

void ui_kit_lines(struct req *r, const struct kit_view *v, bool posted)
{
    struct kit_state st = {.posted = posted};
    const struct catalog *c = r->app->catalog;
    for (size_t i = 0; c && i < c->nlines; i++)
        line_picker(r, &st, v, c->lines[i]);
    own_picker(r, &st, v);
}

static void sizes_card(struct req *r, const struct kit_view *v)
{
    html_printf(r, "<section class=\"card kit-sizes\" aria-labelledby=\"sizes-h\">"
                   "<h2 id=\"sizes-h\">%s</h2>",
                _("Your sizes"));
    if (v->n == 0) {
        html_printf(r, "<p>%s</p></section>",
                    _("Nothing here yet. Tick below what you have, or add your own item. You "
                      "can change it any time."));
        return;
    }
    /* Only the goals she chose are drawn beside her sizes. */
    struct plan_goal *goals = NULL;
    size_t ngoals = 0;
    struct pace_error err = {0};
    if (app_goals_get(&r->app->ctx, &r->who, r->user.id, &goals, &ngoals, &err) != 0) {
        fprintf(stderr, "pace: /kit goals: %s\n", err.msg);
        ngoals = 0;
    }
    ui_kit_picture(r, v->entries, v->n, goals, ngoals);
    free(goals);
    bool glass = false;
    for (size_t i = 0; i < v->n; i++)
        glass = glass || v->entries[i].is_glass;
    if (glass)
        html_printf(r, "<p class=\"kit-glass\">%s</p>",
                    _("Glass: before each use, look it over for chips and scratches. Please do "
                      "not use one that is scratched."));
    html_printf(r, "</section>");
}

static void render(struct req *r, const struct kit_state *st)
{
    struct kit_view v;
    struct pace_error err = {0};
    int rc = app_kit_get(&r->app->ctx, &r->who, r->user.id, &v, &err);
    if (rc != 0) {
        kits_view_free(&v);
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("My kit"));
    html_printf(r, "<h1>%s</h1><p class=\"lead kit-lead\">%s</p>", _("My kit"),
                _("Mark what you have. Pace shows your sizes side by side and uses them when "
                  "you practise."));
    html_notice(r, st->notice);
    html_alert(r, st->error);
    sizes_card(r, &v);
    html_printf(r, "<form method=\"post\" action=\"/kit\" class=\"kit-form\" "
                   "aria-labelledby=\"have-h\"><h2 id=\"have-h\">%s</h2><p class=\"hint\">%s</p>",
                _("What you have"), _("Open a product line and tick the sizes you own."));
    html_csrf(r);
    ui_kit_lines(r, &v, st->posted);
    html_printf(r, "<div class=\"kit-save\"><button type=\"submit\" class=\"button wide\">%s"
                   "</button></div></form>",
                _("Save my kit"));
    own_form(r, st);
    page_end(r);
    kits_view_free(&v);
}

static const struct {
    const char *key;
    const char *msg;
} notices[] = {
    {"saved", N_("Your kit is saved.")},
    {"set", N_("The whole set is in your kit now.")},
    {"added", N_("Your item is in your kit now.")},
    {"deleted", N_("Your item is deleted.")},
};

void view_kit(struct req *r)
{
    struct kit_state st = {0};
    const char *done = form_get(&r->query, "done");
    for (size_t i = 0; done && i < sizeof notices / sizeof notices[0]; i++)
        if (strcmp(done, notices[i].key) == 0)
            st.notice = _(notices[i].msg);
    render(r, &st);
}

/* Adds the ids of set to ids (skipping those already there). */
static bool add_set(const struct catalog *c, const char *set_id, struct kit_id *ids, size_t *n,
                    size_t cap)
{
    for (size_t i = 0; c && i < c->nlines; i++) {
        const struct catalog_set *s = catalog_set_find(c->lines[i], set_id);
        if (s == NULL)
            continue;
        for (size_t k = 0; k < s->nitems; k++) {
            bool have = false;
            for (size_t j = 0; j < *n && !have; j++)
                have = strcmp(ids[j].s, s->items[k]->id) == 0;
            if (!have && *n < cap)
                snprintf(ids[(*n)++].s, sizeof ids[0].s, "%s", s->items[k]->id);
        }
        return true;
    }
    return false;
}

int ui_kit_ids_from_form(struct req *r, struct kit_id **out, size_t *nout, struct pace_error *err)
{
    size_t ticked_n = form_count(&r->form, "item"), n = 0;
    size_t cap = ticked_n + KIT_MAX_ITEMS + 1;
    struct kit_id *ids = xcalloc(cap, sizeof *ids);
    int rc = 0;
    for (size_t i = 0; i < ticked_n && rc == 0; i++) {
        const char *id = form_get_nth(&r->form, "item", i);
        if (strlen(id) >= sizeof ids[0].s)
            rc = pace_fail(err, PACE_EINVAL, "items", "%s",
                           _("Something in this form is not an item we know. Please reload "
                             "the page and try again."));
        else
            snprintf(ids[n++].s, sizeof ids[0].s, "%s", id);
    }
    const char *set = form_get(&r->form, "add_set");
    if (rc == 0 && set && !add_set(r->app->catalog, set, ids, &n, cap))
        rc = pace_fail(err, PACE_EINVAL, "add_set", "%s",
                       _("There is no such set. Please reload the page and try again."));
    if (rc != 0) {
        free(ids);
        ids = NULL;
        n = 0;
    }
    *out = ids;
    *nout = n;
    return rc;
}

void view_kit_post(struct req *r)
{
    struct kit_state st = {.posted = true};
    struct pace_error err = {0};
    struct kit_id *ids = NULL;
    size_t n = 0;
    int rc = ui_kit_ids_from_form(r, &ids, &n, &err);
    if (rc == 0)
        rc = app_kit_replace(&r->app->ctx, &r->who, r->user.id, ids, n, r->now, &err);
    free(ids);
    if (rc != 0) {
        r->status = status_for(rc);
        st.error = err.msg;
        render(r, &st);
        return;
    }
    resp_redirect(r, form_get(&r->form, "add_set") ? "/kit?done=set" : "/kit?done=saved");
}

void view_kit_custom_post(struct req *r)
{
    struct kit_state st = {.own = &r->form};
    struct pace_error err = {0};
    struct custom_item item;
    int rc = custom_item_from_text(form_get(&r->form, "label"), form_get(&r->form, "kind"),
                                   form_get(&r->form, "diameter_mm"),
                                   form_get(&r->form, "length_mm"),
                                   form_get(&r->form, "material"), &item, &err);
    struct store_once once;
    bool has_once = once_from_form(r, &once);
    if (rc == 0)
        rc = app_custom_add(&r->app->ctx, &r->who, r->user.id, &item, has_once ? &once : NULL,
                            r->now, &err);
    if (rc != 0) {
        r->status = status_for(rc);
        if (*err.field) {
            st.own_field = err.field;
            st.own_error = err.msg;
        } else {
            st.error = err.msg;
        }
        render(r, &st);
        return;
    }
    resp_redirect(r, "/kit?done=added");
}

void view_kit_custom_delete_post(struct req *r)
{
    char *end;
    long long id = strtoll(r->params[0], &end, 10);
    struct pace_error err = {0};
    int rc = *end != '\0' || id <= 0
                 ? PACE_ENOTFOUND
                 : app_custom_delete(&r->app->ctx, &r->who, r->user.id, (int64_t)id, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/kit?done=deleted");
}
