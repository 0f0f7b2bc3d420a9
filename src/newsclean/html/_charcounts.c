/* Character scans of a page's block texts (newsclean.html.features): the
 * character-class counts of text_stats and the words of page_words, in one
 * pass over the characters where they lie.
 *
 * The numpy twin (features._text_stats_numpy, the reference the tests hold
 * this one to) encodes the texts joined by newlines to UTF-32 and makes a pass
 * per class, a reduceat each: 2.5% of an extraction. The counts are integers,
 * the same whichever way they are summed. As in the twin, each text is counted
 * with the newline that follows it in the joined string, and a character's
 * "next" is the one after it there (a newline past the last).
 *
 * The words of page_words are the runs of letters its numpy twin
 * (features.page_words_numpy) finds, taken here without a pass per step.
 *
 * Arrays come through the buffer protocol: flags and letters uint8 or bool
 * (65,536 entries, one per BMP character), out int64 (texts x COLUMNS),
 * C-contiguous. */
#include "../_buffers.h"
#include <stdint.h>

/* Bits of the flags table: the classes a table decides. */
enum { PUNCT = 1, COMMA = 2, CURRENCY = 4, END = 8 };
/* Columns of out, in features.TEXT_CLASSES order, then whether the text's
 * last character (the newline, for an empty text) ends a sentence. */
enum {
    DIGITS, UPPER, LOWER, NONASCII, PUNCTS, COMMAS, SPACES, CURRENCIES, SENTENCE_ENDS,
    ENDS_SENTENCE, COLUMNS
};

/* The flags of a character: characters past the BMP share the last entry, as
 * the twin's min(code, 0xFFFF) does. */
static inline uint8_t
flags_of(const uint8_t *flags, Py_UCS4 c)
{
    return flags[c > 0xFFFF ? 0xFFFF : c];
}

static inline void
count(int64_t *row, const uint8_t *flags, Py_UCS4 c, Py_UCS4 next)
{
    uint8_t f = flags_of(flags, c);
    row[DIGITS] += c >= '0' && c <= '9';
    row[UPPER] += c >= 'A' && c <= 'Z';
    row[LOWER] += c >= 'a' && c <= 'z';
    row[NONASCII] += c > 127;
    row[PUNCTS] += (f & PUNCT) != 0;
    row[COMMAS] += (f & COMMA) != 0;
    row[SPACES] += c == ' ';
    row[CURRENCIES] += (f & CURRENCY) != 0;
    row[SENTENCE_ENDS] += (f & END) && (next == ' ' || next == '\n');
}

PyDoc_STRVAR(char_counts_doc,
"char_counts(texts, flags, out)\n\n"
"Per text of the list texts, into its row of out (int64, len(texts) x 10):\n"
"the digits, upper- and lower-case ASCII letters, non-ASCII characters,\n"
"characters flagged punctuation (bit 1), comma (2) and currency (4), spaces,\n"
"sentence ends (flag 8, before a space or newline), counted over the text and\n"
"the newline after it; and 1 where its last character has flag 8.");

static PyObject *
char_counts(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *texts, *objs[2];
    if (!PyArg_ParseTuple(args, "O!OO", &PyList_Type, &texts, &objs[0], &objs[1]))
        return NULL;
    static const char *names[2] = {"flags", "out"};
    static const char *kinds[2] = {"B", "lq"};
    static const Py_ssize_t sizes[2] = {1, 8};
    Py_buffer views[2];
    if (take_buffers(objs, views, 2, kinds, sizes, 0, 1, names) < 0)
        return NULL;
    int taken = 2;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (views[0].len != 0x10000 || views[1].len / 8 != n * COLUMNS) {
        PyErr_SetString(PyExc_ValueError, "char_counts: flags or out of the wrong size");
        return release_buffers(views, taken, NULL);
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "char_counts: texts must be str");
            return release_buffers(views, taken, NULL);
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(text) < 0)
            return release_buffers(views, taken, NULL);
#endif
    }
    const uint8_t *flags = views[0].buf;
    int64_t *out = views[1].buf;
    memset(out, 0, (size_t)views[1].len);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        int64_t *row = out + k * COLUMNS;
        for (Py_ssize_t i = 0; i + 1 < len; i++)
            count(row, flags, PyUnicode_READ(kind, data, i), PyUnicode_READ(kind, data, i + 1));
        Py_UCS4 last = '\n';
        if (len > 0) {
            last = PyUnicode_READ(kind, data, len - 1);
            count(row, flags, last, '\n');
        }
        /* the newline after the text; after it, the next text's first character */
        Py_UCS4 after = '\n';
        if (k + 1 < n) {
            PyObject *next = PyList_GET_ITEM(texts, k + 1);
            if (PyUnicode_GET_LENGTH(next) > 0)
                after = PyUnicode_READ_CHAR(next, 0);
        }
        count(row, flags, '\n', after);
        row[ENDS_SENTENCE] = (flags_of(flags, last) & END) != 0;
    }
    return finish_call(0, NULL, views, taken);
}

PyDoc_STRVAR(letter_runs_doc,
"letter_runs(text, letters) -> list[str] | None\n\n"
"The distinct runs of two or more characters that letters (bool or uint8,\n"
"65,536 entries, one per BMP character) marks, in the order they first occur;\n"
"None when text holds a character past the BMP, which letters does not cover.");

static PyObject *
letter_runs(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *text, *obj;
    if (!PyArg_ParseTuple(args, "UO", &text, &obj))
        return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    Py_buffer view;
    if (take_buffer(obj, &view, "?B", 1, 0, "letters") < 0)
        return NULL;
    if (view.len != 0x10000) {
        PyErr_SetString(PyExc_ValueError, "letter_runs: letters of the wrong size");
        return release_buffers(&view, 1, NULL);
    }
    if (PyUnicode_MAX_CHAR_VALUE(text) > 0xFFFF)
        return release_buffers(&view, 1, Py_NewRef(Py_None));
    const uint8_t *letters = view.buf;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    PyObject *runs = PyList_New(0), *seen = PySet_New(NULL);
    if (runs == NULL || seen == NULL)
        goto fail;
    while (i < n) {
        if (!letters[PyUnicode_READ(kind, data, i)]) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && letters[PyUnicode_READ(kind, data, i)])
            i++;
        if (i - start < 2)
            continue;
        PyObject *run = PyUnicode_Substring(text, start, i);
        if (run == NULL)
            goto fail;
        int known = PySet_Contains(seen, run);
        if (known < 0 || (!known && (PySet_Add(seen, run) < 0 || PyList_Append(runs, run) < 0))) {
            Py_DECREF(run);
            goto fail;
        }
        Py_DECREF(run);
    }
    Py_DECREF(seen);
    return release_buffers(&view, 1, runs);
fail:
    Py_XDECREF(runs);
    Py_XDECREF(seen);
    return release_buffers(&view, 1, NULL);
}

static PyMethodDef methods[] = {
    {"char_counts", char_counts, METH_VARARGS, char_counts_doc},
    {"letter_runs", letter_runs, METH_VARARGS, letter_runs_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_charcounts",
    .m_doc = "Compiled character scans of block texts (newsclean.html.features).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__charcounts(void)
{
    return PyModule_Create(&module);
}
