/* Walks over a parsed page's nodes in C: the blocks of
 * newsclean.html.content.collect_blocks, and the text nodes at the top of the
 * body the metadata readers scan (newsclean.metadata.page.BodyTexts).
 *
 * A Python walk makes a selectolax object for every node of the page and asks
 * it for its text, its tag and its parent: a sixth of an extraction's time for
 * the blocks, about a twentieth for the metadata's scan. These walks read lexbor's
 * nodes directly, through the accessor functions lexbor
 * exports ("_noi": not inlined, made for bindings), looked up with dlsym in
 * selectolax's already-loaded extension module: nothing is linked at build time
 * and no struct layout of lexbor's is assumed. A node's address is what
 * selectolax reports as its ``mem_id``.
 *
 * The Python walks stay the references: before a compiled walk is first used
 * it is compared with its Python twin on a page of every construct
 * (html.content.compiled_walk, metadata.page.compiled_texts; the Python walk
 * serves alone if they differ), the tests compare them on every page they
 * hold, and the Python block walk serves the pages this one leaves to it
 * (Markdown marks and links, mojibake repair). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#ifndef _WIN32
#include <dlfcn.h>
#endif
#include <stdint.h>
#include <string.h>

typedef struct lxb_node lxb_node; /* opaque: only lexbor's functions look inside */

enum { NODE_ELEMENT = 1, NODE_TEXT = 3, NODE_DOCUMENT = 9 };

/* What a tag is to the walk (content.py sends the names of each kind). */
enum { INLINE = 1, LINK = 2, CELL = 4, ROW = 8, BREAK = 16, QUOTE = 32 };

static struct {
    lxb_node *(*first_child)(lxb_node *);
    lxb_node *(*next)(lxb_node *);
    lxb_node *(*parent)(lxb_node *);
    unsigned int (*type)(lxb_node *);
    uintptr_t (*tag_id)(lxb_node *);
    unsigned char *(*text_content)(lxb_node *, size_t *);
    void *(*destroy_text)(lxb_node *document, unsigned char *text);
    const unsigned char *(*qualified_name)(lxb_node *element, size_t *len);
    void *(*first_attr)(lxb_node *element);
    void *(*next_attr)(void *attr);
    const unsigned char *(*attr_name)(void *attr, size_t *len);
    const unsigned char *(*attr_value)(void *attr, size_t *len);
} lx;
static int bound = 0;
static PyObject *specials = NULL; /* tag id -> name of the non-elements selectolax names */

/* Names of the HTML tags (lexbor's ids below this bound are its fixed table):
 * one str object per tag instead of one per element. */
#define KNOWN_IDS 512
static PyObject *names_by_id[KNOWN_IDS];

PyDoc_STRVAR(bind_doc,
"bind(path, specials) -> None\n\n"
"Find lexbor's accessors in the loaded module at ``path`` (selectolax.lexbor's\n"
"file). ``specials``: selectolax's names of non-element nodes by tag id.\n"
"ImportError when the module or one of the functions is not there.");

static PyObject *
bind(PyObject *self, PyObject *args)
{
    const char *path;
    PyObject *names;
    if (!PyArg_ParseTuple(args, "sO!", &path, &PyDict_Type, &names))
        return NULL;
#ifdef _WIN32
    /* No dlsym: newsclean keeps its Python walks there. */
    (void)path;
    PyErr_SetString(PyExc_ImportError, "the compiled page walks need dlopen");
    return NULL;
#else
    void *lib = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (lib == NULL) {
        PyErr_Format(PyExc_ImportError, "lexbor is not loaded from %s", path);
        return NULL;
    }
    struct {
        const char *name;
        void **slot;
    } wanted[] = {
        {"lxb_dom_node_first_child_noi", (void **)&lx.first_child},
        {"lxb_dom_node_next_noi", (void **)&lx.next},
        {"lxb_dom_node_parent_noi", (void **)&lx.parent},
        {"lxb_dom_node_type_noi", (void **)&lx.type},
        {"lxb_dom_node_tag_id_noi", (void **)&lx.tag_id},
        {"lxb_dom_node_text_content", (void **)&lx.text_content},
        {"lxb_dom_document_destroy_text_noi", (void **)&lx.destroy_text},
        {"lxb_dom_element_qualified_name", (void **)&lx.qualified_name},
        {"lxb_dom_element_first_attribute_noi", (void **)&lx.first_attr},
        {"lxb_dom_element_next_attribute_noi", (void **)&lx.next_attr},
        {"lxb_dom_attr_qualified_name", (void **)&lx.attr_name},
        {"lxb_dom_attr_value_noi", (void **)&lx.attr_value},
    };
    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
        void *fn = dlsym(lib, wanted[i].name);
        if (fn == NULL) {
            bound = 0;
            dlclose(lib);
            PyErr_Format(PyExc_ImportError, "lexbor has no %s", wanted[i].name);
            return NULL;
        }
        *wanted[i].slot = fn;
    }
    /* The handle stays open: the module it names is never unloaded anyway. */
    Py_INCREF(names);
    Py_XSETREF(specials, names);
    bound = 1;
    Py_RETURN_NONE;
#endif
}

/* --- pointer -> int maps (open addressing; a node's address is never 0) --- */

typedef struct {
    uintptr_t *keys;
    Py_ssize_t *values;
    size_t mask, used;
} Map;

static int
map_init(Map *m, size_t want)
{
    size_t cap = 64;
    while (cap < want * 2)
        cap <<= 1;
    m->keys = PyMem_Calloc(cap, sizeof(uintptr_t));
    m->values = PyMem_Malloc(cap * sizeof(Py_ssize_t));
    m->mask = cap - 1;
    m->used = 0;
    if (m->keys == NULL || m->values == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void
map_free(Map *m)
{
    PyMem_Free(m->keys);
    PyMem_Free(m->values);
}

static inline size_t
slot_of(const Map *m, uintptr_t key)
{
    size_t h = (size_t)((key >> 4) * 0x9E3779B97F4A7C15ull);
    size_t i = h & m->mask;
    while (m->keys[i] != 0 && m->keys[i] != key)
        i = (i + 1) & m->mask;
    return i;
}

static inline Py_ssize_t
map_get(const Map *m, uintptr_t key)
{
    size_t i = slot_of(m, key);
    return m->keys[i] == key ? m->values[i] : -1;
}

static int
map_put(Map *m, uintptr_t key, Py_ssize_t value)
{
    if ((m->used + 1) * 2 > m->mask + 1) {
        Map bigger;
        if (map_init(&bigger, m->mask + 1) < 0)
            return -1;
        for (size_t i = 0; i <= m->mask; i++)
            if (m->keys[i] != 0) {
                size_t j = slot_of(&bigger, m->keys[i]);
                bigger.keys[j] = m->keys[i];
                bigger.values[j] = m->values[i];
            }
        bigger.used = m->used;
        map_free(m);
        *m = bigger;
    }
    size_t i = slot_of(m, key);
    if (m->keys[i] == 0)
        m->used++;
    m->keys[i] = key;
    m->values[i] = value;
    return 0;
}

/* Room for one more item in ``*items`` (``len`` used of ``*cap``); -1 with
 * MemoryError. */
static int
grow(void **items, Py_ssize_t len, Py_ssize_t *cap, size_t item_size)
{
    if (len < *cap)
        return 0;
    Py_ssize_t more = *cap ? *cap * 2 : 64;
    void *bigger = PyMem_Realloc(*items, (size_t)more * item_size);
    if (bigger == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *items = bigger;
    *cap = more;
    return 0;
}

/* The next node after ``node`` in document order within ``root``'s subtree,
 * NULL after the last. */
static lxb_node *
next_in(lxb_node *root, lxb_node *node)
{
    lxb_node *child = lx.first_child(node);
    if (child != NULL)
        return child;
    while (node != root && lx.next(node) == NULL)
        node = lx.parent(node);
    return node == root ? NULL : lx.next(node);
}

/* The node whose mem_id is ``root_id``, once bind() has found lexbor's
 * functions; NULL with an exception otherwise. */
static lxb_node *
root_node(unsigned long long root_id)
{
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "bind() first");
        return NULL;
    }
    if (root_id == 0) {
        PyErr_SetString(PyExc_ValueError, "no root");
        return NULL;
    }
    return (lxb_node *)(uintptr_t)root_id;
}

/* The document ``node`` belongs to, whose pool a text copy goes back to as
 * soon as it is read; NULL for a node outside any (its copies stay until the
 * document goes). */
static lxb_node *
document_of(lxb_node *node)
{
    while (lx.parent(node) != NULL)
        node = lx.parent(node);
    return lx.type(node) == NODE_DOCUMENT ? node : NULL;
}

/* --- one walk -------------------------------------------------------------- */

typedef struct {
    lxb_node *node;
    Py_ssize_t parent, depth;
    PyObject *tag; /* a new reference: its name, "" when it has none */
    int code;
} Element;

/* What a text node's parent says of its text (content._InlineInfo). */
typedef struct {
    uintptr_t key;   /* the block's address, the root's without a block */
    Py_ssize_t node; /* the block's element index (0: the root's) */
    uintptr_t cell;  /* the table cell's address, 0 outside one */
    int in_link;
} Info;

typedef struct {
    PyObject *text; /* a new reference */
    uintptr_t cell;
    int in_link;
} Piece;

typedef struct {
    lxb_node *root, *document;
    PyObject *codes, *kinds, *paragraph, *block_type, *finish_pre;
    int code_of_id[KNOWN_IDS]; /* -1: not looked up yet */
    /* the elements, indexed as content.Elements indexes them */
    Map index;
    Element *elements;
    Py_ssize_t n_elements, cap_elements;
    lxb_node **chain; /* element_of's ancestors still to index, nearest first */
    Py_ssize_t cap_chain;
    /* text nodes' parents already read */
    Map seen;
    Info *infos;
    Py_ssize_t n_infos, cap_infos;
    /* the open block */
    int open;
    uintptr_t key;
    Py_ssize_t node;
    PyObject *kind, *level; /* borrowed from the kinds table (or the quote kind) */
    Piece *pieces;
    Py_ssize_t n_pieces, cap_pieces;
    PyObject *blocks;
} Walk;

static PyObject *space_str, *cell_sep, *empty_str, *quote_str, *pre_str, *p_str;

/* The name selectolax gives ``node`` as its tag (a new reference; None for a
 * node it names nothing). */
static PyObject *
tag_name(lxb_node *node)
{
    uintptr_t id = lx.tag_id(node);
    if (lx.type(node) != NODE_ELEMENT) {
        PyObject *key = PyLong_FromSize_t(id);
        if (key == NULL)
            return NULL;
        PyObject *name = PyDict_GetItemWithError(specials, key);
        Py_DECREF(key);
        if (name == NULL && PyErr_Occurred())
            return NULL;
        name = name ? name : Py_None;
        Py_INCREF(name);
        return name;
    }
    size_t len = 0;
    const unsigned char *raw = lx.qualified_name(node, &len);
    if (raw == NULL)
        Py_RETURN_NONE;
    if (id < KNOWN_IDS && names_by_id[id] != NULL) {
        Py_ssize_t have;
        const char *known = PyUnicode_AsUTF8AndSize(names_by_id[id], &have);
        if (known == NULL)
            return NULL;
        if ((size_t)have == len && memcmp(known, raw, len) == 0) {
            Py_INCREF(names_by_id[id]);
            return names_by_id[id];
        }
    }
    PyObject *name = PyUnicode_DecodeUTF8((const char *)raw, (Py_ssize_t)len, "replace");
    if (name != NULL && id < KNOWN_IDS) {
        Py_INCREF(name);
        Py_XSETREF(names_by_id[id], name);
    }
    return name;
}

/* The kinds ``node``'s tag is of (the codes table read by its name); -1 on error. */
static int
code_of(Walk *w, lxb_node *node)
{
    if (lx.type(node) != NODE_ELEMENT)
        return 0; /* "-document", "-comment"...: of no kind the walk asks about */
    uintptr_t id = lx.tag_id(node);
    if (id < KNOWN_IDS && w->code_of_id[id] >= 0)
        return w->code_of_id[id];
    PyObject *name = tag_name(node);
    if (name == NULL)
        return -1;
    int code = 0;
    if (name != Py_None) {
        PyObject *found = PyDict_GetItemWithError(w->codes, name);
        if (found == NULL && PyErr_Occurred()) {
            Py_DECREF(name);
            return -1;
        }
        code = found ? (int)PyLong_AsLong(found) : 0;
    }
    Py_DECREF(name);
    /* The kinds are of lower-case HTML names, which an id always spells alike
     * (only foreign elements keep capitals: clipPath). */
    if (id < KNOWN_IDS)
        w->code_of_id[id] = code;
    return code;
}

/* ``node`` as the next element, under element ``parent`` (-1 for the root):
 * its index, or -1 on error. */
static Py_ssize_t
add_element(Walk *w, lxb_node *node, Py_ssize_t parent)
{
    Py_ssize_t k = w->n_elements;
    int code = code_of(w, node);
    PyObject *tag = code < 0 ? NULL : tag_name(node);
    if (tag == Py_None) {
        Py_DECREF(tag);
        tag = Py_NewRef(empty_str);
    }
    if (tag == NULL || grow((void **)&w->elements, k, &w->cap_elements, sizeof(Element)) < 0 ||
        map_put(&w->index, (uintptr_t)node, k) < 0) {
        Py_XDECREF(tag);
        return -1;
    }
    Py_ssize_t depth = parent < 0 ? 0 : w->elements[parent].depth + 1;
    w->elements[k] = (Element){node, parent, depth, tag, code};
    w->n_elements = k + 1;
    return k;
}

/* ``node``'s element index, indexing it and its ancestors up to the first one
 * already indexed, top-down (Elements.of); -1 on error. */
static Py_ssize_t
element_of(Walk *w, lxb_node *node)
{
    Py_ssize_t found = map_get(&w->index, (uintptr_t)node);
    if (found >= 0)
        return found;
    Py_ssize_t n = 0, top = 0;
    for (lxb_node *cur = node; cur != NULL; cur = lx.parent(cur)) {
        Py_ssize_t known = map_get(&w->index, (uintptr_t)cur);
        if (known >= 0) {
            top = known;
            break;
        }
        if (grow((void **)&w->chain, n, &w->cap_chain, sizeof(lxb_node *)) < 0)
            return -1;
        w->chain[n++] = cur;
    }
    Py_ssize_t result = top;
    for (Py_ssize_t i = n - 1; i >= 0 && result >= 0; i--)
        result = add_element(w, w->chain[i], result);
    return result;
}

/* Whether one of the ``levels`` nearest ancestors of element ``node`` below the
 * root is of ``kind`` (Elements.has_tag_above). */
static int
kind_above(const Walk *w, Py_ssize_t node, int kind, int levels)
{
    Py_ssize_t cur = w->elements[node].parent;
    for (int i = 0; i < levels; i++) {
        if (cur <= 0)
            return 0;
        if (w->elements[cur].code & kind)
            return 1;
        cur = w->elements[cur].parent;
    }
    return 0;
}

/* The block a text node under ``parent`` belongs to (content._inline_info),
 * copied into ``out``; -1 on error. */
static int
info_of(Walk *w, lxb_node *parent, Info *out)
{
    Py_ssize_t at = map_get(&w->seen, (uintptr_t)parent);
    if (at >= 0) {
        *out = w->infos[at];
        return 0;
    }
    Info info = {(uintptr_t)w->root, 0, 0, 0};
    lxb_node *cur = parent;
    while (cur != NULL) {
        int code = code_of(w, cur);
        if (code < 0)
            return -1;
        if (code & INLINE) {
            if (code & LINK)
                info.in_link = 1;
            cur = lx.parent(cur);
            continue;
        }
        if (code & CELL) {
            info.cell = (uintptr_t)cur;
            /* Cells belong to their row. */
            cur = lx.parent(cur);
            while (cur != NULL && cur != w->root) {
                int up = code_of(w, cur);
                if (up < 0)
                    return -1;
                if (up & ROW)
                    break;
                cur = lx.parent(cur);
            }
        }
        break;
    }
    if (cur != NULL) {
        Py_ssize_t node = element_of(w, cur);
        if (node < 0)
            return -1;
        info.key = (uintptr_t)cur;
        info.node = node;
        /* <a><h3>headline</h3></a>: a block inside a link is link text too. */
        if (!info.in_link && kind_above(w, node, LINK, 3))
            info.in_link = 1;
    }
    at = w->n_infos;
    if (grow((void **)&w->infos, at, &w->cap_infos, sizeof(Info)) < 0 ||
        map_put(&w->seen, (uintptr_t)parent, at) < 0)
        return -1;
    w->infos[at] = info;
    w->n_infos = at + 1;
    *out = info;
    return 0;
}

/* len(text.strip()) */
static Py_ssize_t
stripped_length(PyObject *text)
{
    Py_ssize_t start = 0, end = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    while (start < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)))
        start++;
    while (end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    return end - start;
}

/* text.isspace() for a text that is not empty */
static int
all_space(PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            return 0;
    return 1;
}

static int
add_piece(Walk *w, PyObject *text, uintptr_t cell, int in_link)
{
    if (grow((void **)&w->pieces, w->n_pieces, &w->cap_pieces, sizeof(Piece)) < 0)
        return -1;
    w->pieces[w->n_pieces++] = (Piece){Py_NewRef(text), cell, in_link};
    return 0;
}

/* The open block as a Block at the end of the blocks, when it has text
 * (content._finish); closes it. -1 on error. */
static int
flush(Walk *w)
{
    int failed = 1;
    PyObject *raw = NULL, *text = NULL;
    if (!w->open || w->n_pieces == 0) {
        failed = 0;
        goto done;
    }
    Py_ssize_t link_chars = 0, cells = 1;
    if (w->n_pieces == 1) {
        /* Most blocks are one text node: nothing to join. */
        raw = Py_NewRef(w->pieces[0].text);
        if (w->pieces[0].in_link)
            link_chars = stripped_length(raw);
    } else {
        PyObject *parts = PyList_New(0);
        if (parts == NULL)
            goto done;
        uintptr_t last_cell = w->pieces[0].cell;
        for (Py_ssize_t i = 0; i < w->n_pieces; i++) {
            const Piece *p = &w->pieces[i];
            /* Only a cell starts a cell: the whitespace between a row's cells
             * is in none. */
            if (p->cell && p->cell != last_cell) {
                if (PyList_Append(parts, cell_sep) < 0) {
                    Py_DECREF(parts);
                    goto done;
                }
                last_cell = p->cell;
                cells++;
            }
            if (PyList_Append(parts, p->text) < 0) {
                Py_DECREF(parts);
                goto done;
            }
            if (p->in_link)
                link_chars += stripped_length(p->text);
        }
        raw = PyUnicode_Join(empty_str, parts);
        Py_DECREF(parts);
        if (raw == NULL)
            goto done;
    }
    if (PyUnicode_Compare(w->kind, pre_str) == 0) {
        /* Code keeps its lines and their indentation (content.py dedents). */
        text = PyObject_CallOneArg(w->finish_pre, raw);
    } else {
        PyObject *words = PyUnicode_Split(raw, NULL, -1);
        if (words == NULL)
            goto done;
        text = PyUnicode_Join(space_str, words);
        Py_DECREF(words);
    }
    if (text == NULL)
        goto done;
    if (PyUnicode_GET_LENGTH(text) > 0) {
        PyObject *numbers[3] = {PyLong_FromSsize_t(link_chars), PyLong_FromSsize_t(w->node),
                                PyLong_FromSsize_t(cells)};
        PyObject *block = NULL;
        if (numbers[0] && numbers[1] && numbers[2]) {
            PyObject *args[8] = {w->kind, text, numbers[0], numbers[1], w->level, Py_None,
                                 w->elements[w->node].tag, numbers[2]};
            block = PyObject_Vectorcall(w->block_type, args, 8, NULL);
        }
        for (int i = 0; i < 3; i++)
            Py_XDECREF(numbers[i]);
        if (block == NULL)
            goto done;
        int appended = PyList_Append(w->blocks, block);
        Py_DECREF(block);
        if (appended < 0)
            goto done;
    }
    failed = 0;
done:
    Py_XDECREF(raw);
    Py_XDECREF(text);
    for (Py_ssize_t i = 0; i < w->n_pieces; i++)
        Py_DECREF(w->pieces[i].text);
    w->n_pieces = 0;
    w->open = 0;
    return failed ? -1 : 0;
}

/* Whether one of the six nearest ancestors of the root is a blockquote
 * (content._in_blockquote); -1 on error. */
static int
root_in_quote(Walk *w)
{
    lxb_node *cur = lx.parent(w->root);
    for (int hops = 0; cur != NULL && hops < 6 && cur != w->root; hops++) {
        int code = code_of(w, cur);
        if (code < 0)
            return -1;
        if (code & QUOTE)
            return 1;
        cur = lx.parent(cur);
    }
    return 0;
}

/* A block opened for ``info``'s element: the kind of its tag, a quote for a
 * paragraph inside one. -1 on error. */
static int
open_block(Walk *w, const Info *info)
{
    PyObject *tag = w->elements[info->node].tag;
    PyObject *kind_level = PyDict_GetItemWithError(w->kinds, tag);
    if (kind_level == NULL) {
        if (PyErr_Occurred())
            return -1;
        kind_level = w->paragraph;
    }
    if (!PyTuple_Check(kind_level) || PyTuple_GET_SIZE(kind_level) != 2) {
        PyErr_SetString(PyExc_TypeError, "kinds: (kind, level) pairs");
        return -1;
    }
    PyObject *kind = PyTuple_GET_ITEM(kind_level, 0);
    if (PyUnicode_Compare(kind, p_str) == 0) {
        int quoted = info->key == (uintptr_t)w->root ? root_in_quote(w)
                                                     : kind_above(w, info->node, QUOTE, 6);
        if (quoted < 0)
            return -1;
        if (quoted)
            kind = quote_str;
    }
    w->open = 1;
    w->key = info->key;
    w->node = info->node;
    w->kind = kind;
    w->level = PyTuple_GET_ITEM(kind_level, 1);
    return 0;
}

/* One text node: a piece of the open block, or of a new one. -1 on error. */
static int
text_node(Walk *w, lxb_node *node)
{
    size_t len = 0;
    unsigned char *data = lx.text_content(node, &len);
    if (data == NULL)
        return 0;
    /* Runs of ASCII whitespace (pretty-printed markup's) are most text nodes:
     * told apart before any str is made. */
    size_t i = 0;
    while (i < len && (data[i] == ' ' || (data[i] >= '\t' && data[i] <= '\r') ||
                       (data[i] >= 0x1c && data[i] <= 0x1f)))
        i++;
    PyObject *raw = NULL;
    int space = 0;
    if (i < len) {
        raw = PyUnicode_DecodeUTF8((const char *)data, (Py_ssize_t)len, "replace");
        space = raw != NULL && all_space(raw);
    } else {
        space = len > 0;
    }
    if (w->document != NULL)
        lx.destroy_text(w->document, data);
    if (i < len && raw == NULL)
        return -1;
    if (raw == NULL || space) {
        Py_XDECREF(raw);
        if (space && w->open && w->n_pieces > 0)
            return add_piece(w, space_str, 0, 0);
        return 0;
    }
    int failed = -1;
    lxb_node *parent = lx.parent(node);
    Info info;
    if (parent == NULL) {
        failed = 0;
        goto done;
    }
    if (info_of(w, parent, &info) < 0)
        goto done;
    if (!w->open || w->key != info.key) {
        if (flush(w) < 0 || open_block(w, &info) < 0)
            goto done;
    }
    failed = add_piece(w, raw, info.cell, info.in_link);
done:
    Py_DECREF(raw);
    return failed;
}

static void
walk_free(Walk *w)
{
    for (Py_ssize_t i = 0; i < w->n_pieces; i++)
        Py_DECREF(w->pieces[i].text);
    for (Py_ssize_t i = 0; i < w->n_elements; i++)
        Py_DECREF(w->elements[i].tag);
    PyMem_Free(w->pieces);
    PyMem_Free(w->elements);
    PyMem_Free(w->chain);
    PyMem_Free(w->infos);
    map_free(&w->index);
    map_free(&w->seen);
    Py_XDECREF(w->blocks);
}

/* The walk's elements as Python lists: (parents, depths, tags, attributes). */
static PyObject *
element_lists(Walk *w)
{
    Py_ssize_t n = w->n_elements;
    PyObject *parents = PyList_New(n), *depths = PyList_New(n), *tags = PyList_New(n),
             *attrs = PyList_New(n), *index = PyDict_New();
    if (!parents || !depths || !tags || !attrs || !index)
        goto failed;
    for (Py_ssize_t k = 0; k < n; k++) {
        const Element *e = &w->elements[k];
        PyObject *parent = PyLong_FromSsize_t(e->parent), *depth = PyLong_FromSsize_t(e->depth);
        PyObject *mem_id = PyLong_FromSize_t((size_t)e->node);
        PyObject *at = PyLong_FromSsize_t(k);
        PyObject *values = PyDict_New();
        int ok = parent && depth && mem_id && at && values && PyDict_SetItem(index, mem_id, at) == 0;
        Py_XDECREF(mem_id);
        Py_XDECREF(at);
        if (ok) {
            PyList_SET_ITEM(parents, k, parent);
            PyList_SET_ITEM(depths, k, depth);
            PyList_SET_ITEM(tags, k, Py_NewRef(e->tag));
            PyList_SET_ITEM(attrs, k, values);
        } else {
            Py_XDECREF(parent);
            Py_XDECREF(depth);
            Py_XDECREF(values);
            goto failed;
        }
        if (lx.type(e->node) != NODE_ELEMENT)
            continue;
        /* selectolax's ``attributes``: names as written, None for no value */
        for (void *attr = lx.first_attr(e->node); attr != NULL; attr = lx.next_attr(attr)) {
            size_t name_len = 0, value_len = 0;
            const unsigned char *name = lx.attr_name(attr, &name_len);
            PyObject *key = PyUnicode_DecodeUTF8((const char *)name, (Py_ssize_t)name_len,
                                                 "replace");
            const unsigned char *raw = lx.attr_value(attr, &value_len);
            PyObject *value = raw ? PyUnicode_DecodeUTF8((const char *)raw,
                                                         (Py_ssize_t)value_len, "replace")
                                  : Py_NewRef(Py_None);
            int set = key && value ? PyDict_SetItem(values, key, value) : -1;
            Py_XDECREF(key);
            Py_XDECREF(value);
            if (set < 0)
                goto failed;
        }
    }
    return Py_BuildValue("(NNNNN)", parents, depths, tags, attrs, index);
failed:
    Py_XDECREF(parents);
    Py_XDECREF(depths);
    Py_XDECREF(tags);
    Py_XDECREF(attrs);
    Py_XDECREF(index);
    return NULL;
}

PyDoc_STRVAR(walk_doc,
"walk(root, codes, kinds, paragraph, block, finish_pre)\n"
"    -> (blocks, parents, depths, tags, attributes, index)\n\n"
"content.collect_blocks without Markdown or repair, from the node whose mem_id\n"
"is ``root`` (the caller keeps its tree alive). ``codes``: tag name -> kinds\n"
"(1 inline, 2 link, 4 cell, 8 row, 16 break, 32 blockquote); ``kinds``: tag\n"
"name -> (kind, level), ``paragraph`` for any other; ``block``: the Block\n"
"type; ``finish_pre(raw)``: a preformatted block's text. The elements come as\n"
"content.Elements holds them, with each one's attributes and the index of\n"
"their mem_ids.");

static PyObject *
walk(PyObject *self, PyObject *args)
{
    Walk w;
    memset(&w, 0, sizeof(w));
    unsigned long long root_id;
    if (!PyArg_ParseTuple(args, "KO!O!O!OO", &root_id, &PyDict_Type, &w.codes, &PyDict_Type,
                          &w.kinds, &PyTuple_Type, &w.paragraph, &w.block_type, &w.finish_pre))
        return NULL;
    if ((w.root = root_node(root_id)) == NULL)
        return NULL;
    for (int i = 0; i < KNOWN_IDS; i++)
        w.code_of_id[i] = -1;
    w.document = document_of(w.root);
    PyObject *result = NULL;
    w.blocks = PyList_New(0);
    if (w.blocks == NULL || map_init(&w.index, 256) < 0 || map_init(&w.seen, 256) < 0)
        goto done;
    if (add_element(&w, w.root, -1) < 0)
        goto done;

    for (lxb_node *node = w.root; node != NULL; node = next_in(w.root, node)) {
        unsigned int type = lx.type(node);
        if (type == NODE_TEXT) {
            if (text_node(&w, node) < 0)
                goto done;
        } else if (type == NODE_ELEMENT) {
            int code = code_of(&w, node);
            /* <br><br> paragraphs: a break ends the run of text before it. */
            if (code < 0 || ((code & BREAK) && flush(&w) < 0))
                goto done;
        }
    }
    if (flush(&w) < 0)
        goto done;
    PyObject *lists = element_lists(&w);
    if (lists == NULL)
        goto done;
    result = PyTuple_New(6);
    if (result == NULL) {
        Py_DECREF(lists);
        goto done;
    }
    PyTuple_SET_ITEM(result, 0, Py_NewRef(w.blocks));
    for (int i = 0; i < 5; i++)
        PyTuple_SET_ITEM(result, i + 1, Py_NewRef(PyTuple_GET_ITEM(lists, i)));
    Py_DECREF(lists);
done:
    walk_free(&w);
    return result;
}


/* --- the text nodes at the top of the body ---------------------------------- */

PyDoc_STRVAR(texts_doc,
"texts(root, limit, heading) -> (texts, heading_at)\n\n"
"(index, text) of each text node among the first ``limit + 1`` nodes of the\n"
"walk from the node whose mem_id is ``root`` (the root 0, elements and text\n"
"nodes counted alike, in document order), its text as selectolax's\n"
"``text_content`` gives it; and the index of the first element named\n"
"``heading`` among them, -1 when none is.");

static PyObject *
texts(PyObject *self, PyObject *args)
{
    unsigned long long root_id;
    Py_ssize_t limit;
    const char *heading;
    Py_ssize_t heading_len;
    if (!PyArg_ParseTuple(args, "Kns#", &root_id, &limit, &heading, &heading_len))
        return NULL;
    lxb_node *root = root_node(root_id);
    if (root == NULL)
        return NULL;
    lxb_node *document = document_of(root);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t heading_at = -1, i = 0;
    for (lxb_node *node = root; node != NULL && i <= limit; node = next_in(root, node), i++) {
        unsigned int type = lx.type(node);
        if (type == NODE_TEXT) {
            size_t len = 0;
            unsigned char *data = lx.text_content(node, &len);
            if (data == NULL)
                continue;
            PyObject *text = PyUnicode_DecodeUTF8((const char *)data, (Py_ssize_t)len, "replace");
            if (document != NULL)
                lx.destroy_text(document, data);
            PyObject *entry = text ? Py_BuildValue("(nN)", i, text) : NULL;
            if (entry == NULL || PyList_Append(out, entry) < 0) {
                Py_XDECREF(entry);
                Py_DECREF(out);
                return NULL;
            }
            Py_DECREF(entry);
        } else if (heading_at < 0 && type == NODE_ELEMENT) {
            size_t len = 0;
            const unsigned char *name = lx.qualified_name(node, &len);
            if (name != NULL && (Py_ssize_t)len == heading_len && memcmp(name, heading, len) == 0)
                heading_at = i;
        }
    }
    return Py_BuildValue("(Nn)", out, heading_at);
}

PyDoc_STRVAR(path_doc,
"path(root, index) -> list[int] | None\n\n"
"Where node ``index`` of the walk from ``root`` (as texts() counts) sits: the\n"
"position of each node on the way down among its siblings (text nodes\n"
"counted), from the root's children on; None past the walk's last node.");

static PyObject *
path(PyObject *self, PyObject *args)
{
    unsigned long long root_id;
    Py_ssize_t index;
    if (!PyArg_ParseTuple(args, "Kn", &root_id, &index))
        return NULL;
    lxb_node *root = root_node(root_id), *node = root;
    if (root == NULL)
        return NULL;
    if (index < 0) {
        PyErr_SetString(PyExc_ValueError, "a negative index");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < index && node != NULL; i++)
        node = next_in(root, node);
    if (node == NULL)
        Py_RETURN_NONE;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    /* positions from the node up to the root, reversed at the end */
    for (lxb_node *cur = node; cur != root; cur = lx.parent(cur)) {
        Py_ssize_t pos = 0;
        for (lxb_node *sib = lx.first_child(lx.parent(cur)); sib != cur; sib = lx.next(sib))
            pos++;
        PyObject *step = PyLong_FromSsize_t(pos);
        if (step == NULL || PyList_Append(out, step) < 0) {
            Py_XDECREF(step);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(step);
    }
    if (PyList_Reverse(out) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, bind_doc},
    {"walk", walk, METH_VARARGS, walk_doc},
    {"texts", texts, METH_VARARGS, texts_doc},
    {"path", path, METH_VARARGS, path_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lexbor",
    "Walks over lexbor's nodes in C (the page's blocks, the body's first text nodes).",
    -1, methods,
};

PyMODINIT_FUNC
PyInit__lexbor(void)
{
    space_str = PyUnicode_InternFromString(" ");
    cell_sep = PyUnicode_InternFromString(" | ");
    empty_str = PyUnicode_InternFromString("");
    quote_str = PyUnicode_InternFromString("quote");
    pre_str = PyUnicode_InternFromString("pre");
    p_str = PyUnicode_InternFromString("p");
    if (!space_str || !cell_sep || !empty_str || !quote_str || !pre_str || !p_str)
        return NULL;
    return PyModule_Create(&module);
}
