/* Word scans of texts in C, each the same as a search in re that stays as its reference:
 *
 * - for scoring.data.OutletTable.names_in_each, which texts hold a key token of the outlet
 *   table, and their tokens, without making a string of every word;
 * - for scoring.extract.outlet._candidates, which links may be policy links, read where their
 *   address and text are ASCII;
 * - for scoring.extract.sourcing, where the body first holds a hint of anonymous sourcing.
 *
 * A token is what scoring.data.TOKEN finds: a run of characters that are letters or digits
 * (re's [^\W_] on str, which is Py_UNICODE_ISALNUM), then, as often as it goes, a joiner
 * ("-", "." or "&") and another such run (the pattern's repeats are possessive, so a joiner
 * belongs to a token only when a letter or digit follows it). findall reads tokens left to
 * right, each search starting where the last token ended: a token starts at the first letter
 * or digit after it.
 *
 * index(keys) builds a table of the hashes of a set of strings and returns it in a capsule
 * that also holds the set. keyed(texts, index) returns, for each text that holds a token of
 * the set, (its position in texts, its tokens in order): TOKEN.findall of that text. A token
 * is hashed over its code points as it is read; only a token whose hash is in the table is
 * made a str and looked up in the set itself, so a text without a key token costs no object.
 *
 * first_key(text, index, start) is where the first key of the index written in the text from
 * `start` on starts, or -1: a search for any of the keys as they are written (no word
 * boundary asked for), as re finds the first match of their alternation.
 *
 * policy_candidates(hrefs, texts, words, phrases, gaps) reads each link whose address is
 * ASCII as outlet._POLICY_ADDRESS reads it lowercased (a key of `words` starting it, after
 * any white space, or starting after any "/"), and each whose text is ASCII as
 * outlet._POLICY_TEXT reads it casefolded (the text, lowercased, its runs of white space
 * and of the `gaps` characters made one space and stripped, is a key of `phrases`: what
 * outlet._fold makes of it). The links whose address or text is not ASCII are handed back
 * to be read by those searches: lowercasing and casefolding other characters (U+212A lowers
 * to "k") is theirs to do. Two shortcuts keep most of the reading out of the hashes: a start
 * is hashed only where its first two characters start a key, and a text that is not ASCII
 * but holds more characters than the longest phrase, white space and gaps aside, is no
 * phrase (it folds to at least as many).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>

#define CAPSULE_NAME "scoring._tokens.index"
#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

typedef struct {
    PyObject *keys; /* the set (a frozenset or set of str), owned */
    uint64_t *slots; /* hashes, 0 for an empty slot; a power of two of them */
    size_t mask;
    uint64_t lengths; /* bit n set where a key has n characters (n < 64) */
    int long_keys;    /* whether a key has 64 characters or more */
    /* The first two characters of the keys, where every key starts with two ASCII ones (or is
     * one ASCII character, whatever follows it): pairs[a] has bit b set for a key "ab...";
     * single[a] for a key "a". Else `pairs_known` is 0 and every start is hashed. */
    int pairs_known;
    uint64_t pairs[128][2];
    unsigned char single[128];
} Index;

typedef struct {
    Py_ssize_t start, end;
} Span;

/* ASCII letters and digits: what Py_UNICODE_ISALNUM says of the first 128 code points. */
static unsigned char ascii_alnum[128];

static inline int
is_alnum(Py_UCS4 c)
{
    return c < 128 ? ascii_alnum[c] : Py_UNICODE_ISALNUM(c);
}

static inline int
is_joiner(Py_UCS4 c)
{
    return c == '-' || c == '.' || c == '&';
}

static inline uint64_t
mix(uint64_t h, Py_UCS4 c)
{
    return (h ^ (uint64_t)c) * FNV_PRIME;
}

/* A hash of 0 marks an empty slot: a token that hashes to 0 is stored as 1. */
static inline uint64_t
finish(uint64_t h)
{
    return h ? h : 1;
}

static int
holds(const Index *index, uint64_t h)
{
    for (size_t i = (size_t)h & index->mask;; i = (i + 1) & index->mask) {
        if (index->slots[i] == h) {
            return 1;
        }
        if (index->slots[i] == 0) {
            return 0;
        }
    }
}

static void
insert(Index *index, uint64_t h)
{
    size_t i = (size_t)h & index->mask;
    while (index->slots[i] != 0 && index->slots[i] != h) {
        i = (i + 1) & index->mask;
    }
    index->slots[i] = h;
}

/* The hash of a whole str, as a token read from a text hashes. */
static uint64_t
hash_str(PyObject *s)
{
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    uint64_t h = FNV_OFFSET;
    for (Py_ssize_t i = 0; i < n; i++) {
        h = mix(h, PyUnicode_READ(kind, data, i));
    }
    return finish(h);
}

static void
index_free(PyObject *capsule)
{
    Index *index = PyCapsule_GetPointer(capsule, CAPSULE_NAME);
    if (index != NULL) {
        Py_XDECREF(index->keys);
        PyMem_Free(index->slots);
        PyMem_Free(index);
    }
}

static PyObject *
tokens_index(PyObject *module, PyObject *keys)
{
    (void)module;
    if (!PyAnySet_Check(keys)) {
        PyErr_Format(PyExc_TypeError, "index() takes a set of str, not %.200s",
                     Py_TYPE(keys)->tp_name);
        return NULL;
    }
    Py_ssize_t n = PySet_GET_SIZE(keys);
    size_t size = 16;
    while (size < (size_t)n * 4) {
        size <<= 1;
    }
    Index *index = PyMem_Calloc(1, sizeof(Index));
    uint64_t *slots = PyMem_Calloc(size, sizeof(uint64_t));
    if (index == NULL || slots == NULL) {
        PyMem_Free(index);
        PyMem_Free(slots);
        return PyErr_NoMemory();
    }
    index->slots = slots;
    index->mask = size - 1;
    index->pairs_known = 1;
    PyObject *iter = PyObject_GetIter(keys);
    if (iter == NULL) {
        PyMem_Free(slots);
        PyMem_Free(index);
        return NULL;
    }
    PyObject *key;
    while ((key = PyIter_Next(iter)) != NULL) {
        if (!PyUnicode_Check(key)) {
            PyErr_Format(PyExc_TypeError, "index() takes a set of str, not of %.200s",
                         Py_TYPE(key)->tp_name);
            Py_DECREF(key);
            break;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(key) < 0) {
            Py_DECREF(key);
            break;
        }
#endif
        insert(index, hash_str(key));
        Py_ssize_t n_chars = PyUnicode_GET_LENGTH(key);
        Py_UCS4 a = n_chars > 0 ? PyUnicode_READ_CHAR(key, 0) : 0x80;
        Py_UCS4 b = n_chars > 1 ? PyUnicode_READ_CHAR(key, 1) : 0;
        if (a >= 128 || b >= 128 || n_chars == 0) {
            index->pairs_known = 0;
        }
        else if (n_chars == 1) {
            index->single[a] = 1;
        }
        else {
            index->pairs[a][b >> 6] |= (uint64_t)1 << (b & 63);
        }
        if (n_chars < 64) {
            index->lengths |= (uint64_t)1 << n_chars;
        }
        else {
            index->long_keys = 1;
        }
        Py_DECREF(key);
    }
    Py_DECREF(iter);
    if (PyErr_Occurred()) {
        PyMem_Free(slots);
        PyMem_Free(index);
        return NULL;
    }
    Py_INCREF(keys);
    index->keys = keys;
    PyObject *capsule = PyCapsule_New(index, CAPSULE_NAME, index_free);
    if (capsule == NULL) {
        Py_DECREF(keys);
        PyMem_Free(slots);
        PyMem_Free(index);
    }
    return capsule;
}

/* Whether a function was given its n arguments; else 0 with a TypeError. */
static int
takes(const char *function, Py_ssize_t nargs, Py_ssize_t n)
{
    if (nargs != n) {
        PyErr_Format(PyExc_TypeError, "%s() takes %zd arguments (%zd given)", function, n, nargs);
        return 0;
    }
    return 1;
}

/* The table an argument holds (made by index()), or NULL with a TypeError naming the function. */
static const Index *
index_arg(PyObject *arg, const char *function)
{
    if (!PyCapsule_IsValid(arg, CAPSULE_NAME)) {
        PyErr_Format(PyExc_TypeError, "%s() takes a table made by index(), not %.200s", function,
                     Py_TYPE(arg)->tp_name);
        return NULL;
    }
    return PyCapsule_GetPointer(arg, CAPSULE_NAME);
}

/* Reads text's tokens into *spans (grown as needed); returns how many, with *keyed set where
 * one is in the index's set, or -1 with an exception set. */
static Py_ssize_t
read_tokens(PyObject *text, const Index *index, Span **spans, Py_ssize_t *capacity, int *keyed)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    Py_ssize_t count = 0;
    Py_ssize_t i = 0;
    *keyed = 0;
    while (i < len) {
        if (!is_alnum(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        uint64_t h = FNV_OFFSET;
        for (;;) {
            Py_UCS4 c;
            while (i < len && is_alnum(c = PyUnicode_READ(kind, data, i))) {
                h = mix(h, c);
                i++;
            }
            if (i + 1 < len && is_joiner(c = PyUnicode_READ(kind, data, i)) &&
                is_alnum(PyUnicode_READ(kind, data, i + 1))) {
                h = mix(h, c);
                i++;
                continue;
            }
            break;
        }
        if (count == *capacity) {
            Py_ssize_t grown = *capacity ? *capacity * 2 : 256;
            Span *bigger = PyMem_Realloc(*spans, (size_t)grown * sizeof(Span));
            if (bigger == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            *spans = bigger;
            *capacity = grown;
        }
        (*spans)[count].start = start;
        (*spans)[count].end = i;
        count++;
        if (!*keyed && holds(index, finish(h))) {
            PyObject *token = PyUnicode_Substring(text, start, i);
            if (token == NULL) {
                return -1;
            }
            int found = PySet_Contains(index->keys, token);
            Py_DECREF(token);
            if (found < 0) {
                return -1;
            }
            *keyed = found;
        }
    }
    return count;
}

static PyObject *
tokens_keyed(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (!takes("keyed", nargs, 2)) {
        return NULL;
    }
    PyObject *texts = args[0];
    if (!PyList_Check(texts)) {
        PyErr_Format(PyExc_TypeError, "keyed() reads a list of str, not %.200s",
                     Py_TYPE(texts)->tp_name);
        return NULL;
    }
    const Index *index = index_arg(args[1], "keyed");
    if (index == NULL) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Span *spans = NULL;
    Py_ssize_t capacity = 0;
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(texts); t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "keyed() reads a list of str, not of %.200s",
                         Py_TYPE(text)->tp_name);
            goto error;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(text) < 0) {
            goto error;
        }
#endif
        Py_INCREF(text); /* the list may not change under us, but hold it while it is read */
        int keyed;
        Py_ssize_t count = read_tokens(text, index, &spans, &capacity, &keyed);
        if (count < 0) {
            Py_DECREF(text);
            goto error;
        }
        if (keyed) {
            PyObject *tokens = PyList_New(count);
            if (tokens == NULL) {
                Py_DECREF(text);
                goto error;
            }
            for (Py_ssize_t k = 0; k < count; k++) {
                PyObject *token = PyUnicode_Substring(text, spans[k].start, spans[k].end);
                if (token == NULL) {
                    Py_DECREF(tokens);
                    Py_DECREF(text);
                    goto error;
                }
                PyList_SET_ITEM(tokens, k, token);
            }
            PyObject *pair = Py_BuildValue("(nN)", t, tokens);
            if (pair == NULL || PyList_Append(out, pair) < 0) {
                Py_XDECREF(pair);
                Py_DECREF(text);
                goto error;
            }
            Py_DECREF(pair);
        }
        Py_DECREF(text);
    }
    PyMem_Free(spans);
    return out;
error:
    PyMem_Free(spans);
    Py_DECREF(out);
    return NULL;
}


static int
append_index(PyObject *list, Py_ssize_t i)
{
    PyObject *n = PyLong_FromSsize_t(i);
    if (n == NULL) {
        return -1;
    }
    int r = PyList_Append(list, n);
    Py_DECREF(n);
    return r;
}

/* --- policy-link candidates ------------------------------------------------------------------ */

/* ASCII characters that str.isspace() (and re's \s on str) takes for white space. */
static inline int
ascii_space(Py_UCS1 c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static inline Py_UCS4
ascii_lower(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Whether the n characters in buf, hashed to h, are a key of the index: -1 on error. */
static int
is_key(const Index *index, uint64_t h, const Py_UCS4 *buf, Py_ssize_t n)
{
    if (!holds(index, finish(h))) {
        return 0;
    }
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n);
    if (s == NULL) {
        return -1;
    }
    int found = PySet_Contains(index->keys, s);
    Py_DECREF(s);
    return found;
}

/* Whether a key of the index (of under 64 characters) starts at i of the text, its ASCII
 * letters lowercased where `lower` is set: -1 on error. */
static inline int
key_at(const Index *index, int kind, const void *data, Py_ssize_t len, Py_ssize_t i, int lower)
{
    if (i >= len) {
        return 0;
    }
    if (index->pairs_known) {
        /* Most starts begin no key: their first two characters say so. */
        Py_UCS4 a = PyUnicode_READ(kind, data, i);
        Py_UCS4 b = i + 1 < len ? PyUnicode_READ(kind, data, i + 1) : 0;
        if (lower) {
            a = ascii_lower(a);
            b = ascii_lower(b);
        }
        if (a >= 128 || (!index->single[a] &&
                         (i + 1 >= len || b >= 128 ||
                          !((index->pairs[a][b >> 6] >> (b & 63)) & 1)))) {
            return 0;
        }
    }
    Py_UCS4 buf[64];
    uint64_t h = FNV_OFFSET;
    for (Py_ssize_t n = 1; n < 64 && i + n <= len && (index->lengths >> n) != 0; n++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i + n - 1);
        buf[n - 1] = c = lower ? ascii_lower(c) : c;
        h = mix(h, c);
        if ((index->lengths >> n) & 1) {
            int found = is_key(index, h, buf, n);
            if (found != 0) {
                return found;
            }
        }
    }
    return 0;
}

/* An address that a policy page's name starts (as outlet._POLICY_ADDRESS finds them, on the
 * address lowercased): at its start, after white space, or after any "/". */
static int
address_hit(const Index *words, const Py_UCS1 *s, Py_ssize_t len)
{
    Py_ssize_t i = 0;
    while (i < len && ascii_space(s[i])) {
        i++;
    }
    int found = key_at(words, PyUnicode_1BYTE_KIND, s, len, i, 1);
    for (Py_ssize_t p = 0; found == 0 && p < len; p++) {
        if (s[p] == '/') {
            found = key_at(words, PyUnicode_1BYTE_KIND, s, len, p + 1, 1);
        }
    }
    return found;
}

/* A text that folds to a policy page's name (as outlet._fold folds it: lowercased, its gaps,
 * white space and the punctuation given, made single spaces and stripped). */
static int
text_hit(const Index *phrases, const unsigned char *gap, const Py_UCS1 *s, Py_ssize_t len)
{
    Py_UCS4 buf[64];
    Py_ssize_t n = 0;
    uint64_t h = FNV_OFFSET;
    int pending = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS1 c = s[i];
        if (gap[c]) {
            pending = n > 0;
            continue;
        }
        if (n + pending >= 63) {
            return 0; /* longer than any name the index holds */
        }
        if (pending) {
            buf[n++] = ' ';
            h = mix(h, ' ');
            pending = 0;
        }
        buf[n++] = c = (Py_UCS1)ascii_lower(c);
        h = mix(h, c);
    }
    return n > 0 ? is_key(phrases, h, buf, n) : 0;
}

#define MAX_WIDE_GAPS 64

/* Whether a text that is not ASCII holds more characters than `longest` that are neither white
 * space nor gaps. Casefolding makes each such character one or more characters that are
 * neither (no character does otherwise, tests/test_outlet_link_scan.py checks), so such a text
 * folds to more than `longest` characters, and is no key of the phrases. */
static int
too_long(PyObject *text, const unsigned char *gap, const Py_UCS4 *wide_gaps, Py_ssize_t n_wide,
         Py_ssize_t longest)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), count = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int is_gap = c < 128 ? gap[c] : Py_UNICODE_ISSPACE(c);
        for (Py_ssize_t g = 0; !is_gap && c >= 128 && g < n_wide; g++) {
            is_gap = c == wide_gaps[g];
        }
        if (!is_gap && ++count > longest) {
            return 1;
        }
    }
    return 0;
}

static PyObject *
tokens_policy_candidates(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (!takes("policy_candidates", nargs, 5)) {
        return NULL;
    }
    PyObject *hrefs = args[0], *texts = args[1], *gaps = args[4];
    if (!PyList_Check(hrefs) || !PyList_Check(texts) ||
        PyList_GET_SIZE(hrefs) != PyList_GET_SIZE(texts)) {
        PyErr_SetString(PyExc_TypeError,
                        "policy_candidates() reads two lists of str of the same length");
        return NULL;
    }
    const Index *words = index_arg(args[2], "policy_candidates");
    const Index *phrases = words == NULL ? NULL : index_arg(args[3], "policy_candidates");
    if (phrases == NULL) {
        return NULL;
    }
    if (words->long_keys || phrases->long_keys) {
        PyErr_SetString(PyExc_ValueError, "policy_candidates() reads keys of under 64 characters");
        return NULL;
    }
    if (!PyUnicode_Check(gaps)) {
        PyErr_SetString(PyExc_TypeError, "policy_candidates() takes its gap characters as a str");
        return NULL;
    }
    unsigned char gap[256] = {0};
    Py_UCS4 wide_gaps[MAX_WIDE_GAPS];
    Py_ssize_t n_wide = 0;
    for (int c = 0; c < 128; c++) {
        gap[c] = ascii_space((Py_UCS1)c);
    }
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(gaps); i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(gaps, i);
        if (c < 128) {
            gap[c] = 1;
        }
        else if (n_wide < MAX_WIDE_GAPS) {
            wide_gaps[n_wide++] = c;
        }
        else {
            PyErr_SetString(PyExc_ValueError, "policy_candidates() reads few gap characters");
            return NULL;
        }
    }
    /* The most characters a key of `phrases` has. */
    Py_ssize_t longest = 0;
    for (Py_ssize_t n = 1; n < 64; n++) {
        if ((phrases->lengths >> n) & 1) {
            longest = n;
        }
    }
    PyObject *found = PyList_New(0), *odd_hrefs = PyList_New(0), *odd_texts = PyList_New(0);
    if (found == NULL || odd_hrefs == NULL || odd_texts == NULL) {
        goto error;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(hrefs); i++) {
        PyObject *href = PyList_GET_ITEM(hrefs, i), *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(href) || !PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "policy_candidates() reads lists of str");
            goto error;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(href) < 0 || PyUnicode_READY(text) < 0) {
            goto error;
        }
#endif
        int hit = 0;
        if (PyUnicode_IS_ASCII(href)) {
            hit = address_hit(words, PyUnicode_1BYTE_DATA(href), PyUnicode_GET_LENGTH(href));
        }
        else if (append_index(odd_hrefs, i) < 0) {
            goto error;
        }
        if (hit == 0) {
            if (PyUnicode_IS_ASCII(text)) {
                hit = text_hit(phrases, gap, PyUnicode_1BYTE_DATA(text),
                               PyUnicode_GET_LENGTH(text));
            }
            else if (!too_long(text, gap, wide_gaps, n_wide, longest) &&
                     append_index(odd_texts, i) < 0) {
                goto error;
            }
        }
        if (hit < 0 || (hit > 0 && append_index(found, i) < 0)) {
            goto error;
        }
    }
    return Py_BuildValue("(NNN)", found, odd_hrefs, odd_texts);
error:
    Py_XDECREF(found);
    Py_XDECREF(odd_hrefs);
    Py_XDECREF(odd_texts);
    return NULL;
}

/* --- the first key in a text ------------------------------------------------------------------ */

static PyObject *
tokens_first_key(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (!takes("first_key", nargs, 3)) {
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "first_key() reads a str, not %.200s",
                     Py_TYPE(text)->tp_name);
        return NULL;
    }
    const Index *index = index_arg(args[1], "first_key");
    if (index == NULL) {
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[2]);
    if (start == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (index->long_keys) {
        PyErr_SetString(PyExc_ValueError, "first_key() reads keys of under 64 characters");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = start < 0 ? 0 : start; i < len; i++) {
        int found = key_at(index, kind, data, len, i, 0);
        if (found < 0) {
            return NULL;
        }
        if (found) {
            return PyLong_FromSsize_t(i);
        }
    }
    return PyLong_FromSsize_t(-1);
}

static PyMethodDef methods[] = {
    {"index", tokens_index, METH_O,
     "index(keys)\n--\n\nA table of the tokens in the set `keys`, for keyed()."},
    {"keyed", (PyCFunction)(void (*)(void))tokens_keyed, METH_FASTCALL,
     "keyed(texts, index)\n--\n\n"
     "For each text that holds a token of the index's set, (its position, its tokens):\n"
     "scoring.data.TOKEN.findall of that text."},
    {"first_key", (PyCFunction)(void (*)(void))tokens_first_key, METH_FASTCALL,
     "first_key(text, index, start)\n--\n\n"
     "Where the first key of the index that the text holds from `start` on starts, or -1."},
    {"policy_candidates", (PyCFunction)(void (*)(void))tokens_policy_candidates, METH_FASTCALL,
     "policy_candidates(hrefs, texts, words, phrases, gaps)\n--\n\n"
     "The links whose address a key of `words` starts (at its start or after a \"/\", "
     "lowercased)\nor whose text folds to a key of `phrases`, read where they are ASCII: "
     "(found, hrefs left,\ntexts left), the positions of the links found and of those whose "
     "address or text is\nleft to read otherwise."},
    {NULL, NULL, 0, NULL},
};

static int
tokens_exec(PyObject *module)
{
    (void)module;
    for (int c = 0; c < 128; c++) {
        ascii_alnum[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return 0;
}

static struct PyModuleDef_Slot slots[] = {
    {Py_mod_exec, tokens_exec},
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
    .m_name = "scoring._tokens",
    .m_doc = "Word scans of texts in C: see scoring.patterns.scans.",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit__tokens(void)
{
    return PyModuleDef_Init(&module);
}
