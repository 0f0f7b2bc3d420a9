/* Every line's boilerplate key, folded length and sentence shape in one walk
 * (newsclean.clean.boilerplate).
 *
 * The Python twin folds a line with two regex substitutions and a strip, hashes
 * it, and counts its words with a third regex: about 6 us a line, 1.3 ms for a
 * 16 kB page text, an eighth of what `run` spends on a document of a text
 * corpus. The walk here gives the same keys to the bit (UTF-8 and XXH64:
 * ../_texthash.h; tests/test_clean_line_keys.py holds the twins together):
 * the keys are saved in boilerplate tables and read by later runs.
 *
 * A line's fold (boilerplate.normalize_line): case-folded (the caller folds the
 * whole text: folding never makes or removes a line break), each run of decimal
 * digits one "0" (the regex's \d: Py_UNICODE_ISDECIMAL), each run of other
 * characters than letters and digits (the regex's [\W_]: not Py_UNICODE_ISALNUM)
 * one space, none at either end. Its sentence shape (boilerplate.is_sentence)
 * is read from the line as written. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "../_texthash.h"
#include <stdint.h>
#include <stdlib.h>

/* boilerplate._DOC_MARK: the key of a site's document-count row; a line whose
 * hash lands on it takes the key 1 instead. */
#define DOC_MARK 0

struct text {
    int kind;
    const void *data;
    Py_ssize_t n;
};

static inline Py_UCS4
at(const struct text *t, Py_ssize_t i)
{
    return PyUnicode_READ(t->kind, t->data, i);
}

/* The end of the line starting at ``i`` (the index of its "\n", or n). */
static Py_ssize_t
line_end(const struct text *t, Py_ssize_t i)
{
    while (i < t->n && at(t, i) != '\n')
        i++;
    return i;
}

static inline int
is_decimal(Py_UCS4 c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    return Py_UNICODE_ISDECIMAL(c);
}

/* The folded line [start, end) of ``t`` into ``out`` (room for 4 bytes a
 * character); its length in bytes, and in characters into ``*chars``. */
static size_t
fold_line(const struct text *t, Py_ssize_t start, Py_ssize_t end, unsigned char *out,
          Py_ssize_t *chars)
{
    size_t len = 0;
    Py_ssize_t count = 0;
    int space = 0, digits = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = at(t, i);
        int decimal = is_decimal(c);
        if (!decimal && !text_isalnum(c)) {
            space = len > 0;
            digits = 0;
            continue;
        }
        if (decimal && digits)
            continue;
        if (space) {
            out[len++] = ' ';
            count++;
            space = 0;
        }
        if (decimal) {
            out[len++] = '0';
            digits = 1;
        } else {
            len += put_utf8(out + len, c);
            digits = 0;
        }
        count++;
    }
    *chars = count;
    return len;
}

/* boilerplate._TERMINAL's sets: what ends a sentence, and the closing quotes
 * and brackets that may follow it. */
static int
terminal(Py_UCS4 c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 ||
           c == 0xFF1F || c == 0x061F;
}

static int
closing(Py_UCS4 c)
{
    return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0x00BB || c == ')' ||
           c == ']';
}

/* boilerplate.is_sentence of the line [start, end) as written: 4+ words (runs
 * of \w: letters, digits, "_") ending in terminal punctuation (after closing
 * quotes, before trailing white space), or 16+ words. */
static int
sentence(const struct text *t, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t words = 0;
    int in_word = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = at(t, i);
        int w = text_isword(c);
        words += w && !in_word;
        in_word = w;
    }
    if (words <= 3)
        return 0;
    if (words > 15)
        return 1;
    Py_ssize_t i = end;
    while (i > start && Py_UNICODE_ISSPACE(at(t, i - 1)))
        i--;
    while (i > start && closing(at(t, i - 1)))
        i--;
    return i > start && terminal(at(t, i - 1));
}

PyDoc_STRVAR(line_rows_doc,
"line_rows(text, folded, /) -> (keys, lengths, sentences)\n\n"
"For every line of text (split at \"\\n\"; folded is text.casefold()): the\n"
"boilerplate key of its fold (boilerplate.line_key; None when nothing is\n"
"left), the fold's length in characters, and whether the line is\n"
"sentence-shaped (boilerplate.is_sentence); three lists.");

static PyObject *
line_rows(PyObject *self, PyObject *args)
{
    PyObject *raw_obj, *folded_obj;
    if (!PyArg_ParseTuple(args, "UU", &raw_obj, &folded_obj))
        return NULL;
    struct text raw = {PyUnicode_KIND(raw_obj), PyUnicode_DATA(raw_obj),
                       PyUnicode_GET_LENGTH(raw_obj)};
    struct text folded = {PyUnicode_KIND(folded_obj), PyUnicode_DATA(folded_obj),
                          PyUnicode_GET_LENGTH(folded_obj)};
    PyObject *keys = PyList_New(0), *lengths = PyList_New(0), *sentences = PyList_New(0);
    unsigned char *buf = NULL;
    size_t cap = 0;
    PyObject *result = NULL;
    if (!keys || !lengths || !sentences)
        goto done;
    Py_ssize_t r = 0, f = 0;
    for (;;) {
        Py_ssize_t r_end = line_end(&raw, r), f_end = line_end(&folded, f);
        if ((r_end == raw.n) != (f_end == folded.n)) {
            PyErr_SetString(PyExc_ValueError, "folded has other lines than text");
            goto done;
        }
        size_t need = (size_t)(f_end - f) * 4 + 1;
        if (need > cap) {
            unsigned char *p = realloc(buf, need);
            if (p == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            buf = p;
            cap = need;
        }
        Py_ssize_t chars;
        size_t len = fold_line(&folded, f, f_end, buf, &chars);
        PyObject *key, *length;
        if (len == 0) {
            key = Py_NewRef(Py_None);
        } else {
            long long k = xxh64_signed(xxh64(buf, len));
            key = PyLong_FromLongLong(k == DOC_MARK ? 1 : k);
        }
        length = PyLong_FromSsize_t(chars);
        int ok = key && length && PyList_Append(keys, key) == 0 &&
                 PyList_Append(lengths, length) == 0 &&
                 PyList_Append(sentences, sentence(&raw, r, r_end) ? Py_True : Py_False) == 0;
        Py_XDECREF(key);
        Py_XDECREF(length);
        if (!ok)
            goto done;
        if (r_end == raw.n)
            break;
        r = r_end + 1;
        f = f_end + 1;
    }
    result = PyTuple_Pack(3, keys, lengths, sentences);
done:
    free(buf);
    Py_XDECREF(keys);
    Py_XDECREF(lengths);
    Py_XDECREF(sentences);
    return result;
}

static PyMethodDef methods[] = {
    {"line_rows", line_rows, METH_VARARGS, line_rows_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_linekeys",
    .m_doc = "Compiled boilerplate keys of a text's lines (see newsclean.clean.boilerplate).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__linekeys(void)
{
    return PyModule_Create(&module);
}
