/*
 * client.c - who the client is, as far as the network tells: the peer's
 * address or, behind a trusted proxy (--trust-proxy, --trusted-proxies),
 * the address that proxy saw, read from the right of X-Forwarded-For.
 * Only a keyed hash of it is kept (r->addr_key), for the throttle and the
 * log.
 */
#include "web/web.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* A parsed address, or a network when bits < the full length. */
struct web_net {
    int family; /* AF_INET or AF_INET6 */
    unsigned char a[16];
    int bits;
};

static bool parse_ip(const char *s, struct web_net *out)
{
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, s, out->a) == 1) {
        out->family = AF_INET;
        out->bits = 32;
        return true;
    }
    if (inet_pton(AF_INET6, s, out->a) == 1) {
        out->family = AF_INET6;
        out->bits = 128;
        return true;
    }
    return false;
}

/* "10.0.0.0/8", "::1", "fd00::/8". */
static bool parse_cidr(const char *s, struct web_net *out)
{
    char ip[64];
    size_t n = strcspn(s, "/");
    if (n == 0 || n >= sizeof ip)
        return false;
    memcpy(ip, s, n);
    ip[n] = '\0';
    if (!parse_ip(ip, out))
        return false;
    if (s[n] == '/') {
        char *end;
        long bits = strtol(s + n + 1, &end, 10);
        if (s[n + 1] == '\0' || *end != '\0' || bits < 0 || bits > out->bits)
            return false;
        out->bits = (int)bits;
    }
    return true;
}

static bool net_contains(const struct web_net *net, const struct web_net *ip)
{
    if (net->family != ip->family)
        return false;
    int full = net->bits / 8, rest = net->bits % 8;
    if (memcmp(net->a, ip->a, (size_t)full) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (net->a[full] & mask) == (ip->a[full] & mask);
}

#define WEB_MAX_PROXIES 32
static struct web_net proxies[WEB_MAX_PROXIES];
static size_t nproxies;

int web_trusted_proxies_set(const char *list, struct pace_error *err)
{
    nproxies = 0;
    if (list == NULL || *list == '\0')
        list = "127.0.0.0/8,::1";
    char item[80];
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        while (n > 0 && *p == ' ') {
            p++;
            n--;
        }
        size_t m = n;
        while (m > 0 && p[m - 1] == ' ')
            m--;
        if (m == 0 || m >= sizeof item || nproxies == WEB_MAX_PROXIES)
            return pace_fail(err, PACE_EINVAL, "trusted-proxies", "%s",
                             "the trusted proxies must be up to 32 addresses or networks "
                             "separated by commas, like 127.0.0.1,10.0.0.0/8");
        memcpy(item, p, m);
        item[m] = '\0';
        if (!parse_cidr(item, &proxies[nproxies]))
            return pace_fail(err, PACE_EINVAL, "trusted-proxies",
                             "'%s' in the trusted proxies is not an address or network "
                             "like 10.0.0.0/8",
                             item);
        nproxies++;
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

static bool is_trusted_proxy(const char *ip)
{
    struct web_net a;
    if (!parse_ip(ip, &a))
        return false;
    for (size_t i = 0; i < nproxies; i++)
        if (net_contains(&proxies[i], &a))
            return true;
    return false;
}

static void peer_ip(struct req *r, char ip[INET6_ADDRSTRLEN])
{
    snprintf(ip, INET6_ADDRSTRLEN, "unknown");
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip,
                      INET6_ADDRSTRLEN);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip,
                      INET6_ADDRSTRLEN);
    }
}

/* Every X-Forwarded-For header, joined with commas in the order sent. */
static enum MHD_Result add_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct buf *b = cls;
    (void)kind;
    if (strcasecmp(key, "X-Forwarded-For") == 0 && value && b->len < 4096) {
        if (b->len)
            buf_puts(b, ",");
        buf_puts(b, value);
    }
    return MHD_YES;
}

/* The address the trusted proxy saw: walking X-Forwarded-For from the
 * right, the first one that is not itself a trusted proxy. Whatever lies
 * to its left was written by the client and is never believed. */
static void forwarded_client(struct req *r, char ip[INET6_ADDRSTRLEN])
{
    struct buf b = {0};
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, add_forwarded, &b);
    if (b.len == 0) {
        buf_free(&b);
        return;
    }
    char *list = b.data;
    for (;;) {
        char *comma = strrchr(list, ',');
        char *item = comma ? comma + 1 : list;
        while (*item == ' ' || *item == '\t')
            item++;
        size_t n = strlen(item);
        while (n > 0 && (item[n - 1] == ' ' || item[n - 1] == '\t'))
            item[--n] = '\0';
        if (n > 0 && n < INET6_ADDRSTRLEN) {
            snprintf(ip, INET6_ADDRSTRLEN, "%s", item);
            if (!is_trusted_proxy(item))
                break;
        } else if (n > 0) {
            break; /* not an address: keep the last one believed */
        }
        if (comma == NULL)
            break;
        *comma = '\0';
    }
    buf_free(&b);
}

/* Whether the peer is a proxy whose forwarded headers are believed. */
bool web_from_trusted_proxy(struct req *r)
{
    if (!r->app->cfg.trust_proxy)
        return false;
    char ip[INET6_ADDRSTRLEN];
    peer_ip(r, ip);
    return is_trusted_proxy(ip);
}

void web_client_addr_key(struct req *r)
{
    char ip[INET6_ADDRSTRLEN];
    peer_ip(r, ip);
    if (web_from_trusted_proxy(r))
        forwarded_client(r, ip);
    char hex[2 * CRYPTO_HASH_BYTES + 1];
    crypto_keyed_hex(r->app->addr_key, ip, hex);
    snprintf(r->addr_key, sizeof r->addr_key, "addr:%s", hex);
}
