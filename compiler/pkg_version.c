/* pkg_version.c — pkg_version_valid (pkg.h): the semantic versions
 * `wpc build --pkg-version` accepts, by semver.org 2.0.0, as npm requires:
 * MAJOR.MINOR.PATCH without leading zeros, then optionally -PRE.RELEASE
 * (identifiers of [0-9A-Za-z-], numeric ones without leading zeros) and
 * +BUILD (identifiers of [0-9A-Za-z-]). */
#include <stdbool.h>

#include "pkg.h"

/* One dot-separated identifier of a pre-release or build part: [0-9A-Za-z-]+;
 * a numeric one of a pre-release has no leading zero.  Returns its end, or
 * NULL. */
static const char *semver_ident(const char *s, bool numeric_no_zero)
{
    const char *p = s;
    bool digits = true;
    for (; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-'; p++)
        if (*p < '0' || *p > '9') digits = false;
    if (p == s) return NULL;
    if (numeric_no_zero && digits && *s == '0' && p - s > 1) return NULL;
    return p;
}

static const char *semver_number(const char *s)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9') p++;
    if (p == s || (*s == '0' && p - s > 1)) return NULL;
    return p;
}

bool pkg_version_valid(const char *v)
{
    const char *p = v;
    for (int part = 0; part < 3; part++) {
        if (part && *p++ != '.') return false;
        if (!(p = semver_number(p))) return false;
    }
    for (char sep = '-'; sep; sep = sep == '-' ? '+' : 0) {
        if (*p != sep) continue;
        do {
            if (!(p = semver_ident(p + 1, sep == '-'))) return false;
        } while (*p == '.');
    }
    return *p == 0;
}
