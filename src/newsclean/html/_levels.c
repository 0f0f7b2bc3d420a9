/* Values passed down from parents or up from children of a page's element tree,
 * one depth level after the other (newsclean.html.nodes.PageTree).
 *
 * numpy does each level in a few calls (gather the parents' values, combine,
 * scatter), and a page has tens of levels: a dozen such passes a page were 3%
 * of an extraction, nearly all call overhead. Here a pass is one loop over the
 * nodes in the same order, level by level and in index order within a level,
 * so every sum adds the same numbers in the same order: the results are the
 * numpy twin's (nodes.py, the reference the tests hold this one to) to the
 * last bit.
 *
 * Arrays come through the buffer protocol: parent, order and bounds int64, the
 * values int64 or float64, C-contiguous. Every index is checked: a damaged tree
 * raises ValueError, it never reads or writes out of bounds. */
#include "../_buffers.h"
#include <stdint.h>

/* How a node's value meets its parent's (``down``) or its child's (``up``). */
enum { MAX = 0, OR = 1, NEAREST = 2, SUM = 3, MIN = 4 };

/* The step of one node as np.maximum / np.minimum / np.where / + take it:
 * ``a`` the value being updated, ``b`` the other one. A NaN wins max and min,
 * as in numpy. */
#define COMBINE(op, a, b)                                                          \
    ((op) == MAX       ? (((a) >= (b) || (a) != (a)) ? (a) : (b))                  \
     : (op) == MIN     ? (((a) <= (b) || (a) != (a)) ? (a) : (b))                  \
     : (op) == NEAREST ? ((a) != 0 ? (a) : (b))                                    \
                       : (a) + (b))

/* One pass, ``T`` the value type. Levels run from the second down (``down``:
 * each node takes from its parent) or from the last up (``up``: each parent
 * takes from its children); returns 1 when an index is out of range. */
#define DEFINE_PASS(NAME, T, STEP)                                                 \
    static int NAME(int op, int down, const int64_t *parent, const int64_t *order, \
                    const int64_t *bounds, Py_ssize_t levels, Py_ssize_t n,        \
                    Py_ssize_t ordered, T *out)                                    \
    {                                                                              \
        for (Py_ssize_t s = 1; s < levels; s++) {                                  \
            Py_ssize_t lv = down ? s : levels - s;                                 \
            int64_t lo = bounds[lv], hi = bounds[lv + 1];                          \
            if (lo < 0 || hi < lo || hi > ordered)                                 \
                return 1;                                                          \
            for (int64_t k = lo; k < hi; k++) {                                    \
                int64_t i = order[k];                                              \
                if (i < 0 || i >= n)                                               \
                    return 1;                                                      \
                int64_t p = parent[i];                                             \
                if (p < 0 || p >= n)                                               \
                    return 1;                                                      \
                if (down)                                                          \
                    STEP(op, out[i], out[p]);                                      \
                else                                                               \
                    STEP(op, out[p], out[i]);                                      \
            }                                                                      \
        }                                                                          \
        return 0;                                                                  \
    }

#define STEP_INT(op, a, b) ((a) = (op) == OR ? ((a) | (b)) : COMBINE(op, a, b))
#define STEP_FLOAT(op, a, b) ((a) = COMBINE(op, a, b))

DEFINE_PASS(pass_int, int64_t, STEP_INT)
DEFINE_PASS(pass_float, double, STEP_FLOAT)

PyDoc_STRVAR(levels_pass_doc,
"levels_pass(op, down, parent, order, bounds, values)\n\n"
"Combines values in place along the tree: the nodes of level d are\n"
"order[bounds[d]:bounds[d + 1]]; with down, from level 1 to the last, each\n"
"node's value becomes op(its value, its parent's); else, from the last level\n"
"to level 1, each parent's becomes op(its value, the node's). op: 0 max, 1 or\n"
"(int64 only), 2 nearest (the value when non-zero, else the other), 3 sum,\n"
"4 min. values: int64 or float64.");

static PyObject *
levels_pass(PyObject *Py_UNUSED(self), PyObject *args)
{
    int op, down;
    PyObject *objs[4];
    if (!PyArg_ParseTuple(args, "ipOOOO", &op, &down, &objs[0], &objs[1], &objs[2], &objs[3]))
        return NULL;
    if (op < MAX || op > MIN) {
        PyErr_SetString(PyExc_ValueError, "op must be 0 to 4");
        return NULL;
    }
    static const char *names[4] = {"parent", "order", "bounds", "values"};
    static const char *kinds[4] = {"lq", "lq", "lq", "lqd"};
    Py_buffer views[4];
    if (take_buffers(objs, views, 4, kinds, NULL, 8, 3, names) < 0)
        return NULL;
    int taken = 4;
    int floats = views[3].format[strlen(views[3].format) - 1] == 'd';
    Py_ssize_t n = views[0].len / 8, ordered = views[1].len / 8;
    Py_ssize_t levels = views[2].len / 8 - 1;
    int bad = views[3].len / 8 != n || (floats && op == OR);
    if (!bad && levels > 0) {
        const int64_t *parent = views[0].buf, *order = views[1].buf, *bounds = views[2].buf;
        if (floats)
            bad = pass_float(op, down, parent, order, bounds, levels, n, ordered,
                             views[3].buf);
        else
            bad = pass_int(op, down, parent, order, bounds, levels, n, ordered,
                           views[3].buf);
    }
    return finish_call(bad, "levels_pass: damaged tree or mismatched arrays", views, taken);
}

static PyMethodDef methods[] = {
    {"levels_pass", levels_pass, METH_VARARGS, levels_pass_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_levels",
    .m_doc = "Compiled level-by-level passes over a page's element tree "
             "(newsclean.html.nodes).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__levels(void)
{
    return PyModule_Create(&module);
}
