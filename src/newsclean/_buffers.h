/* Array arguments of newsclean's C modules, through the buffer protocol (no
 * numpy headers at build time). Included by _treewalk.c, annotate/_langwalk.c,
 * dedup/_signature.c, clean/_ngramsums.c, clean/_shapecounts.c, clean/_context.c,
 * html/_levels.c and html/_charcounts.c. */
#ifndef NEWSCLEAN_BUFFERS_H
#define NEWSCLEAN_BUFFERS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* A C-contiguous buffer of ``obj`` whose items are ``itemsize`` bytes of one of
 * the struct-module codes in ``kinds`` ("lq": int64, "d": float64, "b": int8...);
 * TypeError naming the argument otherwise. */
static int
take_buffer(PyObject *obj, Py_buffer *view, const char *kinds, Py_ssize_t itemsize,
            int writable, const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0)
        return -1;
    const char *fmt = view->format ? view->format : "B";
    if (*fmt == '<' || *fmt == '=' || *fmt == '@')
        fmt++;
    if (view->itemsize != itemsize || fmt[0] == '\0' || fmt[1] != '\0' ||
        strchr(kinds, fmt[0]) == NULL) {
        PyErr_Format(PyExc_TypeError, "%s: wrong array type", name);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* The first ``taken`` of ``views`` released; ``result`` passed through. */
static PyObject *
release_buffers(Py_buffer *views, int taken, PyObject *result)
{
    for (int i = 0; i < taken; i++)
        PyBuffer_Release(&views[i]);
    return result;
}

/* The end of a call that filled its output arrays: None, or NULL with
 * ValueError(``message``) when the work found ``bad`` input; the first
 * ``taken`` of ``views`` released either way. */
static PyObject *
finish_call(int bad, const char *message, Py_buffer *views, int taken)
{
    if (bad) {
        PyErr_SetString(PyExc_ValueError, message);
        return release_buffers(views, taken, NULL);
    }
    return release_buffers(views, taken, Py_NewRef(Py_None));
}

/* take_buffer for each of the ``n`` arguments ``objs``: item i of one of the
 * codes ``kinds[i]``, ``sizes[i]`` bytes (every item ``itemsize`` bytes when
 * ``sizes`` is NULL), writable from argument ``writable_from`` on. 0 with all
 * ``n`` views taken, or -1 with none (those taken before the failure released). */
static int
take_buffers(PyObject *const *objs, Py_buffer *views, int n, const char *const *kinds,
             const Py_ssize_t *sizes, Py_ssize_t itemsize, int writable_from,
             const char *const *names)
{
    for (int i = 0; i < n; i++) {
        if (take_buffer(objs[i], &views[i], kinds[i], sizes ? sizes[i] : itemsize,
                        i >= writable_from, names[i]) < 0) {
            release_buffers(views, i, NULL);
            return -1;
        }
    }
    return 0;
}

#endif
