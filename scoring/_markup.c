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
 * scan_utf8(data, ...) reads a page's UTF-8 bytes instead, with the same rules and bounds: a
 * "character" is then one whole UTF-8 sequence, decoded where a rule tests more than ASCII
 * (whitespace, the letters that match a raw text name), and every step moves by whole
 * sequences, so each place the scan stands on starts a character. It answers None where the
 * bytes are not strict UTF-8 (what bytes.decode("utf-8") refuses), checked before anything is
 * read; where a tag is over a bound the same (attributes, pairs) as scan on the decoded text;
 * else the bytes' length when nothing is cut, or the byte where the cut falls.
 * Every step moves forward; the only reads ahead are of whitespace that is then read again as
 * separators, and of at most a name's length at each "<" of raw text. So the scan is linear
 * in the page's length, and it reads nothing past the page's end.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
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

/* A fourth kind beside str's three: strict UTF-8 bytes, each character one whole sequence. */
#define UTF8_KIND 8

/* The character whose UTF-8 sequence starts at s (the bytes were checked to be strict UTF-8,
 * so a sequence is never cut short). */
static ALWAYS_INLINE Py_UCS4
utf8_at(const unsigned char *s)
{
    Py_UCS4 c = s[0];
    if (c < 0x80) {
        return c;
    }
    if (c < 0xE0) {
        return ((c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (c < 0xF0) {
        return ((c & 0x0F) << 12) | ((Py_UCS4)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    return ((c & 0x07) << 18) | ((Py_UCS4)(s[1] & 0x3F) << 12) | ((Py_UCS4)(s[2] & 0x3F) << 6) |
           (s[3] & 0x3F);
}

/* The kind is a constant at each of the four call sites of scan_kind, so each of these
 * inlined reads compiles to a plain load of that width, or a decode of UTF-8. */
static ALWAYS_INLINE Py_UCS4
at(int kind, const void *data, Py_ssize_t i)
{
    if (kind == UTF8_KIND) {
        return utf8_at((const unsigned char *)data + i);
    }
    return PyUnicode_READ(kind, data, i);
}

/* Where the character after the one at i starts. */
static ALWAYS_INLINE Py_ssize_t
step(int kind, const void *data, Py_ssize_t i)
{
    if (kind == UTF8_KIND) {
        unsigned char c = ((const unsigned char *)data)[i];
        return i + (c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4);
    }
    return i + 1;
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
    if (kind == PyUnicode_1BYTE_KIND || kind == UTF8_KIND) {
        /* c is ASCII: in UTF-8 its byte is never part of another character */
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
        /* a name of n characters takes n places of str, n bytes of UTF-8 or more */
        if (kind == UTF8_KIND ? to - from < b->length[k] : to - from != b->length[k]) {
            continue;
        }
        Py_ssize_t i = 0;
        Py_ssize_t p = from;
        while (i < b->length[k] && p < to && lowers_to(at(kind, data, p), b->name[k][i])) {
            i++;
            p = step(kind, data, p);
        }
        if (i == b->length[k] && p == to) {
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
            while (k < length && j < len && matches_ignoring_case(at(kind, data, j), name[k])) {
                k++;
                j = step(kind, data, j);
            }
            if (k == length) {
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
        i = step(kind, data, i);
        if (c == '/' || is_space(c)) {
            continue;
        }
        n++;  /* c begins a name, "=" and quotes included */
        while (i < len && (c = at(kind, data, i)) != '/' && c != '>' && c != '=' && !is_space(c)) {
            i = step(kind, data, i);
        }
        Py_ssize_t j = i;
        while (j < len && is_space(at(kind, data, j))) {
            j = step(kind, data, j);
        }
        if (j == len || at(kind, data, j) != '=') {
            continue;  /* no value: whitespace after the name is read again as separators */
        }
        j++;
        while (j < len && is_space(at(kind, data, j))) {
            j = step(kind, data, j);
        }
        if (j < len && ((c = at(kind, data, j)) == '"' || c == '\'')) {
            Py_ssize_t close = find(kind, data, len, j + 1, c);
            i = close < 0 ? len : close + 1;
            continue;
        }
        while (j < len && (c = at(kind, data, j)) != '>' && !is_space(c)) {
            j = step(kind, data, j);
        }
        i = j;
    }
    *attributes = n;
    return i;
}

/* The characters of UTF-8 bytes from..to: the bytes that start one. */
static Py_ssize_t
utf8_chars(const void *data, Py_ssize_t from, Py_ssize_t to)
{
    const unsigned char *s = (const unsigned char *)data;
    Py_ssize_t n = 0;
    for (Py_ssize_t i = from; i < to; i++) {
        n += (s[i] & 0xC0) != 0x80;
    }
    return n;
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
            name_end = step(kind, data, name_end);
        }
        Py_ssize_t attributes;
        Py_ssize_t end = read_attributes(kind, data, len, name_end, &attributes);
        if (end - start > b->counted_chars &&
            (kind != UTF8_KIND || utf8_chars(data, start, end) > b->counted_chars)) {
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

/* The bounds and names of args[1..5], as scan and scan_utf8 take them; -1 with an exception
 * set where one is refused. */
static int
read_bounds(PyObject *const *args, Bounds *b)
{
    Py_ssize_t max_pairs;
    if (read_bound(args[1], "max_elements", PY_SSIZE_T_MAX, &b->max_elements) < 0 ||
        read_bound(args[2], "max_attributes", MAX_ATTRIBUTES_BOUND, &b->max_attributes) < 0 ||
        read_bound(args[3], "max_pairs",
                   (Py_ssize_t)(MAX_PAIRS_BOUND < PY_SSIZE_T_MAX ? MAX_PAIRS_BOUND
                                                                 : PY_SSIZE_T_MAX),
                   &max_pairs) < 0 ||
        read_bound(args[4], "counted_chars", PY_SSIZE_T_MAX, &b->counted_chars) < 0 ||
        read_names(args[5], b) < 0) {
        return -1;
    }
    b->max_pairs = max_pairs;
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
    if (read_bounds(args, &b) < 0) {
        return NULL;
    }
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

/* Whether s[0..n) is strict UTF-8, as bytes.decode("utf-8") takes it: each sequence as long as
 * its first byte says, no longer than needed (no overlong forms), no surrogates, nothing past
 * U+10FFFF, and no sequence cut short at the end. Runs of ASCII are passed 8 bytes at a time. */
static int
is_strict_utf8(const unsigned char *s, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    while (i < n) {
        while (i + 8 <= n) {
            uint64_t word;
            memcpy(&word, s + i, 8);
            if (word & UINT64_C(0x8080808080808080)) {
                break;
            }
            i += 8;
        }
        if (i >= n) {
            break;
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        /* the second byte's range by the first (the Unicode Standard's table of well-formed
         * sequences); later bytes are any continuation byte */
        unsigned char low = 0x80, high = 0xBF;
        Py_ssize_t width;
        if (c >= 0xC2 && c <= 0xDF) {
            width = 2;
        }
        else if (c >= 0xE0 && c <= 0xEF) {
            width = 3;
            if (c == 0xE0) {
                low = 0xA0;
            }
            else if (c == 0xED) {
                high = 0x9F;
            }
        }
        else if (c >= 0xF0 && c <= 0xF4) {
            width = 4;
            if (c == 0xF0) {
                low = 0x90;
            }
            else if (c == 0xF4) {
                high = 0x8F;
            }
        }
        else {
            return 0;
        }
        if (n - i < width || s[i + 1] < low || s[i + 1] > high) {
            return 0;
        }
        for (Py_ssize_t k = 2; k < width; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        i += width;
    }
    return 1;
}

static PyObject *
scan_utf8(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6) {
        PyErr_Format(PyExc_TypeError, "scan_utf8() takes 6 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *page = args[0];
    if (!PyBytes_Check(page)) {
        PyErr_Format(PyExc_TypeError, "scan_utf8() reads bytes, not %.200s",
                     Py_TYPE(page)->tp_name);
        return NULL;
    }
    Bounds b;
    if (read_bounds(args, &b) < 0) {
        return NULL;
    }
    const unsigned char *data = (const unsigned char *)PyBytes_AS_STRING(page);
    Py_ssize_t len = PyBytes_GET_SIZE(page);
    if (!is_strict_utf8(data, len)) {
        Py_RETURN_NONE;
    }
    return scan_kind(UTF8_KIND, data, len, &b);
}

static PyMethodDef methods[] = {
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(text, max_elements, max_attributes, max_pairs, counted_chars, raw_text_names)\n"
     "--\n\n"
     "scoring.limits.scan_markup in one pass: the length of the markup to keep, or\n"
     "(attributes, pairs) at the tag where a bound on attributes is passed."},
    {"scan_utf8", (PyCFunction)(void (*)(void))scan_utf8, METH_FASTCALL,
     "scan_utf8(data, max_elements, max_attributes, max_pairs, counted_chars, raw_text_names)\n"
     "--\n\n"
     "scan on bytes read as strict UTF-8: None where they are not, else the byte length\n"
     "of the markup to keep, or (attributes, pairs) as scan answers on the decoded text."},
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
