/* Per-line sums over the hashed character n-grams of a document
 * (newsclean.clean.ngrams, newsclean.clean.wall).
 *
 * numpy builds every n-gram's bucket as an array (a page's ~80,000 of them, five
 * orders), then gathers weights and sums them by line: a tenth of the CPU time of
 * cleaning a page. Here one pass per line hashes its n-grams and adds their
 * weights as it goes, with the very hash of ngrams.hashed_ngrams (64-bit
 * wrap-around arithmetic, the same in C as in numpy's uint64), and the sums come
 * out the same: integer sums exactly, float sums added in the order numpy's
 * bincount adds them (order by order, position by position).
 *
 * Arrays come through the buffer protocol; every index is checked against the
 * arrays' lengths (a wrong call raises, it never reads out of bounds). */
#include "../_buffers.h"
#include <math.h>
#include <stdint.h>

#define MAX_ORDER 16

static const uint64_t PRIME = 0x100000001B3ULL;
static const uint64_t MIX = 0xFF51AFD7ED558CCDULL;
#define LAST_SHIFT 29

typedef struct {
    int orders[MAX_ORDER];
    uint64_t offsets[MAX_ORDER + 1]; /* by order */
    int wanted[MAX_ORDER + 1];       /* by order: one of the orders */
    int count, top, bits;
} Hashing;

/* ngrams.hashed_ngrams's constants for these orders and bits */
static int
hashing_init(Hashing *h, PyObject *orders_obj, int bits)
{
    memset(h, 0, sizeof(*h));
    if (bits < 1 || bits > 40) {
        PyErr_SetString(PyExc_ValueError, "bits out of range");
        return -1;
    }
    h->bits = bits;
    PyObject *seq = PySequence_Fast(orders_obj, "orders must be a sequence");
    if (seq == NULL)
        return -1;
    Py_ssize_t k = PySequence_Fast_GET_SIZE(seq);
    int last = 0;
    for (Py_ssize_t i = 0; i < k; i++) {
        long n = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
        if (n == -1 && PyErr_Occurred()) {
            Py_DECREF(seq);
            return -1;
        }
        if (n <= last || n > MAX_ORDER) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_ValueError, "orders must ascend, from 1 to 16");
            return -1;
        }
        last = (int)n;
        h->orders[h->count++] = (int)n;
        h->wanted[n] = 1;
        uint64_t offset = (uint64_t)n * 0x9E3779B1ULL;
        for (long j = 0; j < n; j++)
            offset *= PRIME;
        h->offsets[n] = offset;
    }
    Py_DECREF(seq);
    h->top = last;
    return 0;
}

static inline int64_t
bucket_of(const Hashing *h, uint64_t g, int n)
{
    uint64_t x = g + h->offsets[n];
    x ^= x >> 33;
    x *= MIX;
    if (h->bits > LAST_SHIFT)
        x ^= x >> LAST_SHIFT;
    return (int64_t)(x >> (64 - h->bits));
}

/* The code at position p as the given array type holds it */
static inline uint64_t
code_at(const void *codes, Py_ssize_t size, Py_ssize_t p)
{
    return size == 4 ? ((const uint32_t *)codes)[p] : ((const uint64_t *)codes)[p];
}

/* Batches of buckets whose weights are prefetched before they are summed */
#define BATCH 64
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(addr) __builtin_prefetch(addr)
#else
#define PREFETCH(addr) ((void)0)
#endif

/* line_sums's sums over one batch of buckets (integer sums: any order) */
static inline void
add_batch(const int64_t *batch, const unsigned char *of_seen, int nb, const int8_t *q,
          const uint8_t *seen, int64_t *sum, int64_t *total, int64_t *hits)
{
    for (int i = 0; i < nb; i++) {
        *sum += q[batch[i]];
        if (of_seen[i]) {
            (*total)++;
            if (seen)
                *hits += seen[batch[i]] != 0;
        }
    }
}

PyDoc_STRVAR(line_sums_doc,
"line_sums(codes, starts, ends, orders, bits, q, seen, seen_order,\n"
"          sums, counts, seen_total, seen_hits)\n\n"
"The n-grams of each line of a shape.Doc: codes is doc.fold (one code per\n"
"position; a line break before and after each line), line i holds positions\n"
"starts[i]..ends[i]-1. Its n-grams are ngrams.ngram_index's: order 1 within the\n"
"line, order 2 from the break before to the break after (not two breaks), higher\n"
"orders the same with no break inside. Per line, into int64 arrays: the sum of\n"
"q[bucket] (int8), the number of n-grams, and for order seen_order the number of\n"
"n-grams and of those whose bucket is set in seen (uint8).");

static PyObject *
line_sums(PyObject *self, PyObject *args)
{
    PyObject *objs[9], *orders_obj;
    int bits, seen_order;
    if (!PyArg_ParseTuple(args, "OOOOiOOiOOOO", &objs[0], &objs[1], &objs[2], &orders_obj, &bits,
                          &objs[3], &objs[4], &seen_order, &objs[5], &objs[6], &objs[7],
                          &objs[8]))
        return NULL;
    Hashing h;
    if (hashing_init(&h, orders_obj, bits) < 0)
        return NULL;
    Py_buffer v[9];
    int taken = 0;
    /* codes: uint32 or uint64 */
    if (PyObject_GetBuffer(objs[0], &v[0], PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return NULL;
    taken = 1;
    if (v[0].itemsize != 4 && v[0].itemsize != 8) {
        PyErr_SetString(PyExc_TypeError, "codes: expected uint32 or uint64");
        goto done;
    }
    /* the others after codes */
    static const char *names[8] = {"starts", "ends", "q", "seen", "sums", "counts",
                                   "seen_total", "seen_hits"};
    static const char *kinds[8] = {"lq", "lq", "b", "B?", "lq", "lq", "lq", "lq"};
    static const Py_ssize_t sizes[8] = {8, 8, 1, 1, 8, 8, 8, 8};
    if (take_buffers(objs + 1, v + 1, 8, kinds, sizes, 0, 4, names) < 0)
        goto done;
    taken = 9;
    Py_ssize_t size = v[0].len / v[0].itemsize, isz = v[0].itemsize;
    Py_ssize_t lines = v[1].len / 8, nq = v[3].len, nseen = v[4].len;
    for (int i = 2; i < 9; i++) {
        if (i != 3 && i != 4 && v[i].len / 8 != lines) {
            PyErr_SetString(PyExc_ValueError, "per-line arrays differ in length");
            goto done;
        }
    }
    if (nq < ((Py_ssize_t)1 << bits) || (nseen && nseen < ((Py_ssize_t)1 << bits))) {
        PyErr_SetString(PyExc_ValueError, "weights shorter than the buckets");
        goto done;
    }
    const int64_t *starts = v[1].buf, *ends = v[2].buf;
    const int8_t *q = v[3].buf;
    const uint8_t *seen = v[4].buf;
    int64_t *sums = v[5].buf, *counts = v[6].buf, *seen_total = v[7].buf, *seen_hits = v[8].buf;
    const void *codes = v[0].buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < lines; i++) {
        int64_t s = starts[i], e = ends[i];
        /* the breaks before and after the line are inside the array */
        if (s < 1 || e < s || e >= size) {
            bad = 1;
            break;
        }
        int64_t sum = 0, count = 0, total = 0, hits = 0;
        int64_t len = e - s;
        /* buckets are gathered a batch at a time and their weights fetched ahead:
         * the weights are a megabyte read at random, and summing each as it is
         * hashed waits on memory for every n-gram */
        int64_t batch[BATCH];
        unsigned char of_seen[BATCH];
        int nb = 0;
        /* start positions: s - 1 (the break before) .. e - 1 */
        for (int64_t p = s - 1; p < e; p++) {
            uint64_t g = 0;
            for (int n = 1; n <= h.top; n++) {
                int64_t last = p + n - 1;
                if (last > e)
                    break;
                g = g * PRIME + code_at(codes, isz, last);
                if (!h.wanted[n])
                    continue;
                /* order 1: not a break; order 2: not the two breaks of an empty
                 * line; higher orders: no break inside (last <= e holds it) */
                if (n == 1 && p == s - 1)
                    continue;
                if (n == 2 && len == 0)
                    continue;
                int64_t b = bucket_of(&h, g, n);
                PREFETCH(q + b);
                of_seen[nb] = n == seen_order;
                if (of_seen[nb] && nseen)
                    PREFETCH(seen + b);
                batch[nb++] = b;
                if (nb == BATCH) {
                    add_batch(batch, of_seen, nb, q, nseen ? seen : NULL, &sum, &total, &hits);
                    count += nb;
                    nb = 0;
                }
            }
        }
        add_batch(batch, of_seen, nb, q, nseen ? seen : NULL, &sum, &total, &hits);
        count += nb;
        sums[i] = sum;
        counts[i] = count;
        seen_total[i] = total;
        seen_hits[i] = hits;
    }
    Py_END_ALLOW_THREADS
    return finish_call(bad, "a line lies outside the codes", v, taken);
done:
    return release_buffers(v, taken, NULL);
}

PyDoc_STRVAR(text_scores_doc,
"text_scores(codes, starts, lens, orders, bits, weights, out)\n\n"
"wall.wall_scores's sums: text k is the segment of codes from starts[k] of\n"
"lens[k] + 2 positions (its marks before and after); its n-grams lie within the\n"
"segment. out[k] = sum over its n-grams, order by order and position by\n"
"position, of weights[bucket] / sqrt(number of its n-grams) (float64).");

static PyObject *
text_scores(PyObject *self, PyObject *args)
{
    PyObject *objs[5], *orders_obj;
    int bits;
    if (!PyArg_ParseTuple(args, "OOOOiOO", &objs[0], &objs[1], &objs[2], &orders_obj, &bits,
                          &objs[3], &objs[4]))
        return NULL;
    Hashing h;
    if (hashing_init(&h, orders_obj, bits) < 0)
        return NULL;
    Py_buffer v[5];
    int taken = 0;
    static const char *names[5] = {"codes", "starts", "lens", "weights", "out"};
    static const char *kinds[5] = {"LQ", "lq", "lq", "d", "d"};
    if (take_buffers(objs, v, 5, kinds, NULL, 8, 4, names) < 0)
        return NULL;
    taken = 5;
    Py_ssize_t size = v[0].len / 8, texts = v[1].len / 8, nw = v[3].len / 8;
    if (v[2].len / 8 != texts || v[4].len / 8 != texts) {
        PyErr_SetString(PyExc_ValueError, "per-text arrays differ in length");
        goto done;
    }
    if (nw < ((Py_ssize_t)1 << bits)) {
        PyErr_SetString(PyExc_ValueError, "weights shorter than the buckets");
        goto done;
    }
    const uint64_t *codes = v[0].buf;
    const int64_t *starts = v[1].buf, *lens = v[2].buf;
    const double *weights = v[3].buf;
    double *out = v[4].buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < texts; k++) {
        int64_t s = starts[k], width = lens[k] + 2;
        if (s < 0 || lens[k] < 0 || s + width > size) {
            bad = 1;
            break;
        }
        int64_t count = 0;
        for (int j = 0; j < h.count; j++)
            count += width - h.orders[j] + 1 > 0 ? width - h.orders[j] + 1 : 0;
        double norm = 1.0 / sqrt((double)(count > 1 ? count : 1));
        double acc = 0.0;
        /* added in the same order as one at a time, a batch fetched ahead */
        int64_t batch[BATCH];
        int nb = 0;
        for (int j = 0; j < h.count; j++) {
            int n = h.orders[j];
            for (int64_t p = s; p + n <= s + width; p++) {
                uint64_t g = 0;
                for (int i = 0; i < n; i++)
                    g = g * PRIME + codes[p + i];
                int64_t b = bucket_of(&h, g, n);
                PREFETCH(weights + b);
                batch[nb++] = b;
                if (nb == BATCH) {
                    for (int i = 0; i < nb; i++)
                        acc += norm * weights[batch[i]];
                    nb = 0;
                }
            }
        }
        for (int i = 0; i < nb; i++)
            acc += norm * weights[batch[i]];
        out[k] = acc;
    }
    Py_END_ALLOW_THREADS
    return finish_call(bad, "a text lies outside the codes", v, taken);
done:
    return release_buffers(v, taken, NULL);
}

static PyMethodDef methods[] = {
    {"line_sums", line_sums, METH_VARARGS, line_sums_doc},
    {"text_scores", text_scores, METH_VARARGS, text_scores_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_ngramsums",
    .m_doc = "Per-line sums over hashed character n-grams (see newsclean.clean.ngrams).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__ngramsums(void)
{
    return PyModule_Create(&module);
}
