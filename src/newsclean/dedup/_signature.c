/* A document's dedup features in one pass (newsclean.dedup.minhash).
 *
 * The numpy path tokenises with a regex, hashes each token through a Python
 * call, combines the shingles and takes 128 minima over a rows x shingles
 * matrix: 1.6 ms for a 16 kB page text, a sixth of what `run` spends on a
 * document of a text corpus. Here the same tokens, hashes and minima come from
 * one walk over the case-folded text (UTF-8 and XXH64: ../_texthash.h), so signatures,
 * exact keys and prefix keys are those of the numpy twin to the bit
 * (tests/test_dedup_signature.py).
 *
 * Tokens are what minhash._TOKEN finds: one token per character of the ranges
 * of scripts written without spaces (NOSPACE, whatever the character's class),
 * else a run of word characters (the regex engine's \w: text_isword) outside
 * those ranges. */
#include "../_buffers.h"
#include "../_texthash.h"
#include <stdint.h>
#include <stdlib.h>

/* The shingle combination of minhash.shingle_hashes. */
static const uint64_t SHINGLE_MULT = 0x9E3779B97F4A7C15ULL;

/* minhash._NOSPACE: Thai, Lao, Myanmar, Khmer, kana, CJK ideographs. */
static inline int
nospace(Py_UCS4 c)
{
    return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) ||
           (c >= 0x1780 && c <= 0x17FF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF);
}

/* What one text's walk builds: the tokens joined by spaces (UTF-8), each
 * token's hash (then, in place, the shingles' hashes), the keys. */
struct work {
    unsigned char *joined;
    size_t len, cap;
    uint64_t *hashes;
    size_t ntok, cap_tokens;
    size_t distinct;
    uint64_t exact, prefix;
};

/* Room for ``more`` bytes in joined and one more token; 0 out of memory. */
static int
grow_slow(struct work *w, size_t more)
{
    if (w->len + more > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->len + more)
            cap *= 2;
        unsigned char *p = realloc(w->joined, cap);
        if (p == NULL)
            return 0;
        w->joined = p;
        w->cap = cap;
    }
    if (w->ntok + 1 > w->cap_tokens) {
        size_t cap = w->cap_tokens ? w->cap_tokens * 2 : 64;
        uint64_t *p = realloc(w->hashes, cap * sizeof(uint64_t));
        if (p == NULL)
            return 0;
        w->hashes = p;
        w->cap_tokens = cap;
    }
    return 1;
}

static inline int
grow(struct work *w, size_t more)
{
    return (w->len + more <= w->cap && w->ntok + 1 <= w->cap_tokens) || grow_slow(w, more);
}

/* Tokenise, join and hash the tokens of a text of one storage kind (``T``:
 * Py_UCS1, Py_UCS2 or Py_UCS4): a loop a kind, no kind test a character. */
#define DEFINE_WALK(NAME, T)                                                       \
    static int NAME(struct work *w, const T *text, size_t n, size_t prefix_tokens, \
                    size_t *prefix_len)                                            \
    {                                                                              \
        size_t i = 0;                                                              \
        while (i < n) {                                                            \
            Py_UCS4 c = text[i];                                                   \
            /* a character of those scripts is a token whatever its class (a       \
             * Thai vowel mark, the katakana middle dot): the regex's first        \
             * branch */                                                           \
            int single = nospace(c);                                               \
            if (!single && !text_isword(c)) {                                      \
                i++;                                                               \
                continue;                                                          \
            }                                                                      \
            if (!grow(w, 5))                                                       \
                return 0;                                                          \
            if (w->ntok)                                                           \
                w->joined[w->len++] = ' ';                                         \
            size_t start = w->len;                                                 \
            if (single) {                                                          \
                w->len += put_utf8(w->joined + w->len, c);                         \
                i++;                                                               \
            } else {                                                               \
                while (i < n) {                                                    \
                    c = text[i];                                                   \
                    if (!text_isword(c) || nospace(c))                             \
                        break;                                                     \
                    if (!grow(w, 4))                                               \
                        return 0;                                                  \
                    w->len += put_utf8(w->joined + w->len, c);                     \
                    i++;                                                           \
                }                                                                  \
            }                                                                      \
            w->hashes[w->ntok++] = xxh64(w->joined + start, w->len - start);       \
            if (w->ntok <= prefix_tokens)                                          \
                *prefix_len = w->len;                                              \
        }                                                                          \
        return 1;                                                                  \
    }

DEFINE_WALK(walk_ucs1, Py_UCS1)
DEFINE_WALK(walk_ucs2, Py_UCS2)
DEFINE_WALK(walk_ucs4, Py_UCS4)

/* The tokens' hashes and the keys of all and of the first ``prefix_tokens``
 * tokens. 0 out of memory (needs no Python: runs without the GIL). */
static int
walk(struct work *w, int kind, const void *data, size_t n, size_t prefix_tokens)
{
    size_t prefix_len = 0;
    int ok = kind == PyUnicode_1BYTE_KIND   ? walk_ucs1(w, data, n, prefix_tokens, &prefix_len)
             : kind == PyUnicode_2BYTE_KIND ? walk_ucs2(w, data, n, prefix_tokens, &prefix_len)
                                            : walk_ucs4(w, data, n, prefix_tokens, &prefix_len);
    if (!ok)
        return 0;
    /* no token: the hashes of the empty string (no pointer arithmetic on NULL) */
    static const unsigned char empty[1] = {0};
    const unsigned char *joined = w->joined ? w->joined : empty;
    w->exact = xxh64(joined, w->len);
    w->prefix = xxh64(joined, prefix_len);
    return 1;
}

/* The signature over 32-bit shingle hashes: (a * x + b) mod 2**64 >> 32 is
 * computed in 32-bit halves, (a_hi * x + b_hi + ((a_lo * x + b_lo) >> 32))
 * mod 2**32, whose multiplies vector units have (a 64-bit multiply they have
 * only with AVX-512); with GCC on glibc, compiled twice, for AVX2 and for any
 * x86-64, the loader picking the one the processor runs (an ifunc; other
 * toolchains and C libraries get the one build). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__) && \
    (defined(__x86_64__) || defined(__i386__))
__attribute__((target_clones("avx2", "default")))
#endif
static void
minima(const uint32_t *x, size_t nsh, const uint64_t *a, const uint64_t *b, size_t perms,
       uint32_t *sig)
{
    for (size_t p = 0; p < perms; p++) {
        uint32_t alo = (uint32_t)a[p], ahi = (uint32_t)(a[p] >> 32);
        uint32_t blo = (uint32_t)b[p], bhi = (uint32_t)(b[p] >> 32);
        uint32_t m = 0xFFFFFFFFu;
        for (size_t s = 0; s < nsh; s++) {
            uint64_t low = (uint64_t)alo * x[s] + blo;
            uint32_t v = ahi * x[s] + bhi + (uint32_t)(low >> 32);
            m = v < m ? v : m;
        }
        sig[p] = m;
    }
}

/* Sort 32-bit values (four passes of a byte; ``tmp`` as long as ``x``). */
static void
radix_sort(uint32_t *x, uint32_t *tmp, size_t n)
{
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((x[i] >> shift) & 0xFF) + 1]++;
        for (int d = 0; d < 256; d++)
            count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++)
            tmp[count[(x[i] >> shift) & 0xFF]++] = x[i];
        uint32_t *t = x;
        x = tmp;
        tmp = t;
    }
    /* four passes: the sorted values are back in the first array */
}

/* The shingles' 32-bit hashes, the signature, and how many distinct shingles
 * there are. 0 out of memory. */
static int
sign(struct work *w, size_t shingle, const uint64_t *a, const uint64_t *b, size_t perms,
     uint32_t *sig)
{
    const uint64_t *h = w->hashes;
    size_t k = w->ntok < shingle ? w->ntok : shingle;
    size_t nsh = w->ntok ? w->ntok - k + 1 : 0;
    uint32_t *x = malloc((nsh ? nsh : 1) * 2 * sizeof(uint32_t));
    if (x == NULL)
        return 0;
    for (size_t s = 0; s < nsh; s++) {
        uint64_t v = 0;
        for (size_t j = 0; j < k; j++)
            v = v * SHINGLE_MULT + h[s + j];
        x[s] = (uint32_t)((v >> 32) ^ (v & 0xFFFFFFFFULL));
    }
    minima(x, nsh, a, b, perms, sig);
    radix_sort(x, x + nsh, nsh);
    w->distinct = 0;
    for (size_t s = 0; s < nsh; s++)
        w->distinct += s == 0 || x[s] != x[s - 1];
    free(x);
    return 1;
}

PyDoc_STRVAR(features_doc,
"features(folded, shingle, prefix_tokens, a, b, /)\n"
"    -> (signature, n_tokens, n_shingles, exact_key, prefix_key)\n\n"
"The dedup features of a case-folded text: its tokens (minhash.tokens),\n"
"the XXH64 of each token's UTF-8, the distinct shingle hashes of\n"
"minhash.shingle_hashes (shingle tokens, all of them when fewer), the\n"
"signature min((a * x + b) >> 32) over them (a, b: uint64 arrays of one\n"
"value a permutation; little-endian uint32 bytes, 0xFFFFFFFF where there is\n"
"no shingle), and the XXH64 keys of the tokens joined by spaces, all of them\n"
"and the first prefix_tokens, minus 2**63.");

static PyObject *
features(PyObject *self, PyObject *args)
{
    PyObject *text, *objs[2];
    Py_ssize_t shingle, prefix_tokens;
    if (!PyArg_ParseTuple(args, "UnnOO", &text, &shingle, &prefix_tokens, &objs[0], &objs[1]))
        return NULL;
    if (shingle < 1 || prefix_tokens < 0) {
        PyErr_SetString(PyExc_ValueError, "shingle must be >= 1 and prefix_tokens >= 0");
        return NULL;
    }
    static const char *kinds[2] = {"LQ", "LQ"};
    static const char *names[2] = {"a", "b"};
    Py_buffer views[2];
    if (take_buffers(objs, views, 2, kinds, NULL, 8, 2, names) < 0)
        return NULL;
    Py_ssize_t perms = views[0].len / 8;
    if (views[1].len / 8 != perms) {
        PyErr_SetString(PyExc_ValueError, "a and b differ in length");
        return release_buffers(views, 2, NULL);
    }
    const uint64_t *a = views[0].buf, *b = views[1].buf;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    size_t n = (size_t)PyUnicode_GET_LENGTH(text);
    struct work w = {0};
    uint32_t *sig = malloc((size_t)(perms ? perms : 1) * sizeof(uint32_t));
    PyObject *result = NULL;
    int ok = sig != NULL;
    if (ok) {
        Py_BEGIN_ALLOW_THREADS
        ok = walk(&w, kind, data, n, (size_t)prefix_tokens) &&
             sign(&w, (size_t)shingle, a, b, (size_t)perms, sig);
        Py_END_ALLOW_THREADS
    }
    if (!ok) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject *sig_bytes = PyBytes_FromStringAndSize(NULL, perms * 4);
    if (sig_bytes == NULL)
        goto done;
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(sig_bytes);
    for (Py_ssize_t p = 0; p < perms; p++) {
        uint32_t v = sig[p];
        out[4 * p] = (unsigned char)v;
        out[4 * p + 1] = (unsigned char)(v >> 8);
        out[4 * p + 2] = (unsigned char)(v >> 16);
        out[4 * p + 3] = (unsigned char)(v >> 24);
    }
    result = Py_BuildValue("(NnnLL)", sig_bytes, (Py_ssize_t)w.ntok, (Py_ssize_t)w.distinct,
                           xxh64_signed(w.exact), xxh64_signed(w.prefix));
done:
    free(w.joined);
    free(w.hashes);
    free(sig);
    return release_buffers(views, 2, result);
}

PyDoc_STRVAR(xxh64_doc,
"xxh64(data, /) -> int\n\n"
"XXH64 of a bytes-like object with seed 0 (the hash features() uses).");

static PyObject *
py_xxh64(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    if (!PyArg_ParseTuple(args, "y*", &buf))
        return NULL;
    uint64_t h = xxh64(buf.buf, (size_t)buf.len);
    PyBuffer_Release(&buf);
    return PyLong_FromUnsignedLongLong(h);
}

static PyMethodDef methods[] = {
    {"features", features, METH_VARARGS, features_doc},
    {"xxh64", py_xxh64, METH_VARARGS, xxh64_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_signature",
    .m_doc = "Compiled dedup features of a text (see newsclean.dedup.minhash).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__signature(void)
{
    return PyModule_Create(&module);
}
