/* The nesting depth newsclean.html.dom.estimate_depth reads off start and end
 * tags, in one pass over the page's characters.
 *
 * The numpy twin in dom.py (a regex finds the tags, numpy sums their steps)
 * gives the same depth and is the reference the tests hold this one to; it
 * took 3% of an extraction, asked of nearly every page before parsing. Here
 * the string is read where it lies (1, 2 or 4 bytes a character), nothing is
 * copied, and every read is bounded by the string's length. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* [A-Za-z0-9_-]: what may continue a tag name (the regex's ASCII [\w-]). */
static inline int
name_char(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

static inline int
letter(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The names no depth is counted for, grouped by first letter: a tag's name is
 * compared with the few names sharing its first letter. */
typedef struct {
    const char *names;
    Py_ssize_t *starts; /* of each name in ``names``, grouped by first letter */
    Py_ssize_t *lens;
    Py_ssize_t group[129]; /* names with first byte b: entries group[b] to group[b + 1] */
} Names;

/* ``names`` ("a|b|...") parsed into ``out``; -1 with ValueError when a name is
 * empty or holds a character no tag name does. */
static int
parse_names(const char *names, Py_ssize_t len, Names *out)
{
    Py_ssize_t count = 1;
    for (Py_ssize_t i = 0; i < len; i++)
        count += names[i] == '|';
    out->names = names;
    out->starts = PyMem_New(Py_ssize_t, count);
    out->lens = PyMem_New(Py_ssize_t, count);
    if (out->starts == NULL || out->lens == NULL) {
        PyMem_Free(out->starts);
        PyMem_Free(out->lens);
        PyErr_NoMemory();
        return -1;
    }
    memset(out->group, 0, sizeof(out->group));
    /* counted per first byte, then placed: a counting sort */
    for (int pass = 0; pass < 2; pass++) {
        Py_ssize_t at = 0;
        while (at <= len) {
            Py_ssize_t stop = at;
            while (stop < len && names[stop] != '|')
                stop++;
            for (Py_ssize_t i = at; i < stop; i++) {
                if (!name_char((unsigned char)names[i])) {
                    stop = at;
                    break;
                }
            }
            if (stop == at) {
                PyMem_Free(out->starts);
                PyMem_Free(out->lens);
                PyErr_SetString(PyExc_ValueError, "names must be \"a|b|...\", tag names");
                return -1;
            }
            unsigned char first = (unsigned char)names[at];
            if (pass == 0) {
                out->group[first + 1]++;
            } else {
                Py_ssize_t k = out->group[first]++;
                out->starts[k] = at;
                out->lens[k] = stop - at;
            }
            at = stop + 1;
        }
        if (pass == 0) {
            for (int b = 0; b < 128; b++)
                out->group[b + 1] += out->group[b];
        } else {
            /* placing advanced each group's start to the next one's: shift back */
            for (int b = 128; b > 0; b--)
                out->group[b] = out->group[b - 1];
            out->group[0] = 0;
        }
    }
    return 0;
}

static void
free_names(Names *names)
{
    PyMem_Free(names->starts);
    PyMem_Free(names->lens);
}

/* One scan per character width, ``T`` the character type: the characters are
 * read where they lie (the next "<" found by memchr when they are bytes). */
#define FIND_LT_1(T, data, i, n)                                                   \
    do {                                                                           \
        const T *lt_ = memchr((data) + (i), '<', (size_t)((n) - (i)));             \
        (i) = lt_ ? lt_ - (data) : (n);                                            \
    } while (0)
#define FIND_LT_WIDE(T, data, i, n)                                                \
    do {                                                                           \
        while ((i) < (n) && (data)[i] != '<')                                      \
            (i)++;                                                                 \
    } while (0)

#define DEFINE_SCAN(NAME, T, FIND_LT)                                              \
    /* Whether data[start:end] (ASCII letter first) is one of ``names``,          \
     * compared as written: the regex has no IGNORECASE. */                        \
    static int NAME##_listed(const T *data, Py_ssize_t start, Py_ssize_t end,      \
                             const Names *names)                                   \
    {                                                                              \
        Py_ssize_t len = end - start;                                              \
        unsigned char first = (unsigned char)data[start];                          \
        for (Py_ssize_t k = names->group[first]; k < names->group[first + 1]; k++) { \
            if (names->lens[k] != len)                                             \
                continue;                                                          \
            const char *name = names->names + names->starts[k];                    \
            Py_ssize_t i = 1;                                                      \
            while (i < len && data[start + i] == (unsigned char)name[i])           \
                i++;                                                               \
            if (i == len)                                                          \
                return 1;                                                          \
        }                                                                          \
        return 0;                                                                  \
    }                                                                              \
    static Py_ssize_t NAME(const T *data, Py_ssize_t n, const Names *names)        \
    {                                                                              \
        Py_ssize_t depth = 0, deepest = 0, i = 0;                                  \
        for (;;) {                                                                 \
            FIND_LT(T, data, i, n);                                                \
            if (i >= n)                                                            \
                break;                                                             \
            /* data[i] is "<"; the next search starts after it, as findall's */    \
            Py_ssize_t j = ++i;                                                    \
            int closing = j < n && data[j] == '/';                                 \
            j += closing;                                                          \
            if (j >= n || !letter(data[j]))                                        \
                continue;                                                          \
            Py_ssize_t end = j + 1;                                                \
            while (end < n && name_char(data[end]))                                \
                end++;                                                             \
            /* no "<" in the name: the search may resume after it */               \
            i = end;                                                               \
            if (NAME##_listed(data, j, end, names))                                \
                continue;                                                          \
            if (closing)                                                           \
                depth--;                                                           \
            else if (++depth > deepest)                                            \
                deepest = depth;                                                   \
        }                                                                          \
        return deepest;                                                            \
    }

DEFINE_SCAN(scan1, Py_UCS1, FIND_LT_1)
DEFINE_SCAN(scan2, Py_UCS2, FIND_LT_WIDE)
DEFINE_SCAN(scan4, Py_UCS4, FIND_LT_WIDE)

PyDoc_STRVAR(tag_depth_doc,
"tag_depth(html, names) -> int\n\n"
"The greatest nesting depth the tags of html reach (0 at least): each \"<\" and\n"
"\"</\" before a letter steps one in or out, unless the tag's whole name is one\n"
"of names (\"area|base|...\", as written). html is a str or its UTF-8 bytes\n"
"(the same depth: tags are ASCII, and no byte of a longer character is).");

static PyObject *
tag_depth(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *html;
    const char *names_str;
    Py_ssize_t names_len, deepest;
    Names names;
    if (!PyArg_ParseTuple(args, "Os#", &html, &names_str, &names_len))
        return NULL;
    if (PyUnicode_Check(html)) {
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(html) < 0)
            return NULL;
#endif
        if (parse_names(names_str, names_len, &names) < 0)
            return NULL;
        const void *data = PyUnicode_DATA(html);
        Py_ssize_t n = PyUnicode_GET_LENGTH(html);
        switch (PyUnicode_KIND(html)) {
        case PyUnicode_1BYTE_KIND:
            deepest = scan1(data, n, &names);
            break;
        case PyUnicode_2BYTE_KIND:
            deepest = scan2(data, n, &names);
            break;
        default:
            deepest = scan4(data, n, &names);
            break;
        }
    } else {
        Py_buffer view;
        if (PyObject_GetBuffer(html, &view, PyBUF_SIMPLE) < 0)
            return NULL;
        if (parse_names(names_str, names_len, &names) < 0) {
            PyBuffer_Release(&view);
            return NULL;
        }
        deepest = scan1(view.buf, view.len, &names);
        PyBuffer_Release(&view);
    }
    free_names(&names);
    return PyLong_FromSsize_t(deepest);
}

static PyMethodDef methods[] = {
    {"tag_depth", tag_depth, METH_VARARGS, tag_depth_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_tagdepth",
    .m_doc = "Compiled nesting depth estimate of newsclean.html.dom.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__tagdepth(void)
{
    return PyModule_Create(&module);
}
