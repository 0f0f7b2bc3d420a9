/* The line model's context columns (newsclean.clean.features): each line's
 * neighbours, its windows of 2, 5, 10, 15 and 25 lines, its position, and in
 * the second stage the first stage's verdicts around it.
 *
 * In numpy these were some sixty array operations a page, each a few
 * microseconds of call overhead on a page's few hundred lines: 9% of the CPU
 * time of cleaning a text. Here one pass per window. The values are the numpy
 * expressions' own: sums taken in the same sequential order (a cumulative sum,
 * then differences), the same divisions, no libm calls (the logarithms stay in
 * numpy), and setup.py builds this file without contracting a multiply and an
 * add into one rounding. What needs numpy's pairwise sums (means and totals of
 * fractional values) is passed in or filled by the caller.
 *
 * The numpy twins (features._line_context_numpy, features._stage2_numpy) are
 * the reference the tests hold these to. Arrays come through the buffer
 * protocol; every length is checked (a wrong call raises, it never reads or
 * writes out of bounds). */
#include "../_buffers.h"
#include <stdint.h>

/* Rows of line_context's output, in features.CONTEXT_NAMES's order. */
enum {
    REL_POS, REL_CHAR_POS, SHORT_RUN, PREV_WORDS, NEXT_WORDS, PREV_TERMINAL, NEXT_TERMINAL,
    PREV_NGRAM, NEXT_NGRAM, WIN2_WORDS, WIN5_WORDS, WIN15_WORDS, WIN2_TERMINAL, WIN5_TERMINAL,
    WIN15_TERMINAL, WIN2_NGRAM, WIN5_NGRAM, WIN15_NGRAM, WIN5_CAPS, WIN5_PHRASE,
    WIN5_FAMILIARITY, DIST_LONGEST, MASS_BEFORE, CONTEXT_ROWS = 31
};
/* Rows of stage2_context's output, in features.STAGE2_NAMES's order. */
enum {
    P, P_PREV, P_NEXT, P_WIN2, P_WIN5, P_WIN10, P_WIN25, P_MAX_BEFORE3, P_MAX_AFTER3, IN_SPAN,
    SPAN_EDGE_DIST, P_DOC_MEAN, MASS_BEFORE_P, MASS_AFTER_P, P_REL_DOC_MAX,
    P_WIN5_REL_DOC_MAX, P_WIN10_REL_DOC_MAX, STAGE2_ROWS
};

/* c[0] = 0, c[i + 1] = c[i] + x[i]: numpy's cumsum behind a zero (an
 * accumulation is sequential, whatever the array's shape). */
static void
cumulative(const double *x, Py_ssize_t n, double *c)
{
    c[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++)
        c[i + 1] = c[i] + x[i];
}

/* The mean of x over [i - half, i + half] clipped at the ends, from x's
 * cumulative sums c (features._windows). */
static void
windows(const double *c, Py_ssize_t n, Py_ssize_t half, double *out)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t lo = i - half < 0 ? 0 : i - half;
        Py_ssize_t hi = i + half + 1 > n ? n : i + half + 1;
        out[i] = (c[hi] - c[lo]) / (double)(hi - lo);
    }
}

/* x's means over 2, 5 and 15 lines each side into the three rows of n from
 * ``rows`` on (the WIN2_, WIN5_, WIN15_ rows of a column follow each other);
 * ``c``: room for x's n + 1 cumulative sums. */
static void
three_windows(const double *x, Py_ssize_t n, double *c, double *rows)
{
    cumulative(x, n, c);
    windows(c, n, 2, rows);
    windows(c, n, 5, rows + n);
    windows(c, n, 15, rows + 2 * n);
}

/* The value of the line before (prev) and after (next) each line, 0 past the
 * ends (features._shift). */
static void
neighbours(const double *x, Py_ssize_t n, double *prev, double *next)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        prev[i] = i > 0 ? x[i - 1] : 0.0;
        next[i] = i + 1 < n ? x[i + 1] : 0.0;
    }
}

/* np.maximum: NaN when either is NaN. */
static double
maximum(double a, double b)
{
    if (a != a || b != b)
        return a != a ? a : b;
    return a > b ? a : b;
}

/* np.max of n >= 1 values (NaN when any is). */
static double
largest(const double *x, Py_ssize_t n)
{
    double m = x[0];
    for (Py_ssize_t i = 1; i < n; i++)
        m = maximum(m, x[i]);
    return m;
}

/* Python's max(floor, x): floor unless x is larger (NaN is not). */
static double
at_least(double floor, double x)
{
    return x > floor ? x : floor;
}

/* Takes ``count`` float64 arrays (writable from ``writable_from`` on): ``n``
 * items each, the last (an output) ``n_rows_last`` rows of ``n``; and ``*sums``,
 * room for the n + 1 cumulative sums of one of them (PyMem_RawFree it). -1 with
 * the views released and an exception set when an array is not as said or the
 * room cannot be had. */
static int
take_arrays(PyObject *const *objs, Py_buffer *v, int count, int writable_from,
            const char *const *names, Py_ssize_t n_rows_last, Py_ssize_t *n, double **sums)
{
    static const char *const kinds[8] = {"d", "d", "d", "d", "d", "d", "d", "d"};
    if (count > 8) {
        PyErr_SetString(PyExc_SystemError, "take_arrays: more arrays than kinds");
        return -1;
    }
    if (take_buffers(objs, v, count, kinds, NULL, 8, writable_from, names) < 0)
        return -1;
    *n = v[0].len / 8;
    for (int i = 1; i < count; i++) {
        Py_ssize_t want = (i == count - 1 ? n_rows_last : 1) * *n * 8;
        if (v[i].len != want) {
            PyErr_Format(PyExc_ValueError, "%s: wrong length", names[i]);
            release_buffers(v, count, NULL);
            return -1;
        }
    }
    *sums = PyMem_RawMalloc((size_t)(*n + 1) * sizeof(double));
    if (*sums == NULL) {
        release_buffers(v, count, NULL);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* Row r of an output of n columns (``out`` and ``n`` in scope). */
#define ROW(r) (out + (Py_ssize_t)(r) * n)

PyDoc_STRVAR(line_context_doc,
"line_context(words, terminal, ngram, caps, phrase, familiar, chars, total,\n"
"             short_below, out)\n\n"
"Fills rows 0-22 of out (float64, (31, n), C order: features.CONTEXT_NAMES's\n"
"columns as rows) from the lines' log word counts, terminal marks, n-gram\n"
"scores (familiarity-weighted), capitalised shares, phrase hits, familiarity\n"
"and lengths (n float64 each), total the characters' total (at least 1).\n"
"Row 2 gets the length of the run of short lines (log words < short_below)\n"
"each short line is in, 0 on the others (the caller takes its log1p); rows\n"
"23-30 (whole-document values) are the caller's.");

static PyObject *
line_context(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *objs[8];
    double total, short_below;
    if (!PyArg_ParseTuple(args, "OOOOOOOddO", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4],
                          &objs[5], &objs[6], &total, &short_below, &objs[7]))
        return NULL;
    static const char *const names[8] = {"words", "terminal", "ngram", "caps", "phrase",
                                         "familiar", "chars", "out"};
    Py_buffer v[8];
    Py_ssize_t n;
    double *c;
    if (take_arrays(objs, v, 8, 7, names, CONTEXT_ROWS, &n, &c) < 0)
        return NULL;
    const double *words = v[0].buf, *term = v[1].buf, *ngram = v[2].buf, *caps = v[3].buf,
                 *phrase = v[4].buf, *familiar = v[5].buf, *chars = v[6].buf;
    double *out = v[7].buf;
    Py_BEGIN_ALLOW_THREADS
    if (n > 0) {
        double last = (double)(n - 1 > 1 ? n - 1 : 1), lines = (double)(n > 1 ? n : 1);
        Py_ssize_t longest = 0, run_start = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            ROW(REL_POS)[i] = (double)i / last;
            if (chars[i] > chars[longest])
                longest = i;
        }
        /* the characters before each line, as a share of the page's */
        double sum = 0.0;
        for (Py_ssize_t i = 0; i < n; i++) {
            sum += chars[i];
            ROW(REL_CHAR_POS)[i] = (sum - chars[i]) / total;
        }
        double at_longest = ROW(REL_CHAR_POS)[longest];
        for (Py_ssize_t i = 0; i < n; i++) {
            ROW(DIST_LONGEST)[i] = (double)(i > longest ? i - longest : longest - i) / lines;
            ROW(MASS_BEFORE)[i] = ROW(REL_CHAR_POS)[i] - at_longest;
        }
        /* runs of short lines: each short line gets its run's length */
        for (Py_ssize_t i = 0; i <= n; i++) {
            int is_short = i < n && words[i] < short_below;
            int was_short = i > 0 && words[i - 1] < short_below;
            if (i == n || is_short != was_short) {
                for (Py_ssize_t j = run_start; j < i; j++)
                    ROW(SHORT_RUN)[j] = was_short ? (double)(i - run_start) : 0.0;
                run_start = i;
            }
        }
        neighbours(words, n, ROW(PREV_WORDS), ROW(NEXT_WORDS));
        neighbours(term, n, ROW(PREV_TERMINAL), ROW(NEXT_TERMINAL));
        neighbours(ngram, n, ROW(PREV_NGRAM), ROW(NEXT_NGRAM));
        three_windows(words, n, c, ROW(WIN2_WORDS));
        three_windows(term, n, c, ROW(WIN2_TERMINAL));
        three_windows(ngram, n, c, ROW(WIN2_NGRAM));
        cumulative(caps, n, c);
        windows(c, n, 5, ROW(WIN5_CAPS));
        cumulative(phrase, n, c);
        windows(c, n, 5, ROW(WIN5_PHRASE));
        cumulative(familiar, n, c);
        windows(c, n, 5, ROW(WIN5_FAMILIARITY));
    }
    Py_END_ALLOW_THREADS
    PyMem_RawFree(c);
    return finish_call(0, NULL, v, 8);
}

PyDoc_STRVAR(stage2_context_doc,
"stage2_context(p, weights, center, total, out)\n\n"
"Fills the rows of out (float64, (17, n), C order: features.STAGE2_NAMES's\n"
"columns as rows) but row 11 (the mean of p, the caller's) from the first\n"
"stage's probabilities p and the lines' weights (n float64 each): total is\n"
"the weighted probabilities' sum (at least 1e-9), center the level the main\n"
"span's run of (p - center) * weight is taken above (features.main_span).");

static PyObject *
stage2_context(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *objs[3];
    double center, total;
    if (!PyArg_ParseTuple(args, "OOddO", &objs[0], &objs[1], &center, &total, &objs[2]))
        return NULL;
    static const char *const names[3] = {"p", "weights", "out"};
    Py_buffer v[3];
    Py_ssize_t n;
    double *c;
    if (take_arrays(objs, v, 3, 2, names, STAGE2_ROWS, &n, &c) < 0)
        return NULL;
    const double *p = v[0].buf, *w = v[1].buf;
    double *out = v[2].buf;
    Py_BEGIN_ALLOW_THREADS
    if (n > 0) {
        /* the main span: the maximum-sum run of (p - center) * weight, its
         * start the last strict minimum of the prefix sums before its end */
        double s = 0.0, low = 0.0, best = 0.0;
        Py_ssize_t low_at = 0, a = 0, b = 1;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (i > 0 && s < low) {
                low = s;
                low_at = i;
            }
            s = s + (p[i] - center) * w[i];
            double gain = s - low;
            if (i == 0 || gain > best || (gain != gain && best == best)) {
                best = gain;
                a = low_at;
                b = i + 1;
            }
        }
        double lines = (double)(n > 1 ? n : 1);
        double sum = 0.0;
        for (Py_ssize_t i = 0; i < n; i++) {
            double pw = p[i] * w[i];
            sum += pw;
            double before = (sum - pw) / total;
            ROW(P)[i] = p[i];
            ROW(P_MAX_BEFORE3)[i] = maximum(maximum(i >= 3 ? p[i - 3] : 0.0,
                                                    i >= 2 ? p[i - 2] : 0.0),
                                            i >= 1 ? p[i - 1] : 0.0);
            ROW(P_MAX_AFTER3)[i] = maximum(maximum(i + 1 < n ? p[i + 1] : 0.0,
                                                   i + 2 < n ? p[i + 2] : 0.0),
                                           i + 3 < n ? p[i + 3] : 0.0);
            ROW(IN_SPAN)[i] = i >= a && i < b ? 1.0 : 0.0;
            Py_ssize_t edge = i < a ? a - i : (i >= b ? i - b + 1 : 0);
            ROW(SPAN_EDGE_DIST)[i] = (double)edge / lines;
            ROW(MASS_BEFORE_P)[i] = before;
            ROW(MASS_AFTER_P)[i] = 1.0 - before - pw / total;
        }
        neighbours(p, n, ROW(P_PREV), ROW(P_NEXT));
        cumulative(p, n, c);
        windows(c, n, 2, ROW(P_WIN2));
        windows(c, n, 5, ROW(P_WIN5));
        windows(c, n, 10, ROW(P_WIN10));
        windows(c, n, 25, ROW(P_WIN25));
        double top = at_least(1e-6, largest(p, n));
        double top5 = at_least(1e-6, largest(ROW(P_WIN5), n));
        double top10 = at_least(1e-6, largest(ROW(P_WIN10), n));
        for (Py_ssize_t i = 0; i < n; i++) {
            ROW(P_REL_DOC_MAX)[i] = p[i] / top;
            ROW(P_WIN5_REL_DOC_MAX)[i] = ROW(P_WIN5)[i] / top5;
            ROW(P_WIN10_REL_DOC_MAX)[i] = ROW(P_WIN10)[i] / top10;
        }
    }
    Py_END_ALLOW_THREADS
#undef ROW
    PyMem_RawFree(c);
    return finish_call(0, NULL, v, 3);
}

static PyMethodDef methods[] = {
    {"line_context", line_context, METH_VARARGS, line_context_doc},
    {"stage2_context", stage2_context, METH_VARARGS, stage2_context_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_context",
    .m_doc = "The line model's context columns (newsclean.clean.features).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__context(void)
{
    return PyModule_Create(&module);
}
