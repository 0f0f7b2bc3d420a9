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
 * known_runs looks those runs up in a word table's vocabulary as the scan
 * meets them (names.TokenTable.text_rows, the page-type model's words),
 * past the BMP too (a page with an emoji fell back to the regex): with a
 * str, a hash and a dict probe missing the CPU cache per word, the words'
 * features took 0.59 ms a page over the 1,808 dev pages (1.38 ms on the
 * pages with characters past the BMP, one in nine), 0.27 ms this way. Its
 * twins are features.page_words and the table's dict, which the tests hold it
 * to (every character past the BMP included).
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

/* The vocabulary of a word table packed for known_runs: a header, an
 * open-addressing hash table of word indices (-1: empty; linear probing; at
 * most half full), each word's start in the characters (and the end of the
 * last), and the characters (code points, UCS-4). */
typedef struct {
    uint32_t slots; /* a power of two */
    uint32_t words;
} VocabHeader;

/* FNV-1a over the three low bytes of each code point, low byte first. */
#define FNV_START 2166136261u

static inline uint32_t
fnv1a_step(uint32_t h, Py_UCS4 c)
{
    h = (h ^ (c & 0xFF)) * 16777619u;
    h = (h ^ ((c >> 8) & 0xFF)) * 16777619u;
    return (h ^ ((c >> 16) & 0xFF)) * 16777619u;
}

/* Whether the regex class [^\W\d_] matches c, for a character past the BMP
 * (the caller's table answers for the BMP): sre's \w is Py_UNICODE_ISALNUM or
 * "_", its \d Py_UNICODE_ISDECIMAL, and ISALNUM is ISALPHA, ISDECIMAL,
 * ISDIGIT or ISNUMERIC. */
static inline int
astral_letter(Py_UCS4 c)
{
    return (Py_UNICODE_ISALPHA(c) || Py_UNICODE_ISDIGIT(c) || Py_UNICODE_ISNUMERIC(c)) &&
           !Py_UNICODE_ISDECIMAL(c);
}

typedef struct {
    uint32_t slots, words, chars;
    const int32_t *table;
    const uint32_t *starts;
    const uint32_t *chars_at;
} Vocab;

/* The packed vocabulary's parts, its sizes checked against the buffer's: 0, or
 * -1 with ValueError. What the parts hold is checked where it is read, so that
 * a damaged pack never reads out of bounds nor probes forever. */
static int
vocab_view(const char *buf, Py_ssize_t len, Vocab *v)
{
    if (len < (Py_ssize_t)sizeof(VocabHeader))
        goto bad;
    const VocabHeader *head = (const VocabHeader *)buf;
    v->slots = head->slots;
    v->words = head->words;
    if (v->slots == 0 || (v->slots & (v->slots - 1)) != 0 || v->words >= v->slots)
        goto bad;
    Py_ssize_t fixed = (Py_ssize_t)sizeof(VocabHeader) + 4 * (Py_ssize_t)v->slots +
                       4 * ((Py_ssize_t)v->words + 1);
    if (len < fixed || (len - fixed) % 4 != 0)
        goto bad;
    v->table = (const int32_t *)(buf + sizeof(VocabHeader));
    v->starts = (const uint32_t *)(v->table + v->slots);
    v->chars_at = (const uint32_t *)(v->starts + v->words + 1);
    v->chars = (uint32_t)((len - fixed) / 4);
    return 0;
bad:
    PyErr_SetString(PyExc_ValueError, "damaged vocabulary pack");
    return -1;
}

PyDoc_STRVAR(vocab_pack_doc,
"vocab_pack(words) -> bytes\n\n"
"words (a list of distinct str) packed for known_runs, which reports a word by\n"
"its index in the list. ValueError on a word given twice.");

static PyObject *
vocab_pack(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *words;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &words))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words);
    if (n >= (1 << 28)) {
        PyErr_SetString(PyExc_ValueError, "vocab_pack: too many words");
        return NULL;
    }
    uint64_t total = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *w = PyList_GET_ITEM(words, k);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "vocab_pack: words must be str");
            return NULL;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(w) < 0)
            return NULL;
#endif
        total += (uint64_t)PyUnicode_GET_LENGTH(w);
    }
    if (total >= (1u << 30)) {
        PyErr_SetString(PyExc_ValueError, "vocab_pack: too many characters");
        return NULL;
    }
    uint32_t slots = 16;
    while (slots < 2 * (uint64_t)n + 1)
        slots <<= 1;
    Py_ssize_t size = (Py_ssize_t)sizeof(VocabHeader) + 4 * (Py_ssize_t)slots +
                      4 * ((Py_ssize_t)n + 1) + 4 * (Py_ssize_t)total;
    PyObject *result = PyBytes_FromStringAndSize(NULL, size);
    if (result == NULL)
        return NULL;
    char *base = PyBytes_AS_STRING(result);
    VocabHeader *head = (VocabHeader *)base;
    int32_t *table = (int32_t *)(base + sizeof(VocabHeader));
    uint32_t *starts = (uint32_t *)(table + slots);
    uint32_t *chars = starts + n + 1;
    head->slots = slots;
    head->words = (uint32_t)n;
    for (uint32_t i = 0; i < slots; i++)
        table[i] = -1;
    uint32_t at = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *w = PyList_GET_ITEM(words, k);
        starts[k] = at;
        int kind = PyUnicode_KIND(w);
        const void *data = PyUnicode_DATA(w);
        uint32_t m = (uint32_t)PyUnicode_GET_LENGTH(w);
        uint32_t h = FNV_START;
        for (uint32_t i = 0; i < m; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            chars[at + i] = (uint32_t)c;
            h = fnv1a_step(h, c);
        }
        uint32_t slot = h & (slots - 1);
        while (table[slot] >= 0) {
            uint32_t o = (uint32_t)table[slot];
            uint32_t len = starts[o + 1] - starts[o];
            if (len == m && memcmp(chars + starts[o], chars + at, 4 * (size_t)m) == 0) {
                Py_DECREF(result);
                PyErr_SetString(PyExc_ValueError, "vocab_pack: a word given twice");
                return NULL;
            }
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = (int32_t)k;
        at += m;
    }
    starts[n] = at;
    return result;
}

PyDoc_STRVAR(known_runs_doc,
"known_runs(text, letters, vocab) -> list[int]\n\n"
"The words of vocab (vocab_pack) among the runs of two or more characters of\n"
"the regex class [^\\W\\d_] (letters answers for the BMP, the Unicode database\n"
"past it), as their indices, each once, in the order they first occur: the\n"
"page's words filtered to the vocabulary, without a str per run.");

static PyObject *
known_runs(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *text, *obj;
    Py_buffer packed;
    if (!PyArg_ParseTuple(args, "UOy*", &text, &obj, &packed))
        return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        PyBuffer_Release(&packed);
        return NULL;
    }
#endif
    Py_buffer views[2];
    views[1] = packed;
    if (take_buffer(obj, &views[0], "?B", 1, 0, "letters") < 0) {
        PyBuffer_Release(&packed);
        return NULL;
    }
    if (views[0].len != 0x10000) {
        PyErr_SetString(PyExc_ValueError, "known_runs: letters of the wrong size");
        return release_buffers(views, 2, NULL);
    }
    Vocab v;
    if (vocab_view(packed.buf, packed.len, &v) < 0)
        return release_buffers(views, 2, NULL);
    const uint8_t *letters = views[0].buf;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    uint8_t *seen = PyMem_Calloc(v.words ? v.words : 1, 1);
    PyObject *found = PyList_New(0);
    if (seen == NULL || found == NULL) {
        PyMem_Free(seen);
        Py_XDECREF(found);
        if (seen == NULL)
            PyErr_NoMemory();
        return release_buffers(views, 2, NULL);
    }
    const uint32_t mask = v.slots - 1;
    while (i < n) {
        Py_UCS4 first = PyUnicode_READ(kind, data, i);
        if (!(first <= 0xFFFF ? letters[first] : astral_letter(first))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        uint32_t h = FNV_START;
        while (i < n) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (!(c <= 0xFFFF ? letters[c] : astral_letter(c)))
                break;
            h = fnv1a_step(h, c);
            i++;
        }
        Py_ssize_t m = i - start;
        if (m < 2)
            continue;
        uint32_t slot = h & mask;
        for (uint32_t probes = 0;; probes++, slot = (slot + 1) & mask) {
            int32_t entry = v.table[slot];
            if (entry < 0)
                break;
            uint32_t w = (uint32_t)entry, a = v.starts[w < v.words ? w : 0];
            uint32_t b = v.starts[w < v.words ? w + 1 : 0];
            if (probes >= v.slots || w >= v.words || b < a || b > v.chars) {
                PyErr_SetString(PyExc_ValueError, "damaged vocabulary pack");
                goto fail;
            }
            if ((Py_ssize_t)(b - a) != m)
                continue;
            const uint32_t *word = v.chars_at + a;
            Py_ssize_t j = 0;
            while (j < m && word[j] == PyUnicode_READ(kind, data, start + j))
                j++;
            if (j < m)
                continue;
            if (!seen[w]) {
                seen[w] = 1;
                PyObject *index = PyLong_FromUnsignedLong(w);
                if (index == NULL || PyList_Append(found, index) < 0) {
                    Py_XDECREF(index);
                    goto fail;
                }
                Py_DECREF(index);
            }
            break;
        }
    }
    PyMem_Free(seen);
    return release_buffers(views, 2, found);
fail:
    PyMem_Free(seen);
    Py_DECREF(found);
    return release_buffers(views, 2, NULL);
}

static PyMethodDef methods[] = {
    {"char_counts", char_counts, METH_VARARGS, char_counts_doc},
    {"letter_runs", letter_runs, METH_VARARGS, letter_runs_doc},
    {"vocab_pack", vocab_pack, METH_VARARGS, vocab_pack_doc},
    {"known_runs", known_runs, METH_VARARGS, known_runs_doc},
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
