/* The words of a "class id" string (newsclean.html.names.name_tokens).
 *
 * A page holds about 135 distinct class/id strings, most of them new to the
 * process (sites name their elements in their own way), and the block model
 * reads the words of each: the regular expressions of the Python twin
 * (names._name_tokens, the reference the tests hold this one to) cost 6 us a
 * string, 3.5% of an extraction. Here one pass over the characters folds the
 * string and a second cuts it into words.
 *
 * Only ASCII strings are read here; for any other the function returns None
 * and the caller uses the twin (str.lower() and the regexes' classes are
 * Unicode-aware there: "İ" lowers to two characters, "٣" is a digit).
 *
 * name_summaries scores the distinct names of a page in one call (the block
 * model's class-name columns): a Python step per string cost 2% of an
 * extraction, the strings being mostly new to the process. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* A compound word longer than this is not kept (a generated class name). */
#define MAX_COMPOUND 40

static inline int
is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static inline int
is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static inline int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int
is_alnum(char c)
{
    return is_lower(c) || is_digit(c);
}

/* Append buf[start:end] to list as a str. */
static int
append_word(PyObject *list, const char *buf, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *word = PyUnicode_FromStringAndSize(buf + start, end - start);
    if (word == NULL)
        return -1;
    int rc = PyList_Append(list, word);
    Py_DECREF(word);
    return rc;
}

/* The words of buf[0:m] (folded): each compound (alphanumeric runs joined by
 * single "-" or "_", MAX_COMPOUND characters at most) into compounds, each
 * run of two characters or more into parts, in the order they occur. */
static int
cut(const char *buf, Py_ssize_t m, PyObject *compounds, PyObject *parts)
{
    Py_ssize_t i = 0;
    while (i < m) {
        if (!is_alnum(buf[i])) {
            i++;
            continue;
        }
        Py_ssize_t group = i, runs = 0, end = i;
        for (;;) {
            Py_ssize_t start = i;
            while (i < m && is_alnum(buf[i]))
                i++;
            runs++;
            end = i;
            if (i - start > 1 && append_word(parts, buf, start, i) < 0)
                return -1;
            /* one separator, then a run: the compound goes on */
            if (i + 1 < m && (buf[i] == '-' || buf[i] == '_') && is_alnum(buf[i + 1])) {
                i++;
                continue;
            }
            break;
        }
        if (runs > 1 && end - group <= MAX_COMPOUND && append_word(compounds, buf, group, end) < 0)
            return -1;
    }
    return 0;
}

/* The compound words and the parts of an ASCII string (lists, in the order
 * they occur); 0 on success, -1 with an exception set. */
static int
words_of(PyObject *arg, PyObject **compounds, PyObject **parts)
{
    const char *s = (const char *)PyUnicode_1BYTE_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    /* a hump adds one character per letter at most */
    char stack[512];
    char *buf = stack;
    if (n > (Py_ssize_t)sizeof(stack) / 2) {
        buf = PyMem_Malloc((size_t)n * 2 + 1);
        if (buf == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    Py_ssize_t m = 0;
    int in_digits = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_digit(c)) {
            if (!in_digits)
                buf[m++] = '0';
            in_digits = 1;
            continue;
        }
        in_digits = 0;
        if (is_upper(c)) {
            if (i > 0 && is_lower(s[i - 1]))
                buf[m++] = '-';
            c = (char)(c - 'A' + 'a');
        }
        buf[m++] = c;
    }
    int rc = -1;
    *compounds = PyList_New(0);
    *parts = PyList_New(0);
    if (*compounds != NULL && *parts != NULL)
        rc = cut(buf, m, *compounds, *parts);
    if (rc < 0) {
        Py_CLEAR(*compounds);
        Py_CLEAR(*parts);
    }
    if (buf != stack)
        PyMem_Free(buf);
    return rc;
}

/* A str argument, ready to read; -1 with TypeError otherwise. */
static int
ready_str(PyObject *arg, const char *who)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s: a str is needed", who);
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(arg) < 0)
        return -1;
#endif
    return 0;
}

PyDoc_STRVAR(name_tokens_doc,
"name_tokens(raw) -> tuple[str, ...] | None\n\n"
"The tokens of names._name_tokens for an ASCII string: lower-cased with a\n"
"'-' at each camelCase hump, digit runs folded to '0'; the compound words\n"
"(runs of [a-z0-9] joined by single '-' or '_', 40 characters at most), then\n"
"the runs of two characters or more. None for a string that is not ASCII.");

static PyObject *
name_tokens(PyObject *Py_UNUSED(self), PyObject *arg)
{
    if (ready_str(arg, "name_tokens") < 0)
        return NULL;
    if (!PyUnicode_IS_ASCII(arg))
        Py_RETURN_NONE;
    PyObject *compounds, *parts;
    if (words_of(arg, &compounds, &parts) < 0)
        return NULL;
    Py_ssize_t nc = PyList_GET_SIZE(compounds), np = PyList_GET_SIZE(parts);
    PyObject *result = PyTuple_New(nc + np);
    if (result != NULL) {
        for (Py_ssize_t k = 0; k < nc; k++)
            PyTuple_SET_ITEM(result, k, Py_NewRef(PyList_GET_ITEM(compounds, k)));
        for (Py_ssize_t k = 0; k < np; k++)
            PyTuple_SET_ITEM(result, nc + k, Py_NewRef(PyList_GET_ITEM(parts, k)));
    }
    Py_DECREF(compounds);
    Py_DECREF(parts);
    return result;
}

/* Adds the scores of the words of list that scores knows to *sum, *max, *min
 * (in list order, one addition after the other: the sums of Python's sum()
 * over the same floats, to the last bit); *found counts them. */
static int
add_scores(PyObject *list, PyObject *scores, double *sum, double *max, double *min,
           Py_ssize_t *found)
{
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(list); k++) {
        PyObject *v = PyDict_GetItemWithError(scores, PyList_GET_ITEM(list, k));
        if (v == NULL) {
            if (PyErr_Occurred())
                return -1;
            continue;
        }
        double x = PyFloat_AsDouble(v);
        if (x == -1.0 && PyErr_Occurred())
            return -1;
        if (*found == 0) {
            *max = x;
            *min = x;
        }
        else {
            if (x > *max)
                *max = x;
            if (x < *min)
                *min = x;
        }
        *sum += x;
        (*found)++;
    }
    return 0;
}

PyDoc_STRVAR(name_summaries_doc,
"name_summaries(strings, scores, out) -> list[int]\n\n"
"For each ASCII string of the list strings, the sum, maximum and minimum of the\n"
"scores (a dict of str to float) of its name_tokens, in token order, written to\n"
"row i of out (a C-contiguous float64 buffer of len(strings) rows of 3; zeros\n"
"when scores knows none of them). Returns the indices of the strings that are\n"
"not ASCII, whose rows are left as they were.");

static PyObject *
name_summaries(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *strings, *scores, *target;
    if (!PyArg_ParseTuple(args, "O!O!O:name_summaries", &PyList_Type, &strings,
                          &PyDict_Type, &scores, &target))
        return NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(target, &view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return NULL;
    PyObject *others = NULL;
    Py_ssize_t n = PyList_GET_SIZE(strings);
    if (view.itemsize != (Py_ssize_t)sizeof(double) || view.format == NULL ||
        strcmp(view.format, "d") != 0 || view.len != n * 3 * (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError,
                        "name_summaries: out must be float64 with 3 values per string");
        goto done;
    }
    others = PyList_New(0);
    if (others == NULL)
        goto done;
    double *row = (double *)view.buf;
    /* The dict lookups may run a str subclass's __eq__, which could shorten
     * the list: its length is read again at each step. */
    for (Py_ssize_t i = 0; i < n && i < PyList_GET_SIZE(strings); i++, row += 3) {
        PyObject *arg = PyList_GET_ITEM(strings, i);
        if (ready_str(arg, "name_summaries") < 0)
            goto fail;
        if (!PyUnicode_IS_ASCII(arg)) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (index == NULL || PyList_Append(others, index) < 0) {
                Py_XDECREF(index);
                goto fail;
            }
            Py_DECREF(index);
            continue;
        }
        PyObject *compounds, *parts;
        if (words_of(arg, &compounds, &parts) < 0)
            goto fail;
        double sum = 0.0, max = 0.0, min = 0.0;
        Py_ssize_t found = 0;
        /* the tokens' order: the compounds, then the parts */
        int rc = add_scores(compounds, scores, &sum, &max, &min, &found);
        if (rc == 0)
            rc = add_scores(parts, scores, &sum, &max, &min, &found);
        Py_DECREF(compounds);
        Py_DECREF(parts);
        if (rc < 0)
            goto fail;
        row[0] = sum;
        row[1] = max;
        row[2] = min;
    }
    goto done;
fail:
    Py_CLEAR(others);
done:
    PyBuffer_Release(&view);
    return others;
}

static PyMethodDef methods[] = {
    {"name_tokens", name_tokens, METH_O, name_tokens_doc},
    {"name_summaries", name_summaries, METH_VARARGS, name_summaries_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_nametokens",
    .m_doc = "Compiled words of class/id names (newsclean.html.names).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__nametokens(void)
{
    return PyModule_Create(&module);
}
