/* Every occurrence of a set of literal keys in a text, in one pass
 * (newsclean.literals): the Aho-Corasick scan of the phrase tables' literals and
 * the section stems over a whole page's lines.
 *
 * pyahocorasick did this at about 50 ns a character with the phrase tables'
 * 3,500 keys, and handed every hit over as a Python tuple: a tenth of the CPU
 * time of cleaning a page went to finding literals. Here the automaton is a few
 * flat int32 arrays built in Python (literals.py): on an ASCII character the
 * next state of each of the shallowest states (where a scan spends nearly all
 * its steps) is one load from a table over the keys' ASCII characters (failure
 * links resolved in advance); on any other character, or from a deeper state,
 * the state's moves are searched (the root's in a dense table for the first
 * code points) and its failure links followed. Each state lists the keys it completes (its
 * failure chain's included). Hits come back as int64 (end, key) pairs in one
 * bytes object.
 *
 * Every index read is checked, and a failure link must point to a lower state
 * (states are numbered breadth first, so it always does): damaged arrays raise
 * ValueError, never read out of bounds and never loop. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* The packed automaton: a header of HEADER int32 values, then the arrays. */
enum { H_STATES, H_EDGES, H_OUTS, H_DENSE, H_CLASSES, H_TABLED, HEADER };

typedef struct {
    int32_t states, edges, outs, dense, classes, tabled;
    const int32_t *ascii_class; /* 128: the class of an ASCII character (0: in no key) */
    const int32_t *dfa;         /* tabled x classes: the state after an ASCII character */
    const int32_t *root;       /* dense: the root's move on code point c < dense (0: none) */
    const int32_t *edge_start; /* states + 1: state s's moves are edges [start[s], start[s + 1]) */
    const int32_t *edge_char;  /* edges: ascending within a state */
    const int32_t *edge_to;    /* edges */
    const int32_t *fail;       /* states */
    const int32_t *out_start;  /* states + 1 */
    const int32_t *out_key;    /* outs */
} Automaton;

static int
automaton_view(const char *buf, Py_ssize_t size, Automaton *a)
{
    if (size < (Py_ssize_t)(HEADER * sizeof(int32_t)) || size % sizeof(int32_t))
        return -1;
    const int32_t *h = (const int32_t *)buf;
    a->states = h[H_STATES];
    a->edges = h[H_EDGES];
    a->outs = h[H_OUTS];
    a->dense = h[H_DENSE];
    a->classes = h[H_CLASSES];
    a->tabled = h[H_TABLED];
    if (a->states < 1 || a->edges < 0 || a->outs < 0 || a->dense < 0 || a->classes < 1 ||
        a->tabled < 0 || a->tabled > a->states)
        return -1;
    /* int64: no overflow whatever the header says */
    int64_t words = (int64_t)HEADER + 128 + (int64_t)a->tabled * a->classes + a->dense +
                    2 * ((int64_t)a->states + 1) + 2 * (int64_t)a->edges + a->states + a->outs;
    if (words * (int64_t)sizeof(int32_t) != (int64_t)size)
        return -1;
    const int32_t *p = h + HEADER;
    a->ascii_class = p;
    p += 128;
    a->dfa = p;
    p += (int64_t)a->tabled * a->classes;
    a->root = p;
    p += a->dense;
    a->edge_start = p;
    p += a->states + 1;
    a->edge_char = p;
    p += a->edges;
    a->edge_to = p;
    p += a->edges;
    a->fail = p;
    p += a->states;
    a->out_start = p;
    p += a->states + 1;
    a->out_key = p;
    return 0;
}

/* state's move on c, -1 when it has none; *bad set on an index out of range */
static inline int32_t
move(const Automaton *a, int32_t state, int32_t c, int *bad)
{
    int32_t lo = a->edge_start[state], hi = a->edge_start[state + 1];
    if (lo < 0 || hi > a->edges || lo > hi) {
        *bad = 1;
        return -1;
    }
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        int32_t ch = a->edge_char[mid];
        if (ch == c) {
            int32_t to = a->edge_to[mid];
            if (to <= 0 || to >= a->states) {
                *bad = 1;
                return -1;
            }
            return to;
        }
        if (ch < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The state after reading c in state: its move, else its failure link's, down
 * to the root (whose missing moves lead to itself). */
static inline int32_t
step(const Automaton *a, int32_t state, int32_t c, int *bad)
{
    for (;;) {
        if (state == 0) {
            int32_t to = c < a->dense ? a->root[c] : move(a, 0, c, bad);
            if (to >= a->states) {
                *bad = 1;
                return 0;
            }
            return to < 0 ? 0 : to;
        }
        int32_t to = move(a, state, c, bad);
        if (to >= 0 || *bad)
            return to < 0 ? 0 : to;
        int32_t back = a->fail[state];
        if (back < 0 || back >= state) {
            *bad = 1;
            return 0;
        }
        state = back;
    }
}

typedef struct {
    int64_t *pairs;
    Py_ssize_t used, room; /* in pairs */
} Hits;

static int
hits_add(Hits *h, int64_t end, int64_t key)
{
    if (h->used == h->room) {
        Py_ssize_t room = h->room ? 2 * h->room : 256;
        int64_t *grown = PyMem_RawRealloc(h->pairs, (size_t)room * 2 * sizeof(int64_t));
        if (grown == NULL)
            return -1;
        h->pairs = grown;
        h->room = room;
    }
    h->pairs[2 * h->used] = end;
    h->pairs[2 * h->used + 1] = key;
    h->used++;
    return 0;
}

/* The scan of n characters of one width; returns whether an index was out of
 * range (*nomem when the hits could not grow). */
#define SCAN_CHARS(NAME, CHAR)                                                          \
    static int NAME(const Automaton *a, const CHAR *chars, Py_ssize_t n, Hits *hits,  \
                    int *nomem)                                                         \
    {                                                                                   \
        int bad = 0;                                                                    \
        int32_t state = 0;                                                              \
        for (Py_ssize_t i = 0; i < n; i++) {                                            \
            int32_t c = (int32_t)chars[i];                                              \
            if (c < 128 && state < a->tabled) {                                         \
                int32_t k = a->ascii_class[c];                                          \
                if (k < 0 || k >= a->classes)                                           \
                    return 1;                                                           \
                state = a->dfa[(int64_t)state * a->classes + k];                        \
                if (state < 0 || state >= a->states)                                    \
                    return 1;                                                           \
            } else {                                                                    \
                state = step(a, state, c, &bad);                                        \
                if (bad)                                                                \
                    return 1;                                                           \
            }                                                                           \
            int32_t o = a->out_start[state], end = a->out_start[state + 1];             \
            if (o == end)                                                               \
                continue;                                                               \
            if (o < 0 || end > a->outs || o > end)                                      \
                return 1;                                                               \
            for (; o < end; o++) {                                                      \
                if (hits_add(hits, i, a->out_key[o]) < 0) {                             \
                    *nomem = 1;                                                         \
                    return 0;                                                           \
                }                                                                       \
            }                                                                           \
        }                                                                               \
        return 0;                                                                       \
    }

SCAN_CHARS(scan_ucs1, Py_UCS1)
SCAN_CHARS(scan_ucs2, Py_UCS2)
SCAN_CHARS(scan_ucs4, Py_UCS4)

PyDoc_STRVAR(scan_doc,
"scan(packed, text) -> bytes\n\n"
"Every occurrence of every key of the packed automaton (literals.py) in text,\n"
"overlapping ones included, as int64 pairs (index of the occurrence's last\n"
"character, key id), in the order of their ends.");

static PyObject *
scan(PyObject *self, PyObject *args)
{
    PyObject *packed, *text;
    if (!PyArg_ParseTuple(args, "SU", &packed, &text))
        return NULL;
    Automaton a;
    if (automaton_view(PyBytes_AS_STRING(packed), PyBytes_GET_SIZE(packed), &a) < 0) {
        PyErr_SetString(PyExc_ValueError, "damaged literal automaton");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    /* a string made by an old C API may not have its characters laid out yet */
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Hits hits = {NULL, 0, 0};
    int bad = 0, nomem = 0;
    Py_BEGIN_ALLOW_THREADS
    /* one loop per string kind: the character read is a plain load */
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        bad = scan_ucs1(&a, (const Py_UCS1 *)data, n, &hits, &nomem);
        break;
    case PyUnicode_2BYTE_KIND:
        bad = scan_ucs2(&a, (const Py_UCS2 *)data, n, &hits, &nomem);
        break;
    default:
        bad = scan_ucs4(&a, (const Py_UCS4 *)data, n, &hits, &nomem);
        break;
    }
    Py_END_ALLOW_THREADS
    PyObject *result = NULL;
    if (nomem)
        PyErr_NoMemory();
    else if (bad)
        PyErr_SetString(PyExc_ValueError, "damaged literal automaton");
    else
        result = PyBytes_FromStringAndSize((const char *)hits.pairs,
                                           hits.used * 2 * (Py_ssize_t)sizeof(int64_t));
    PyMem_RawFree(hits.pairs);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS, scan_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_literals",
    .m_doc = "Compiled Aho-Corasick scan of literal keys (see newsclean.literals).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__literals(void)
{
    return PyModule_Create(&module);
}
