/* Pieces of text read and hashed as newsclean's Python code reads and hashes
 * them: the regex engine's character classes (\w and its letters and digits),
 * a code point as UTF-8 (str.encode), and XXH64 with seed 0
 * (xxhash.xxh64_intdigest), written out from its published specification;
 * tests check every length up to 100 bytes against the xxhash package.
 * Included by dedup/_signature.c and clean/_linekeys.c, whose tokens and keys
 * must be those of their Python twins. */
#ifndef NEWSCLEAN_TEXTHASH_H
#define NEWSCLEAN_TEXTHASH_H

#include <Python.h>
#include <stdint.h>
#include <string.h>

/* A letter or digit as the regex engine tells them (Py_UNICODE_ISALNUM); ASCII,
 * most of the characters of most texts, without its four table lookups. */
static inline int
text_isalnum(Py_UCS4 c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return Py_UNICODE_ISALNUM(c);
}

/* The regex engine's \w: a letter, a digit or "_". */
static inline int
text_isword(Py_UCS4 c)
{
    return c == '_' || text_isalnum(c);
}

/* A code point as UTF-8 into out (room for 4 bytes); its length. Not for
 * surrogates (str.encode refuses them; no caller hands one). */
static inline size_t
put_utf8(unsigned char *out, Py_UCS4 c)
{
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | (c >> 6));
        out[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (c >> 12));
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (c >> 18));
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

static const uint64_t XXH_P1 = 0x9E3779B185EBCA87ULL;
static const uint64_t XXH_P2 = 0xC2B2AE3D27D4EB4FULL;
static const uint64_t XXH_P3 = 0x165667B19E3779F9ULL;
static const uint64_t XXH_P4 = 0x85EBCA77C2B2AE63ULL;
static const uint64_t XXH_P5 = 0x27D4EB2F165667C5ULL;

static inline uint64_t
xxh_rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t
xxh_read64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline uint64_t
xxh_read32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static inline uint64_t
xxh_round(uint64_t acc, uint64_t input)
{
    acc += input * XXH_P2;
    acc = xxh_rotl(acc, 31);
    return acc * XXH_P1;
}

static inline uint64_t
xxh_merge(uint64_t acc, uint64_t val)
{
    acc ^= xxh_round(0, val);
    return acc * XXH_P1 + XXH_P4;
}

/* XXH64 of len bytes with seed 0. */
static uint64_t
xxh64(const unsigned char *p, size_t len)
{
    const unsigned char *end = p + len;
    uint64_t h;
    if (len >= 32) {
        uint64_t v1 = XXH_P1 + XXH_P2, v2 = XXH_P2, v3 = 0, v4 = (uint64_t)0 - XXH_P1;
        const unsigned char *limit = end - 32;
        do {
            v1 = xxh_round(v1, xxh_read64(p));
            v2 = xxh_round(v2, xxh_read64(p + 8));
            v3 = xxh_round(v3, xxh_read64(p + 16));
            v4 = xxh_round(v4, xxh_read64(p + 24));
            p += 32;
        } while (p <= limit);
        h = xxh_rotl(v1, 1) + xxh_rotl(v2, 7) + xxh_rotl(v3, 12) + xxh_rotl(v4, 18);
        h = xxh_merge(h, v1);
        h = xxh_merge(h, v2);
        h = xxh_merge(h, v3);
        h = xxh_merge(h, v4);
    } else {
        h = XXH_P5;
    }
    h += (uint64_t)len;
    while (p + 8 <= end) {
        h ^= xxh_round(0, xxh_read64(p));
        h = xxh_rotl(h, 27) * XXH_P1 + XXH_P4;
        p += 8;
    }
    if (p + 4 <= end) {
        h ^= xxh_read32(p) * XXH_P1;
        h = xxh_rotl(h, 23) * XXH_P2 + XXH_P3;
        p += 4;
    }
    while (p < end) {
        h ^= (uint64_t)(*p) * XXH_P5;
        h = xxh_rotl(h, 11) * XXH_P1;
        p++;
    }
    h ^= h >> 33;
    h *= XXH_P2;
    h ^= h >> 29;
    h *= XXH_P3;
    h ^= h >> 32;
    return h;
}

/* The hash as newsclean's keys are: xxh64 - 2**63, a signed 64-bit integer. */
static inline long long
xxh64_signed(uint64_t h)
{
    return (long long)(int64_t)(h ^ 0x8000000000000000ULL);
}

#endif
