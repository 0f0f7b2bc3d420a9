/* The leaf each row reaches in each tree of an ensemble (newsclean.trees).
 *
 * numpy moves every row down every tree one level per step, three gathers over
 * rows x trees entries a level; on a cleaning or extraction page that walk was
 * a fifth and a tenth of the CPU time. Here a few rows at a time go down each
 * tree, the nodes packed so that a step is one load. Only the walk is here: the
 * caller sums the leaves with numpy, in the order it always did, so scores are
 * the same to the last bit with or without this module.
 *
 * Arrays come through the buffer protocol (no numpy headers at build time):
 * newsclean.trees hands over int64 and float64 C-contiguous arrays. Every index
 * is checked: a damaged model raises ValueError, it never reads out of bounds. */
#include "_buffers.h"
#include <math.h>
#include <stdint.h>

/* A node as the walk reads it: one 16-byte load instead of three arrays. */
typedef struct {
    double threshold;
    int32_t feature;
    int32_t first_child;
} Node;

/* Rows walked down a tree side by side: their steps do not wait on each other,
 * so the loads of several rows are in flight at once (one row at a time, each
 * step waiting on the last, was no faster than numpy). A whole block of LANES
 * rows has a fixed count, so the compiler unrolls the lanes; the rows after the
 * last whole block go side by side with a variable count (walk_block). On the line model's
 * walks of wcxb-dev validation, 16 fixed lanes took 0.69 of the time of 8 lanes
 * with a variable count (8 fixed: 0.72, 32: 0.80; rows in blocks of 16 with
 * their features side by side: 0.70). */
#define LANES 16

PyDoc_STRVAR(pack_doc,
"pack(first_child, feature, threshold) -> bytes\n\n"
"The nodes as walk() reads them. Nodes are numbered so that an inner node's\n"
"children are first_child[i] (taken when x <= threshold, or x is NaN) and\n"
"first_child[i] + 1; a leaf is its own first child, with threshold +inf.");

static PyObject *
pack(PyObject *self, PyObject *args)
{
    PyObject *objs[3];
    if (!PyArg_ParseTuple(args, "OOO", &objs[0], &objs[1], &objs[2]))
        return NULL;
    static const char *kinds[3] = {"lq", "lq", "d"};
    static const char *names[3] = {"first_child", "feature", "threshold"};
    Py_buffer views[3];
    int taken = 0;
    PyObject *result = NULL;
    if (take_buffers(objs, views, 3, kinds, NULL, 8, 3, names) < 0)
        return NULL;
    taken = 3;
    Py_ssize_t nodes = views[0].len / 8;
    if (views[1].len / 8 != nodes || views[2].len / 8 != nodes || nodes >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "node arrays differ in length");
        goto done;
    }
    const int64_t *first_child = views[0].buf, *feature = views[1].buf;
    const double *threshold = views[2].buf;
    result = PyBytes_FromStringAndSize(NULL, nodes * (Py_ssize_t)sizeof(Node));
    if (result == NULL)
        goto done;
    Node *out = (Node *)PyBytes_AS_STRING(result);
    for (Py_ssize_t i = 0; i < nodes; i++) {
        int64_t c = first_child[i], f = feature[i];
        /* children after their parent, both in the array; a leaf points to itself */
        int leaf = c == i;
        if (!leaf && (c <= i || c + 1 >= nodes)) {
            Py_CLEAR(result);
            PyErr_SetString(PyExc_ValueError, "damaged tree ensemble");
            goto done;
        }
        if (f < 0 || f >= INT32_MAX) {
            Py_CLEAR(result);
            PyErr_SetString(PyExc_ValueError, "damaged tree ensemble");
            goto done;
        }
        out[i].threshold = threshold[i];
        out[i].feature = (int32_t)f;
        out[i].first_child = (int32_t)c;
    }
done:
    return release_buffers(views, taken, result);
}

/* ``lanes`` rows (at most LANES) from ``base`` down one tree from ``root``,
 * side by side; their leaves' values into ``out``. Always inlined: called with
 * LANES the count is a constant and the compiler unrolls the lanes. */
static inline __attribute__((always_inline)) void
walk_block(const Node *tree_nodes, const double *value, int32_t root, Py_ssize_t depth,
           const double *base, Py_ssize_t rows, Py_ssize_t lanes, double *out)
{
    int32_t at[LANES];
    for (Py_ssize_t j = 0; j < lanes; j++)
        at[j] = root;
    /* a leaf points to itself with threshold +inf: extra steps stay */
    for (Py_ssize_t d = 0; d < depth; d++) {
        for (Py_ssize_t j = 0; j < lanes; j++) {
            const Node *nd = tree_nodes + at[j];
            at[j] = nd->first_child + (base[nd->feature * rows + j] > nd->threshold);
        }
    }
    for (Py_ssize_t j = 0; j < lanes; j++)
        out[j] = value[at[j]];
}

PyDoc_STRVAR(walk_doc,
"walk(packed, value, roots, depth, x, rows, leaves)\n\n"
"For each tree t and row r, the value of the leaf r reaches in t after depth\n"
"steps from the root, into leaves[t * rows + r]. packed is pack()'s bytes; x\n"
"holds features x rows float64 values, feature by feature (the rows side by\n"
"side in a step often read one feature: one cache line).");

static PyObject *
walk(PyObject *self, PyObject *args)
{
    PyObject *packed_obj, *objs[4];
    Py_ssize_t rows, depth;
    if (!PyArg_ParseTuple(args, "SOOnOnO", &packed_obj, &objs[0], &objs[1], &depth, &objs[2],
                          &rows, &objs[3]))
        return NULL;
    static const char *kinds[4] = {"d", "lq", "d", "d"};
    static const char *names[4] = {"value", "roots", "x", "leaves"};
    Py_buffer views[4];
    int taken = 0;
    if (take_buffers(objs, views, 4, kinds, NULL, 8, 3, names) < 0)
        return NULL;
    taken = 4;
    const Node *tree_nodes = (const Node *)PyBytes_AS_STRING(packed_obj);
    Py_ssize_t nodes = PyBytes_GET_SIZE(packed_obj) / (Py_ssize_t)sizeof(Node);
    const double *value = views[0].buf, *x = views[2].buf;
    const int64_t *roots = views[1].buf;
    double *leaves = views[3].buf;
    Py_ssize_t trees = views[1].len / 8, cells = views[2].len / 8;
    if (PyBytes_GET_SIZE(packed_obj) % (Py_ssize_t)sizeof(Node) || views[0].len / 8 != nodes) {
        PyErr_SetString(PyExc_ValueError, "packed nodes and values differ");
        goto done;
    }
    if (rows <= 0 || depth < 0 || cells % rows || views[3].len / 8 != trees * rows) {
        PyErr_SetString(PyExc_ValueError, "x or leaves does not match rows and trees");
        goto done;
    }
    Py_ssize_t width = cells / rows;
    int bad = width == 0;
    Py_BEGIN_ALLOW_THREADS
    /* Every node is checked once, before the walk, whatever the bytes: its
     * feature is one the rows have; an inner node's two children are nodes; a
     * node that is its own child (a leaf) has threshold +inf (or NaN), so no
     * value moves it on. The steps below then index without a test each (the
     * checks cost a node each, the walk rows x trees x depth steps). */
    for (Py_ssize_t i = 0; i < nodes && !bad; i++) {
        const Node *nd = tree_nodes + i;
        if (nd->feature < 0 || nd->feature >= width)
            bad = 1;
        else if (nd->first_child == i)
            bad = nd->threshold < HUGE_VAL;
        else
            bad = nd->first_child < 0 || (Py_ssize_t)nd->first_child + 1 >= nodes;
    }
    for (Py_ssize_t t = 0; t < trees && !bad; t++) {
        int64_t root = roots[t];
        if (root < 0 || root >= nodes) {
            bad = 1;
            break;
        }
        double *out = leaves + t * rows;
        Py_ssize_t r0 = 0;
        for (; r0 + LANES <= rows; r0 += LANES)
            walk_block(tree_nodes, value, (int32_t)root, depth, x + r0, rows, LANES, out + r0);
        if (r0 < rows)
            walk_block(tree_nodes, value, (int32_t)root, depth, x + r0, rows, rows - r0,
                       out + r0);
    }
    Py_END_ALLOW_THREADS
    return finish_call(bad, "a tree reads a feature the rows do not have", views, taken);
done:
    return release_buffers(views, taken, NULL);
}

static PyMethodDef methods[] = {
    {"pack", pack, METH_VARARGS, pack_doc},
    {"walk", walk, METH_VARARGS, walk_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_treewalk",
    .m_doc = "Compiled walk of newsclean's tree ensembles (see newsclean.trees).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__treewalk(void)
{
    return PyModule_Create(&module);
}
