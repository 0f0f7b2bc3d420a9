/* py3langid's automaton walked over a text's bytes, and the features it visits
 * counted (newsclean.annotate.langid_model).
 *
 * The automaton's table is 40 MB: every step is likely a cache miss. A walk one
 * byte after another waits on each (no faster than numpy); the numpy twin finds
 * every byte's state from the WINDOW bytes up to it, six gathers a byte that
 * numpy overlaps, then sorts the features to count them. Here the text is cut
 * into pieces walked side by side, a byte at a time: the pieces' steps do not
 * wait on each other, so a load a piece is in flight, one step a byte. A piece
 * starts from the state the WINDOW bytes before it lead to from the start
 * state: the model's automaton forgets what came earlier (langid_model.WINDOW).
 * Each piece's first state is then checked against the step from the last state
 * of the piece before; a model that does not forget (another py3langid) is
 * answered -1 and the caller walks as py3langid does.
 *
 * Arrays come through the buffer protocol; every index is checked: a damaged
 * model raises ValueError, it never reads out of bounds. */
#include "../_buffers.h"
#include <stdint.h>
#include <stdlib.h>

#define WINDOW 6
/* Pieces walked side by side, and the fewest bytes a piece is given (a short
 * text is one piece: its walk is exact with no check). */
#define PIECES 16
#define MIN_PIECE 32

PyDoc_STRVAR(counts_doc,
"counts(moves, rows, feats, text, slots, keys, counts) -> int\n\n"
"Walk the automaton over the bytes of text from state 0 (state' =\n"
"moves[rows[state] + byte]; rows holds each state's row offset, the row times\n"
"256) and count the feature feats[state] of every state reached (none where it\n"
"is negative). The features go to keys in the order first reached, their\n"
"counts to counts (both int64, at least len(text) long); slots is an int64\n"
"scratch array of one zero per feature, left all zeros. Returns how many\n"
"features were reached, or -1 when the automaton remembers more than the\n"
"window its pieces start from (the caller walks byte by byte then).");

static PyObject *
counts(PyObject *self, PyObject *args)
{
    PyObject *objs[6];
    Py_buffer text;
    if (!PyArg_ParseTuple(args, "OOOy*OOO", &objs[0], &objs[1], &objs[2], &text, &objs[3],
                          &objs[4], &objs[5]))
        return NULL;
    static const char *kinds[6] = {"IL", "lq", "lq", "lq", "lq", "lq"};
    static const char *names[6] = {"moves", "rows", "feats", "slots", "keys", "counts"};
    static const Py_ssize_t sizes[6] = {4, 8, 8, 8, 8, 8};
    Py_buffer views[6];
    if (take_buffers(objs, views, 6, kinds, sizes, 0, 3, names) < 0) {
        PyBuffer_Release(&text);
        return NULL;
    }
    const uint32_t *moves = views[0].buf;
    const int64_t *rows = views[1].buf, *feats = views[2].buf;
    int64_t *slots = views[3].buf, *keys = views[4].buf, *cnt = views[5].buf;
    const unsigned char *bytes = text.buf;
    Py_ssize_t n = text.len, n_moves = views[0].len / 4, n_states = views[1].len / 8;
    Py_ssize_t n_slots = views[3].len / 8;
    int64_t found = 0;
    int bad = 0;
    uint32_t *state = NULL;
    if (views[2].len / 8 != n_states || views[4].len / 8 < n || views[5].len / 8 < n) {
        PyErr_SetString(PyExc_ValueError, "feats, keys or counts does not match");
        goto done;
    }
    if (n == 0 || n_states == 0)
        goto done;
    state = malloc((size_t)n * sizeof *state);
    if (state == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t pieces = n / MIN_PIECE;
    pieces = pieces < 1 ? 1 : pieces > PIECES ? PIECES : pieces;
    Py_ssize_t at[PIECES], end[PIECES];
    uint32_t s[PIECES];
    for (Py_ssize_t c = 0; c < pieces; c++) {
        at[c] = n * c / pieces;
        end[c] = n * (c + 1) / pieces;
        s[c] = 0;
    }
/* one step of piece c over byte b (bad and out of the loop on a damaged model) */
#define STEP(c, b)                                                              \
    do {                                                                        \
        int64_t row_ = rows[s[c]];                                              \
        if (row_ < 0 || row_ > n_moves - 256) {                                 \
            bad = 1;                                                            \
            goto walked;                                                        \
        }                                                                       \
        s[c] = moves[row_ + (b)];                                               \
        if ((Py_ssize_t)s[c] >= n_states) {                                     \
            bad = 1;                                                            \
            goto walked;                                                        \
        }                                                                       \
    } while (0)
    /* each piece's start state: the WINDOW bytes before it (all the bytes
     * before it for a piece that starts sooner: exact) walked from state 0 */
    for (Py_ssize_t j = WINDOW; j > 0; j--)
        for (Py_ssize_t c = 1; c < pieces; c++)
            if (at[c] - j >= 0)
                STEP(c, bytes[at[c] - j]);
    /* the pieces side by side, as far as the shortest goes, then each to its end */
    Py_ssize_t shortest = n;
    for (Py_ssize_t c = 0; c < pieces; c++)
        if (end[c] - at[c] < shortest)
            shortest = end[c] - at[c];
    for (Py_ssize_t i = 0; i < shortest; i++)
        for (Py_ssize_t c = 0; c < pieces; c++) {
            STEP(c, bytes[at[c] + i]);
            state[at[c] + i] = s[c];
        }
    for (Py_ssize_t c = 0; c < pieces; c++)
        for (Py_ssize_t p = at[c] + shortest; p < end[c]; p++) {
            STEP(c, bytes[p]);
            state[p] = s[c];
        }
#undef STEP
walked:
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "damaged language model");
        goto done;
    }
    /* a piece's first state must follow from the last one of the piece before */
    for (Py_ssize_t c = 1; c < pieces; c++) {
        int64_t row = rows[state[at[c] - 1]];
        if (row < 0 || row > n_moves - 256) {
            PyErr_SetString(PyExc_ValueError, "damaged language model");
            goto done;
        }
        if (moves[row + bytes[at[c]]] != state[at[c]]) {
            found = -1;
            goto done;
        }
    }
    /* the features in the order first reached; slots[f] is f's place + 1 */
    for (Py_ssize_t p = 0; p < n; p++) {
        int64_t f = feats[state[p]];
        if (f < 0)
            continue;
        if (f >= n_slots) {
            bad = 1;
            break;
        }
        if (slots[f] == 0) {
            keys[found] = f;
            cnt[found] = 1;
            slots[f] = ++found;
        }
        else {
            cnt[slots[f] - 1]++;
        }
    }
    for (int64_t k = 0; k < found; k++)
        slots[keys[k]] = 0;
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "a feature outside the slots");
        goto done;
    }
done:
    free(state);
    PyBuffer_Release(&text);
    if (PyErr_Occurred())
        return release_buffers(views, 6, NULL);
    return release_buffers(views, 6, PyLong_FromLongLong(found));
}

static PyMethodDef methods[] = {
    {"counts", counts, METH_VARARGS, counts_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_langwalk",
    .m_doc = "Compiled walk of py3langid's automaton (see newsclean.annotate.langid_model).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__langwalk(void)
{
    return PyModule_Create(&module);
}
