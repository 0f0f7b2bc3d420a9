/* The per-position arrays of a document and the per-line counts of its shape
 * features (newsclean.clean.shape).
 *
 * shape_features took its counts in about thirty numpy passes over every code
 * point (masks, a reduceat, a bincount by line and class, the word runs, the
 * rare marks' candidates): 7% of the CPU time of cleaning a text. Here one pass
 * per line takes every count; they are integers, the same whichever way they are
 * summed, and shape.py makes the float features of them with the numpy
 * expressions it always used. make_doc's three table gathers and its line
 * index per position (a cumsum and a masked store) are one pass here too.
 *
 * The numpy twins (shape._doc_arrays_numpy, shape._shape_counts_numpy) are the
 * reference the tests hold these to. Arrays come through the buffer protocol;
 * every index is checked against the arrays' lengths (a wrong call raises, it
 * never reads out of bounds). */
#include "../_buffers.h"
#include <stdint.h>

/* Bits of the roles table (one entry per character class). */
enum { WORDY = 1, UPPER = 2, DIGIT = 4 };
/* The most classes shape_counts takes (charclass has 13): its step tables and a
 * line's class counts are arrays of fixed size. */
#define MAX_CLASSES 16
/* Rows of shape_counts's rows array, in shape._shape_counts_numpy's order. */
enum { NOSPACE, SPACED_STARTS, COMMAS, CAPS, DIGIT_RUNS, LONGEST, YEARS, URLISH, AT_SIGNS, ROWS };

PyDoc_STRVAR(doc_arrays_doc,
"doc_arrays(codes, cls_table, fold_table, nospace_table, beyond, cls, fold,\n"
"           nospace, line_of)\n\n"
"charclass.classify of codes (uint32) into cls (uint8), fold (uint32) and\n"
"nospace (bool): each code's entry of the tables (of one length), and for a\n"
"code past them the class beyond, the code itself and True; and into line_of\n"
"(int64) the number of line breaks (code 10) before each position minus one,\n"
"-1 on the breaks.");

static PyObject *
doc_arrays(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *objs[8];
    int beyond;
    if (!PyArg_ParseTuple(args, "OOOOiOOOO", &objs[0], &objs[1], &objs[2], &objs[3], &beyond,
                          &objs[4], &objs[5], &objs[6], &objs[7]))
        return NULL;
    static const char *names[8] = {"codes", "cls_table", "fold_table", "nospace_table",
                                   "cls", "fold", "nospace", "line_of"};
    static const char *kinds[8] = {"IL", "B", "IL", "?B", "B", "IL", "?B", "lq"};
    static const Py_ssize_t sizes[8] = {4, 1, 4, 1, 1, 4, 1, 8};
    Py_buffer v[8];
    if (take_buffers(objs, v, 8, kinds, sizes, 0, 4, names) < 0)
        return NULL;
    int taken = 8;
    Py_ssize_t size = v[0].len / 4, table = v[1].len;
    if (v[2].len / 4 != table || v[3].len != table || v[4].len != size || v[5].len / 4 != size ||
        v[6].len != size || v[7].len / 8 != size) {
        PyErr_SetString(PyExc_ValueError, "doc_arrays: arrays of different lengths");
        return release_buffers(v, taken, NULL);
    }
    if (beyond < 0 || beyond > 255) {
        PyErr_SetString(PyExc_ValueError, "doc_arrays: beyond is no uint8 class");
        return release_buffers(v, taken, NULL);
    }
    const uint32_t *codes = v[0].buf, *fold_t = v[2].buf;
    const uint8_t *cls_t = v[1].buf, *nospace_t = v[3].buf;
    uint8_t *cls = v[4].buf, *nospace = v[6].buf;
    uint32_t *fold = v[5].buf;
    int64_t *line_of = v[7].buf;
    Py_BEGIN_ALLOW_THREADS
    int64_t line = -1;
    for (Py_ssize_t p = 0; p < size; p++) {
        uint32_t c = codes[p];
        if (c < (uint64_t)table) {
            cls[p] = cls_t[c];
            fold[p] = fold_t[c];
            /* the twin's bool array holds 0 or 1, whatever the table's bytes */
            nospace[p] = nospace_t[c] != 0;
        } else {
            cls[p] = (uint8_t)beyond;
            fold[p] = c;
            nospace[p] = 1;
        }
        /* no branch: breaks are every few dozen characters, a misprediction each */
        int64_t is_break = c == '\n';
        line += is_break;
        line_of[p] = is_break ? -1 : line;
    }
    Py_END_ALLOW_THREADS
    return finish_call(0, NULL, v, taken);
}

/* What the counts look for among the ASCII characters: commas, the slashes and
 * w's of URL marks, at signs, and the line break no line holds. */
enum { NO_MARK, COMMA, SLASH, DOUBLE_U, AT, BREAK };
static const uint8_t MARKS[128] = {['\n'] = BREAK, [','] = COMMA, ['/'] = SLASH, ['w'] = DOUBLE_U,
                                   ['@'] = AT};

/* What a character does to the runs and counts, by its class, its no-space
 * flag and whether the character before it was a word's and a digit's
 * (RUN_STATES): the runs it continues (IN_WORD, IN_DIGITS, the next state), the
 * digit run it ends, and the counts it adds to, packed in 16-bit fields (one
 * addition a character for four counts). */
enum { IN_WORD = 1, IN_DIGITS = 2, RUN_STATES = 4, ENDS_DIGITS = 4 };
enum { F_SPACED_STARTS = 0, F_CAPS = 16, F_NOSPACE = 32, F_DIGIT_RUNS = 48 };
/* the packed fields are emptied before any can reach 2^16 */
#define CHUNK 0xFFFF

typedef struct {
    uint8_t runs[MAX_CLASSES];
    uint8_t next[MAX_CLASSES * 2 * RUN_STATES];
    uint64_t adds[MAX_CLASSES * 2 * RUN_STATES];
} Steps;

static void
steps_init(Steps *t, const uint8_t *roles, Py_ssize_t classes)
{
    memset(t, 0, sizeof(*t));
    for (Py_ssize_t k = 0; k < classes; k++) {
        unsigned r = roles[k];
        unsigned wordy = (r & WORDY) != 0, upper = (r & UPPER) != 0, digit = (r & DIGIT) != 0;
        t->runs[k] = (uint8_t)(wordy * IN_WORD | digit * IN_DIGITS);
        for (unsigned ns = 0; ns < 2; ns++) {
            for (unsigned state = 0; state < RUN_STATES; state++) {
                unsigned i = ((unsigned)k << 3) | (ns << 2) | state;
                unsigned starts = wordy && !(state & IN_WORD);
                unsigned was_digit = (state & IN_DIGITS) != 0;
                t->next[i] = (uint8_t)(wordy * IN_WORD | digit * IN_DIGITS |
                                       (was_digit && !digit) * ENDS_DIGITS);
                t->adds[i] = (uint64_t)(starts && !ns) << F_SPACED_STARTS |
                             (uint64_t)(starts && !ns && upper) << F_CAPS |
                             (uint64_t)(wordy && ns) << F_NOSPACE |
                             (uint64_t)(digit && !was_digit) << F_DIGIT_RUNS;
            }
        }
    }
}

/* A run of four digits ending before position p: a year if it starts 19 or 20. */
static inline int
year_before(const uint32_t *codes, Py_ssize_t p)
{
    uint32_t c0 = codes[p - 4], c1 = codes[p - 3];
    return (c0 == '1' && c1 == '9') || (c0 == '2' && c1 == '0');
}

/* The counts of the line at s..e-1 into count (ROWS of them) and per_class:
 * 0, or 1 for a class outside roles, 2 for a line break in the line. A look
 * past the line sees its break (e < size). */
static int
count_line(const uint32_t *codes, const uint8_t *cls, const uint8_t *nospace,
           const Steps *t, Py_ssize_t classes, Py_ssize_t s, Py_ssize_t e,
           int64_t *count, int64_t *per_class)
{
    int64_t commas = 0, urlish = 0, at_signs = 0, years = 0, fields[4] = {0};
    uint64_t word = 0, longest = 0, digits = 0;
    unsigned state = 0;
    int64_t hist[MAX_CLASSES] = {0};
    for (Py_ssize_t from = s; from < e; from += CHUNK) {
        Py_ssize_t to = e - from > CHUNK ? from + CHUNK : e;
        uint64_t packed = 0;
        for (Py_ssize_t p = from; p < to; p++) {
            uint32_t c = codes[p];
            unsigned k = cls[p];
            if (k >= (size_t)classes)
                return 1;
            hist[k]++;
            /* the runs the character before continued, from its class (not
             * carried from step to step: no step waits for a table look-up
             * of the one before) */
            unsigned i = (k << 3) | ((nospace[p] != 0) << 2) | t->runs[cls[p - 1]];
            packed += t->adds[i];
            unsigned next = t->next[i];
            if (next & ENDS_DIGITS)
                years += digits == 4 && year_before(codes, p);
            state = next & (IN_WORD | IN_DIGITS);
            word = (word + 1) & -(uint64_t)(state & IN_WORD);
            longest = word > longest ? word : longest;
            digits = (digits + 1) & -(uint64_t)(state >> 1);
            unsigned mark = c < 128 ? MARKS[c]
                            : (c == 0x3001 || c == 0xFF0C || c == 0x060C) ? COMMA : NO_MARK;
            if (mark != NO_MARK) {
                switch (mark) {
                case COMMA:
                    commas++;
                    break;
                case SLASH:
                    urlish += codes[p + 1] == '/';
                    break;
                case DOUBLE_U:
                    urlish += codes[p + 1] == 'w' && codes[p + 2] == 'w';
                    break;
                case AT:
                    at_signs++;
                    break;
                default:
                    return 2;
                }
            }
        }
        for (int f = 0; f < 4; f++)
            fields[f] += (int64_t)((packed >> (16 * f)) & 0xFFFF);
    }
    /* a run of four digits at the line's end */
    if (digits == 4)
        years += year_before(codes, e);
    for (Py_ssize_t k = 0; k < classes; k++)
        per_class[k] = hist[k];
    count[NOSPACE] = fields[F_NOSPACE / 16];
    count[SPACED_STARTS] = fields[F_SPACED_STARTS / 16];
    count[COMMAS] = commas;
    count[CAPS] = fields[F_CAPS / 16];
    count[DIGIT_RUNS] = fields[F_DIGIT_RUNS / 16];
    count[LONGEST] = (int64_t)longest;
    count[YEARS] = years;
    count[URLISH] = urlish;
    count[AT_SIGNS] = at_signs;
    return 0;
}

PyDoc_STRVAR(shape_counts_doc,
"shape_counts(codes, cls, nospace, starts, ends, roles, rows, by_class) -> bool\n\n"
"The per-line counts of shape.shape_features for a document laid out as\n"
"make_doc lays it out: codes (uint32) is a line break (10), line i at\n"
"starts[i]..ends[i]-1 (int64), a break after each line, and no break inside\n"
"one; cls (uint8) and nospace (bool) are its classes and no-space flags; roles\n"
"(uint8, one per class) marks the classes of words (bit 1), upper case (2) and\n"
"digits (4), none of them the class of a break. Into rows (int64, 9 x lines):\n"
"no-space word characters, word starts outside no-space scripts, commas,\n"
"capitalised word starts, digit runs, the longest word, years, URL marks and\n"
"at signs; into by_class (int64, lines x classes) each class's characters.\n"
"False when the document is not laid out so (rows and by_class then hold\n"
"nothing of use).");

static PyObject *
shape_counts(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *objs[8];
    if (!PyArg_ParseTuple(args, "OOOOOOOO", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4],
                          &objs[5], &objs[6], &objs[7]))
        return NULL;
    static const char *names[8] = {"codes", "cls", "nospace", "starts", "ends", "roles", "rows",
                                   "by_class"};
    static const char *kinds[8] = {"IL", "B", "?B", "lq", "lq", "B", "lq", "lq"};
    static const Py_ssize_t sizes[8] = {4, 1, 1, 8, 8, 1, 8, 8};
    Py_buffer v[8];
    if (take_buffers(objs, v, 8, kinds, sizes, 0, 6, names) < 0)
        return NULL;
    int taken = 8;
    Py_ssize_t size = v[0].len / 4, lines = v[3].len / 8, classes = v[5].len;
    if (v[1].len != size || v[2].len != size || v[4].len / 8 != lines || classes == 0 || classes > MAX_CLASSES ||
        v[6].len / 8 != ROWS * lines || v[7].len / 8 != lines * classes) {
        PyErr_SetString(PyExc_ValueError, "shape_counts: arrays of different lengths");
        return release_buffers(v, taken, NULL);
    }
    const uint32_t *codes = v[0].buf;
    const uint8_t *cls = v[1].buf, *nospace = v[2].buf, *roles = v[5].buf;
    const int64_t *starts = v[3].buf, *ends = v[4].buf;
    int64_t *rows = v[6].buf, *by_class = v[7].buf;
    /* 1: a line outside the codes or a class outside roles; 2: not make_doc's
     * layout (the twin's reduceat and line_of would count otherwise) */
    int bad = 0;
    Steps steps;
    Py_BEGIN_ALLOW_THREADS
    steps_init(&steps, roles, classes);
    memset(by_class, 0, (size_t)v[7].len);
    Py_ssize_t next = 1; /* where the next line must start */
    /* the break before the first line, as the breaks after each line below */
    if (size < 1 || codes[0] != '\n')
        bad = 2;
    else if (cls[0] >= classes)
        bad = 1;
    else if (roles[cls[0]] & (WORDY | DIGIT))
        bad = 2;
    for (Py_ssize_t i = 0; i < lines && !bad; i++) {
        int64_t s = starts[i], e = ends[i];
        if (s < 1 || e < s || e >= size) {
            bad = 1;
            break;
        }
        /* the break after the line, no word or digit character: the twin's
         * reduceat counts it with the line */
        if (s != next || codes[e] != '\n' || cls[e] >= classes ||
            (roles[cls[e]] & (WORDY | DIGIT))) {
            bad = cls[e] >= classes ? 1 : 2;
            break;
        }
        next = e + 1;
        int64_t count[ROWS] = {0};
        bad = count_line(codes, cls, nospace, &steps, classes, s, e, count, by_class + i * classes);
        for (int j = 0; j < ROWS; j++)
            rows[j * lines + i] = count[j];
    }
    if (!bad && next != size)
        bad = 2;
    Py_END_ALLOW_THREADS
    if (bad == 2)
        return release_buffers(v, taken, Py_NewRef(Py_False));
    if (bad)
        return finish_call(bad, "shape_counts: a line outside the codes or a class outside roles",
                           v, taken);
    return release_buffers(v, taken, Py_NewRef(Py_True));
}

static PyMethodDef methods[] = {
    {"doc_arrays", doc_arrays, METH_VARARGS, doc_arrays_doc},
    {"shape_counts", shape_counts, METH_VARARGS, shape_counts_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_shapecounts",
    .m_doc = "A document's per-position arrays and per-line shape counts (newsclean.clean.shape).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__shapecounts(void)
{
    return PyModule_Create(&module);
}
