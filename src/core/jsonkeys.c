/* jsonkeys.c - see jsonkeys.h. */
#include "core/jsonkeys.h"

#include "core/i18n.h"

#include <stdbool.h>
#include <string.h>

int json_only_keys(const json_t *j, const char *const *keys, size_t n, struct pace_error *err)
{
    if (!json_is_object(j))
        return pace_fail(err, PACE_EINVAL, NULL, "%s", _("The body must be a JSON object."));
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v)
    {
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(k, keys[i]) == 0;
        if (!known)
            return pace_fail(err, PACE_EINVAL, k, _("\"%.60s\" is not a field here."), k);
    }
    return 0;
}
