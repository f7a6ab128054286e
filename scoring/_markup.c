/* scan_markup of scoring.limits in one pass in C: the same tags, attributes, comments and raw
 * text, read by the same rules, with the same outcome on every page.
 *
 * scan(text, max_elements, max_attributes, max_pairs, counted_chars, raw_text_names) reads the
 * page as scan_markup reads it, the bounds and names handed over by the caller (limits.py
 * holds them). It returns the length of the markup to keep: len(text) when nothing is cut,
 * else the start of the first start tag over max_elements. Where a tag passes a bound on
 * attributes it returns (attributes, pairs) instead: that tag's attributes and the pairs
 * summed so far (that tag's included unless its attributes alone passed the bound), from
 * which the caller words the same TooComplex as scan_markup.
 *
 * Each rule below follows one pattern of limits.py, read as Python's re reads it on str:
 *   - "\s" is Unicode whitespace, what str.isspace() and re both test with
 *     Py_UNICODE_ISSPACE (\x1c-\x1f, \x85, \xa0, \u2000-\u200a, \u3000 among others);
 *   - a raw text element's end tag is found ignoring case as re does: an ASCII letter
 *     matches either case, and "i" also U+0130 and U+0131, "k" U+212A, "s" U+017F;
 *   - a tag's name is a raw text element's when its lower() is that name: only ASCII letters
 *     and U+212A (to "k") lower() to ASCII letters alone, and U+0130 lower()s to two
 *     characters, one of them not a letter.
 * Every step moves forward; the only reads ahead are of whitespace that is then read again as
 * separators, and of at most a name's length at each "<" of raw text. So the scan is linear
 * in the page's length, and it reads nothing past the page's end.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* What the raw text element names may be: a few short names of lowercase ASCII letters. */
#define MAX_NAMES 32
#define MAX_NAME_CHARS 32
/* So that pairs never overflow: at most 2**62 summed before a tag adds its at most 2**59. */
#define MAX_ATTRIBUTES_BOUND ((Py_ssize_t)1 << 30)
#define MAX_PAIRS_BOUND ((long long)1 << 62)

typedef struct {
    Py_ssize_t max_elements;
    Py_ssize_t max_attributes;
    long long max_pairs;
    Py_ssize_t counted_chars;
    Py_ssize_t names;
    Py_ssize_t length[MAX_NAMES];
    char name[MAX_NAMES][MAX_NAME_CHARS];
} Bounds;

/* The kind is a constant at each of the three call sites of scan_kind, so each of these
 * inlined reads compiles to a plain load of that width. */
static ALWAYS_INLINE Py_UCS4
at(int kind, const void *data, Py_ssize_t i)
{
    return PyUnicode_READ(kind, data, i);
}

static ALWAYS_INLINE int
is_space(Py_UCS4 c)
{
    return Py_UNICODE_ISSPACE(c);
}

static ALWAYS_INLINE int
is_ascii_letter(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The first c at or after i, or -1. */
static ALWAYS_INLINE Py_ssize_t
find(int kind, const void *data, Py_ssize_t len, Py_ssize_t i, Py_UCS4 c)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *s = (const Py_UCS1 *)data;
        const Py_UCS1 *p = i < len ? memchr(s + i, (int)c, (size_t)(len - i)) : NULL;
        return p == NULL ? -1 : p - s;
    }
    for (; i < len; i++) {
        if (at(kind, data, i) == c) {
            return i;
        }
    }
    return -1;
}

/* Where a comment whose "<!--" ends at i ends: after the first "-->" or "--!>" (_COMMENT_END),
 * or the page's end. */
static ALWAYS_INLINE Py_ssize_t
comment_end(int kind, const void *data, Py_ssize_t len, Py_ssize_t i)
{
    while ((i = find(kind, data, len, i, '-')) >= 0) {
        if (i + 2 < len && at(kind, data, i + 1) == '-') {
            Py_UCS4 c = at(kind, data, i + 2);
            if (c == '>') {
                return i + 3;
            }
            if (c == '!' && i + 3 < len && at(kind, data, i + 3) == '>') {
                return i + 4;
            }
        }
        i++;
    }
    return len;
}

/* Whether c lower()s to the lowercase ASCII letter l (c being one character of a tag's name). */
static ALWAYS_INLINE int
lowers_to(Py_UCS4 c, char l)
{
    if (c < 128) {
        return (c | 0x20) == (Py_UCS4)l;
    }
    return c == 0x212A && l == 'k';
}

/* Whether c matches the lowercase ASCII letter l ignoring case, as re does on str. */
static ALWAYS_INLINE int
matches_ignoring_case(Py_UCS4 c, char l)
{
    if (c < 128) {
        return (c | 0x20) == (Py_UCS4)l;
    }
    switch (l) {
    case 'i':
        return c == 0x130 || c == 0x131;
    case 'k':
        return c == 0x212A;
    case 's':
        return c == 0x17F;
    default:
        return 0;
    }
}

/* The raw text element (an index in bounds) whose name the tag's name from..to lower()s to,
 * or -1. */
static ALWAYS_INLINE Py_ssize_t
raw_text_name(int kind, const void *data, Py_ssize_t from, Py_ssize_t to, const Bounds *b)
{
    for (Py_ssize_t k = 0; k < b->names; k++) {
        if (b->length[k] != to - from) {
            continue;
        }
        Py_ssize_t i = 0;
        while (i < b->length[k] && lowers_to(at(kind, data, from + i), b->name[k][i])) {
            i++;
        }
        if (i == b->length[k]) {
            return k;
        }
    }
    return -1;
}

/* Where the raw text from i ends: at the "<" of the first end tag of that name (_RAW_TEXT:
 * "</", the name ignoring case, then whitespace, "/", ">" or the page's end), or the page's
 * end. */
static ALWAYS_INLINE Py_ssize_t
raw_text_end(int kind, const void *data, Py_ssize_t len, Py_ssize_t i, const char *name,
             Py_ssize_t length)
{
    while ((i = find(kind, data, len, i, '<')) >= 0) {
        Py_ssize_t j = i + 1;
        if (j < len && at(kind, data, j) == '/' && len - (j + 1) >= length) {
            j++;
            Py_ssize_t k = 0;
            while (k < length && matches_ignoring_case(at(kind, data, j + k), name[k])) {
                k++;
            }
            if (k == length) {
                j += length;
                Py_UCS4 c;
                if (j == len || (c = at(kind, data, j)) == '/' || c == '>' || is_space(c)) {
                    return i;
                }
            }
        }
        i++;
    }
    return len;
}

/* The attributes of a tag whose name ends at i, tokenized as _MARKUP and _ATTRIBUTE do:
 * separators (whitespace and "/"), then a name (any character but whitespace, "/" and ">",
 * then none of those nor "="), then maybe "=" between optional whitespace and a value (quoted,
 * to its closing quote or the page's end, or else up to whitespace or ">"). The tag ends at
 * its ">" or at the page's end; *attributes is how many it has. */
static ALWAYS_INLINE Py_ssize_t
read_attributes(int kind, const void *data, Py_ssize_t len, Py_ssize_t i, Py_ssize_t *attributes)
{
    Py_ssize_t n = 0;
    while (i < len) {
        Py_UCS4 c = at(kind, data, i);
        if (c == '>') {
            break;
        }
        i++;
        if (c == '/' || is_space(c)) {
            continue;
        }
        n++;  /* c begins a name, "=" and quotes included */
        while (i < len && (c = at(kind, data, i)) != '/' && c != '>' && c != '=' && !is_space(c)) {
            i++;
        }
        Py_ssize_t j = i;
        while (j < len && is_space(at(kind, data, j))) {
            j++;
        }
        if (j == len || at(kind, data, j) != '=') {
            continue;  /* no value: whitespace after the name is read again as separators */
        }
        j++;
        while (j < len && is_space(at(kind, data, j))) {
            j++;
        }
        if (j < len && ((c = at(kind, data, j)) == '"' || c == '\'')) {
            Py_ssize_t close = find(kind, data, len, j + 1, c);
            i = close < 0 ? len : close + 1;
            continue;
        }
        while (j < len && (c = at(kind, data, j)) != '>' && !is_space(c)) {
            j++;
        }
        i = j;
    }
    *attributes = n;
    return i;
}

static ALWAYS_INLINE PyObject *
scan_kind(int kind, const void *data, Py_ssize_t len, const Bounds *b)
{
    Py_ssize_t elements = 0;
    long long pairs = 0;
    Py_ssize_t pos = 0;
    Py_ssize_t start;
    while ((start = find(kind, data, len, pos, '<')) >= 0) {
        Py_ssize_t i = start + 1;
        if (i == len) {
            break;
        }
        Py_UCS4 c = at(kind, data, i);
        if (c == '!' && i + 2 < len && at(kind, data, i + 1) == '-' &&
            at(kind, data, i + 2) == '-') {
            pos = comment_end(kind, data, len, i + 3);
            continue;
        }
        if (!is_ascii_letter(c)) {
            pos = i;  /* "<" starts no markup here */
            continue;
        }
        elements++;
        if (elements > b->max_elements) {
            return PyLong_FromSsize_t(start);
        }
        Py_ssize_t name_end = i + 1;
        while (name_end < len && (c = at(kind, data, name_end)) != '/' && c != '>' &&
               !is_space(c)) {
            name_end++;
        }
        Py_ssize_t attributes;
        Py_ssize_t end = read_attributes(kind, data, len, name_end, &attributes);
        if (end - start > b->counted_chars) {
            if (attributes > b->max_attributes) {
                return Py_BuildValue("(nL)", attributes, pairs);
            }
            pairs += (long long)attributes * (attributes - 1) / 2;
            if (pairs > b->max_pairs) {
                return Py_BuildValue("(nL)", attributes, pairs);
            }
        }
        Py_ssize_t raw = raw_text_name(kind, data, i, name_end, b);
        pos = raw < 0 ? end : raw_text_end(kind, data, len, end, b->name[raw], b->length[raw]);
    }
    return PyLong_FromSsize_t(len);
}

static int
read_bound(PyObject *arg, const char *what, Py_ssize_t most, Py_ssize_t *out)
{
    Py_ssize_t value = PyLong_AsSsize_t(arg);
    if (value == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (value > most) {
        PyErr_Format(PyExc_ValueError, "%s is over %zd", what, most);
        return -1;
    }
    *out = value;
    return 0;
}

static int
read_names(PyObject *arg, Bounds *b)
{
    if (!PyTuple_Check(arg) || PyTuple_GET_SIZE(arg) > MAX_NAMES) {
        PyErr_Format(PyExc_TypeError, "raw text names must be a tuple of at most %d names",
                     MAX_NAMES);
        return -1;
    }
    b->names = PyTuple_GET_SIZE(arg);
    for (Py_ssize_t k = 0; k < b->names; k++) {
        PyObject *name = PyTuple_GET_ITEM(arg, k);
        Py_ssize_t length;
        const char *s = PyUnicode_Check(name) ? PyUnicode_AsUTF8AndSize(name, &length) : NULL;
        if (s == NULL) {
            PyErr_Clear();
            length = 0;
        }
        int good = length > 0 && length < MAX_NAME_CHARS;
        for (Py_ssize_t i = 0; good && i < length; i++) {
            good = s[i] >= 'a' && s[i] <= 'z';
        }
        if (!good) {
            PyErr_Format(PyExc_ValueError,
                         "a raw text name must be 1 to %d lowercase ASCII letters, not %R",
                         MAX_NAME_CHARS - 1, name);
            return -1;
        }
        memcpy(b->name[k], s, (size_t)length + 1);
        b->length[k] = length;
    }
    return 0;
}

static PyObject *
scan(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6) {
        PyErr_Format(PyExc_TypeError, "scan() takes 6 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "scan() reads a str, not %.200s", Py_TYPE(text)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    Bounds b;
    Py_ssize_t max_pairs;
    if (read_bound(args[1], "max_elements", PY_SSIZE_T_MAX, &b.max_elements) < 0 ||
        read_bound(args[2], "max_attributes", MAX_ATTRIBUTES_BOUND, &b.max_attributes) < 0 ||
        read_bound(args[3], "max_pairs",
                   (Py_ssize_t)(MAX_PAIRS_BOUND < PY_SSIZE_T_MAX ? MAX_PAIRS_BOUND
                                                                 : PY_SSIZE_T_MAX),
                   &max_pairs) < 0 ||
        read_bound(args[4], "counted_chars", PY_SSIZE_T_MAX, &b.counted_chars) < 0 ||
        read_names(args[5], &b) < 0) {
        return NULL;
    }
    b.max_pairs = max_pairs;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return scan_kind(PyUnicode_1BYTE_KIND, data, len, &b);
    case PyUnicode_2BYTE_KIND:
        return scan_kind(PyUnicode_2BYTE_KIND, data, len, &b);
    default:
        return scan_kind(PyUnicode_4BYTE_KIND, data, len, &b);
    }
}

static PyMethodDef methods[] = {
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(text, max_elements, max_attributes, max_pairs, counted_chars, raw_text_names)\n"
     "--\n\n"
     "scoring.limits.scan_markup in one pass: the length of the markup to keep, or\n"
     "(attributes, pairs) at the tag where a bound on attributes is passed."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef_Slot slots[] = {
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "scoring._markup",
    .m_doc = "The markup scan of scoring.limits (scan_markup) in C.",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit__markup(void)
{
    return PyModuleDef_Init(&module);
}
