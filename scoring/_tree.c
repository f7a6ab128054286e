/* Passes of scoring.document over the parsed tree, in C, each with the same result as
 * its Python version there (the reference, and the fallback where this was not built):
 *
 * - mark: the class index, which elements a word of each CLASS_FAMILIES entry marks, read
 *   from the page's class and itemprop values in one walk;
 * - skipped: Document.skipped, the body's regions that are not the article;
 * - blocks: _content_blocks, the body's text in paragraph-sized runs;
 * - head: _head's walk, the meta values by key, the JSON-LD blocks' texts and the canonical
 *   links;
 * - links: _link_table, every <a> with its address, its text and its rel, read once for every
 *   extractor that reads links;
 * - block_text: _block_text, a block's text and where each element in it starts and ends,
 *   for the words around a link;
 * - path: bylines.Zone.key, an element's place in document order;
 * - below and nearest: document.is_below and document.nearest, an element's ancestors.
 *
 * Class-like values (class, itemprop, id) are searched as document.word_search's patterns
 * search them after str.lower(): a word is found where the character before it and the one
 * after it are not [a-z0-9], the words tried in their order (each word's variants with and
 * without an optional "-" already spelled out by the caller), the next search starting where
 * a found word ends. Values are read as libxml2 holds them (UTF-8) and lowercased as
 * str.lower() would for what the words can match: ASCII capitals; U+0130 lowers to "i" and a
 * combining dot, U+212A to "k"; every other character is neither a letter nor a digit of the
 * words' alphabet, before or after lowering. The tests hold each pass equal to its reference.
 *
 * Only the libxml2 tree's fields are read (no libxml2 function is called: its symbols are
 * lxml's own); elements are handed back through lxml's public C API, so each is the proxy
 * lxml would give for it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "lxml-version.h"
#include "etree_defs.h"
#include "lxml.etree.h"
#include "lxml.etree_api.h"

#define MAX_WORDS 256
#define MAX_FAMILIES 16
#define MAX_WORD 64

typedef struct {
    char text[MAX_WORD];
    Py_ssize_t len;
    int family;
} Word;

/* Words searched for together, each of a family, with those starting with each ASCII letter
 * listed in their order (as indexes into `words`). */
typedef struct {
    Word words[MAX_WORDS];
    int n_words;
    int n_families; /* 0 until configured */
    int by_letter[128][MAX_WORDS];
    int n_by_letter[128];
} Table;

/* The class families' words (the class index), and the boilerplate markers (skipped regions). */
static Table families, markers;
/* lxml.etree._Element, looked up when the module is imported (its symbol is lxml's own). */
static PyTypeObject *element_type = NULL;

/* The libxml2 node of an lxml element, or NULL with an exception set. */
static xmlNode *
node_of(PyObject *element)
{
    if (!PyObject_TypeCheck(element, element_type)) {
        PyErr_SetString(PyExc_TypeError, "an lxml element is needed");
        return NULL;
    }
    xmlNode *node = ((struct LxmlElement *)element)->_c_node;
    if (node == NULL)
        PyErr_SetString(PyExc_ValueError, "the element has no tree");
    return node;
}

static int
is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A growing UTF-8 buffer. */
typedef struct {
    char *data;
    Py_ssize_t len, cap;
} Buffer;

/* Room for n more bytes; -1 when memory runs out. */
static int
buffer_reserve(Buffer *b, Py_ssize_t n)
{
    if (b->len + n <= b->cap)
        return 0;
    Py_ssize_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n)
        cap *= 2;
    char *grown = PyMem_Realloc(b->data, (size_t)cap);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = grown;
    b->cap = cap;
    return 0;
}

static int
buffer_add(Buffer *b, const char *s, Py_ssize_t n)
{
    if (n == 0)
        return 0; /* nothing to copy: an empty buffer may have no memory yet */
    if (buffer_reserve(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, s, (size_t)n);
    b->len += n;
    return 0;
}

/* Appends a new reference's object to a list (NULL: the error already set); 0 or -1. */
static int
append_new(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return -1;
    int r = PyList_Append(list, item);
    Py_DECREF(item);
    return r;
}

/* lxml's .text of a node list: the contents of the text (and CDATA) nodes it starts with. */
static int
add_text(Buffer *b, xmlNode *n)
{
    for (; n != NULL && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE);
         n = n->next) {
        if (n->content != NULL && buffer_add(b, (const char *)n->content,
                                             (Py_ssize_t)strlen((const char *)n->content)) < 0)
            return -1;
    }
    return 0;
}

/* The next code point of valid UTF-8 at s[*i] (libxml2 holds only valid UTF-8; a stray byte
 * is read alone, as itself). */
static Py_UCS4
next_code_point(const unsigned char *s, Py_ssize_t n, Py_ssize_t *i)
{
    unsigned char c = s[*i];
    Py_ssize_t len = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC0) ? 2 : 1;
    if (*i + len > n)
        len = 1;
    Py_UCS4 cp;
    if (len == 1)
        cp = c;
    else if (len == 2)
        cp = ((Py_UCS4)(c & 0x1F) << 6) | (s[*i + 1] & 0x3F);
    else if (len == 3)
        cp = ((Py_UCS4)(c & 0x0F) << 12) | ((Py_UCS4)(s[*i + 1] & 0x3F) << 6) |
             (s[*i + 2] & 0x3F);
    else
        cp = ((Py_UCS4)(c & 0x07) << 18) | ((Py_UCS4)(s[*i + 1] & 0x3F) << 12) |
             ((Py_UCS4)(s[*i + 2] & 0x3F) << 6) | (s[*i + 3] & 0x3F);
    *i += len;
    return cp;
}

/* The value lowercased for matching, into `out` (which has room for n bytes: folding never
 * lengthens a value): ASCII capitals lowered, U+0130 as "i" and a boundary, U+212A as "k",
 * any other character that is not ASCII as one boundary byte (0x01). */
static Py_ssize_t
fold(const unsigned char *s, Py_ssize_t n, unsigned char *out)
{
    Py_ssize_t i = 0, o = 0;
    while (i < n) {
        Py_UCS4 c = next_code_point(s, n, &i);
        if (c < 0x80)
            out[o++] = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : (unsigned char)c;
        else if (c == 0x130) {
            out[o++] = 'i';
            out[o++] = 0x01;
        }
        else
            out[o++] = c == 0x212A ? 'k' : 0x01;
    }
    return o;
}

/* The families whose words are found in the folded value, as a bit mask. */
static unsigned
search(const Table *t, const unsigned char *v, Py_ssize_t n)
{
    unsigned mask = 0;
    /* The value stands between two boundaries ("\n" before and after it in _mark). */
    Py_ssize_t p = -1; /* the boundary before the next word: -1 is the "\n" before */
    while (p < n) {
        if (p >= 0 && is_word_char(v[p])) {
            p++;
            continue;
        }
        Py_ssize_t start = p + 1;
        if (start >= n)
            break;
        unsigned char first = v[start];
        int matched = -1;
        if (first < 128) {
            for (int k = 0; k < t->n_by_letter[first]; k++) {
                const Word *w = &t->words[t->by_letter[first][k]];
                if (start + w->len <= n && memcmp(v + start, w->text, (size_t)w->len) == 0 &&
                    (start + w->len == n || !is_word_char(v[start + w->len]))) {
                    matched = t->by_letter[first][k];
                    break;
                }
            }
        }
        if (matched >= 0) {
            mask |= 1u << t->words[matched].family;
            p = start + t->words[matched].len; /* the next search starts where the word ends */
        }
        else {
            p++;
        }
    }
    return mask;
}

/* The families an attribute's value marks (its text children joined, read into `raw` and
 * folded into `folded`), as a bit mask; or -1 when memory runs out. */
static long
attribute_families(const Table *t, xmlAttr *attr, Buffer *raw, Buffer *folded)
{
    raw->len = folded->len = 0;
    if (add_text(raw, attr->children) < 0 || buffer_reserve(folded, raw->len) < 0)
        return -1;
    Py_ssize_t n = fold((const unsigned char *)raw->data, raw->len,
                        (unsigned char *)folded->data);
    return (long)search(t, (const unsigned char *)folded->data, n);
}

static xmlAttr *
find_attribute(xmlNode *el, const char *name)
{
    for (xmlAttr *a = el->properties; a != NULL; a = a->next) {
        if (a->ns == NULL && a->name != NULL && strcmp((const char *)a->name, name) == 0)
            return a;
    }
    return NULL;
}

/* Adds the element to each family in the mask (each family's dict keeps first insertion). */
static int
add(PyObject *dicts, struct LxmlDocument *doc, xmlNode *node, unsigned mask, PyObject **proxy)
{
    for (int f = 0; f < families.n_families; f++) {
        if (!(mask & (1u << f)))
            continue;
        if (*proxy == NULL) {
            *proxy = (PyObject *)elementFactory(doc, node);
            if (*proxy == NULL)
                return -1;
        }
        if (PyDict_SetItem(PyTuple_GET_ITEM(dicts, f), *proxy, Py_None) < 0)
            return -1;
    }
    return 0;
}

/* The next element after node in document order (its first child element first), or NULL. */
static xmlNode *
next_element(xmlNode *node, xmlNode *top)
{
    xmlNode *n = node->children;
    while (n != NULL && n->type != XML_ELEMENT_NODE)
        n = n->next;
    if (n != NULL)
        return n;
    while (node != NULL && node != top) {
        for (n = node->next; n != NULL; n = n->next) {
            if (n->type == XML_ELEMENT_NODE)
                return n;
        }
        node = node->parent;
    }
    return NULL;
}

/* Reads (text, family) pairs into a table; on any error the table is left unconfigured. */
static int
read_table(Table *t, PyObject *table, int n_families)
{
    t->n_families = 0;
    if (!PyTuple_Check(table)) {
        PyErr_SetString(PyExc_TypeError, "the words must be a tuple");
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(table);
    if (n > MAX_WORDS || n_families < 1 || n_families > MAX_FAMILIES) {
        PyErr_SetString(PyExc_ValueError, "too many words or families");
        return -1;
    }
    memset(t->n_by_letter, 0, sizeof t->n_by_letter);
    for (Py_ssize_t i = 0; i < n; i++) {
        const char *text;
        Py_ssize_t len;
        int family;
        PyObject *item = PyTuple_GET_ITEM(table, i);
        if (!PyArg_ParseTuple(item, "s#i", &text, &len, &family))
            return -1;
        if (len < 1 || len >= MAX_WORD || family < 0 || family >= n_families ||
            (unsigned char)text[0] >= 128) {
            PyErr_SetString(PyExc_ValueError, "a word must be short ASCII, its family known");
            return -1;
        }
        memcpy(t->words[i].text, text, (size_t)len);
        t->words[i].len = len;
        t->words[i].family = family;
        unsigned char first = (unsigned char)text[0];
        t->by_letter[first][t->n_by_letter[first]++] = (int)i;
    }
    t->n_words = (int)n;
    t->n_families = n_families;
    return 0;
}

static PyObject *
tree_configure(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *family_words, *marker_words;
    int n_families;
    if (!PyArg_ParseTuple(args, "OiO", &family_words, &n_families, &marker_words))
        return NULL;
    PyObject *marker_table = PySequence_Tuple(marker_words);
    if (marker_table == NULL)
        return NULL;
    PyObject *pairs = PyTuple_New(PyTuple_GET_SIZE(marker_table));
    if (pairs == NULL) {
        Py_DECREF(marker_table);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(marker_table); i++) {
        PyObject *pair = Py_BuildValue("(Oi)", PyTuple_GET_ITEM(marker_table, i), 0);
        if (pair == NULL) {
            Py_DECREF(pairs);
            Py_DECREF(marker_table);
            return NULL;
        }
        PyTuple_SET_ITEM(pairs, i, pair);
    }
    Py_DECREF(marker_table);
    int r = read_table(&families, family_words, n_families);
    if (r == 0)
        r = read_table(&markers, pairs, 1);
    Py_DECREF(pairs);
    if (r < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
tree_mark(PyObject *Py_UNUSED(self), PyObject *arg)
{
    if (families.n_families == 0) {
        PyErr_SetString(PyExc_RuntimeError, "configure() first");
        return NULL;
    }
    xmlNode *start = node_of(arg);
    if (start == NULL)
        return NULL;
    struct LxmlDocument *doc = ((struct LxmlElement *)arg)->_doc;
    if (start->doc == NULL) {
        PyErr_SetString(PyExc_ValueError, "the element has no document");
        return NULL;
    }
    xmlNode *top = (xmlNode *)start->doc; /* the whole document, as the XPath reads it */

    int n_families = families.n_families;
    PyObject *dicts = PyTuple_New(n_families);
    PyObject *pending = PyList_New(0); /* (element, families) of itemprop values, in order */
    Buffer raw = {NULL, 0, 0}, folded = {NULL, 0, 0};
    PyObject *result = NULL;
    if (dicts == NULL || pending == NULL)
        goto done;
    for (int f = 0; f < n_families; f++) {
        PyObject *d = PyDict_New();
        if (d == NULL)
            goto done;
        PyTuple_SET_ITEM(dicts, f, d);
    }
    for (xmlNode *node = next_element(top, top); node != NULL; node = next_element(node, top)) {
        if (node->properties == NULL)
            continue;
        PyObject *proxy = NULL;
        xmlAttr *cls = find_attribute(node, "class");
        if (cls != NULL) {
            long mask = attribute_families(&families, cls, &raw, &folded);
            if (mask < 0 || add(dicts, doc, node, (unsigned)mask, &proxy) < 0) {
                Py_XDECREF(proxy);
                goto done;
            }
        }
        xmlAttr *prop = find_attribute(node, "itemprop");
        if (prop != NULL) {
            long mask = attribute_families(&families, prop, &raw, &folded);
            if (mask < 0) {
                Py_XDECREF(proxy);
                goto done;
            }
            if (mask > 0) {
                if (proxy == NULL && (proxy = (PyObject *)elementFactory(doc, node)) == NULL)
                    goto done;
                if (append_new(pending, Py_BuildValue("(Ol)", proxy, mask)) < 0) {
                    Py_DECREF(proxy);
                    goto done;
                }
            }
        }
        Py_XDECREF(proxy);
    }
    /* itemprop values come after every class value, as in _mark. */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(pending); i++) {
        PyObject *pair = PyList_GET_ITEM(pending, i);
        unsigned mask = (unsigned)PyLong_AsLong(PyTuple_GET_ITEM(pair, 1));
        for (int f = 0; f < n_families; f++) {
            if ((mask & (1u << f)) &&
                PyDict_SetItem(PyTuple_GET_ITEM(dicts, f), PyTuple_GET_ITEM(pair, 0), Py_None) < 0)
                goto done;
        }
    }
    result = PyTuple_New(n_families);
    if (result == NULL)
        goto done;
    for (int f = 0; f < n_families; f++) {
        PyObject *keys = PyDict_Keys(PyTuple_GET_ITEM(dicts, f));
        if (keys == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyTuple_SET_ITEM(result, f, keys);
    }
done:
    PyMem_Free(raw.data);
    PyMem_Free(folded.data);
    Py_XDECREF(pending);
    Py_XDECREF(dicts);
    return result;
}

/* Appends node to a growing array of nodes; -1 when memory runs out. */
static int
push_node(xmlNode ***array, Py_ssize_t *count, Py_ssize_t *room, xmlNode *node)
{
    if (*count == *room) {
        Py_ssize_t grown_room = *room ? *room * 2 : 16;
        xmlNode **grown = PyMem_Realloc(*array, sizeof(xmlNode *) * (size_t)grown_room);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        *array = grown;
        *room = grown_room;
    }
    (*array)[(*count)++] = node;
    return 0;
}

/* --- tag names ------------------------------------------------------------------------------ */

#define MAX_NAMES 64

/* Tag names handed over as a set of str, as UTF-8 borrowed from the set's strings while the
 * caller holds the set. */
typedef struct {
    const char *names[MAX_NAMES];
    Py_ssize_t n;
} Names;

static int
read_names(PyObject *set, Names *out)
{
    out->n = 0;
    PyObject *it = PyObject_GetIter(set), *name;
    if (it == NULL)
        return -1;
    while ((name = PyIter_Next(it)) != NULL) {
        const char *utf8 = PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : NULL;
        Py_DECREF(name); /* the set still holds it */
        if (utf8 == NULL || out->n == MAX_NAMES) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "tag names: at most 64, each a str");
            Py_DECREF(it);
            return -1;
        }
        out->names[out->n++] = utf8;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* Whether the element's tag is one of the names. */
static int
has_name(xmlNode *n, const Names *names)
{
    const char *tag = (const char *)n->name;
    for (Py_ssize_t i = 0; i < names->n; i++) {
        if (strcmp(tag, names->names[i]) == 0)
            return 1;
    }
    return 0;
}

/* --- the body's text blocks ------------------------------------------------------------ */

/* " ".join(text.split()) of the buffer's text, as a str; NULL with no exception when the text
 * is only whitespace (text.isspace()). The buffer is emptied. */
static PyObject *
fold_block(Buffer *b, Buffer *out)
{
    const unsigned char *s = (const unsigned char *)b->data;
    Py_ssize_t n = b->len, i = 0;
    out->len = 0;
    int pending_space = 0;
    while (i < n) {
        Py_ssize_t at = i;
        Py_UCS4 cp = next_code_point(s, n, &i);
        if (Py_UNICODE_ISSPACE(cp)) {
            pending_space = out->len > 0;
            continue;
        }
        if (pending_space && buffer_add(out, " ", 1) < 0)
            return NULL;
        pending_space = 0;
        if (buffer_add(out, (const char *)s + at, i - at) < 0)
            return NULL;
    }
    b->len = 0;
    if (out->len == 0)
        return NULL;
    return PyUnicode_DecodeUTF8(out->data, out->len, "strict");
}

typedef struct {
    struct LxmlDocument *doc;
    PyObject *paragraph; /* the Paragraph class */
    PyObject *out;       /* the list of paragraphs */
    Buffer text, folded;
} Blocks;

/* The run in the buffer, if it holds more than whitespace, as a paragraph of `block`. */
static int
flush(Blocks *bl, xmlNode *block)
{
    if (bl->text.len == 0)
        return 0;
    PyObject *text = fold_block(&bl->text, &bl->folded);
    if (text == NULL)
        return PyErr_Occurred() ? -1 : 0;
    PyObject *el = (PyObject *)elementFactory(bl->doc, block);
    if (el == NULL) {
        Py_DECREF(text);
        return -1;
    }
    PyObject *p = PyObject_CallFunctionObjArgs(bl->paragraph, el, text, NULL);
    Py_DECREF(el);
    Py_DECREF(text);
    return append_new(bl->out, p);
}

static int
compare_pointers(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (xmlNode *const *)a, y = (uintptr_t) * (xmlNode *const *)b;
    return x < y ? -1 : x > y;
}

static int
in_skipped(xmlNode *n, xmlNode **skipped, Py_ssize_t count)
{
    return count > 0 && bsearch(&n, skipped, (size_t)count, sizeof n, compare_pointers) != NULL;
}

/* blocks(body, skipped, block_names, Paragraph): document._content_blocks in one walk. */
static PyObject *
tree_blocks(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *body_obj, *skipped_obj, *names, *paragraph;
    if (!PyArg_ParseTuple(args, "O!OO!O", element_type, &body_obj, &skipped_obj,
                          &PyFrozenSet_Type, &names, &paragraph))
        return NULL;
    struct LxmlElement *body = (struct LxmlElement *)body_obj;
    xmlNode *top = node_of(body_obj);
    if (top == NULL)
        return NULL;
    /* The skipped elements' nodes, sorted for a binary search. */
    PyObject *seq = PySequence_Fast(skipped_obj, "skipped must be a collection of elements");
    if (seq == NULL)
        return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq);
    xmlNode **skipped = PyMem_Malloc(sizeof(xmlNode *) * (size_t)(count ? count : 1));
    if (skipped == NULL) {
        Py_DECREF(seq);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyObject_TypeCheck(item, element_type)) {
            PyErr_SetString(PyExc_TypeError, "skipped must hold lxml elements");
            PyMem_Free(skipped);
            Py_DECREF(seq);
            return NULL;
        }
        skipped[i] = ((struct LxmlElement *)item)->_c_node;
    }
    Py_DECREF(seq);
    qsort(skipped, (size_t)count, sizeof *skipped, compare_pointers);
    Names block_names;
    if (read_names(names, &block_names) < 0) {
        PyMem_Free(skipped);
        return NULL;
    }

    Blocks bl = {body->_doc, paragraph, PyList_New(0), {NULL, 0, 0}, {NULL, 0, 0}};
    /* The open blocks: body first. libxml2 nests at most 256 deep; the stack grows anyway. */
    Py_ssize_t depth = 1, room = 64;
    xmlNode **blocks = PyMem_Malloc(sizeof(xmlNode *) * (size_t)room);
    PyObject *result = NULL;
    if (bl.out == NULL || blocks == NULL) {
        if (blocks == NULL)
            PyErr_NoMemory();
        goto done;
    }
    blocks[0] = top;

    /* An iterative walk: each element's start, its children, then its end. */
    xmlNode *node = top;
    int entering = 1;
    while (node != NULL) {
        if (entering) {
            if (in_skipped(node, skipped, count)) {
                entering = 0; /* its end comes next, and with it the tail */
                continue;
            }
            if (has_name(node, &block_names)) {
                if (flush(&bl, blocks[depth - 1]) < 0)
                    goto done;
                if (strcmp((const char *)node->name, "br") != 0 &&
                    push_node(&blocks, &depth, &room, node) < 0)
                    goto done;
            }
            if (add_text(&bl.text, node->children) < 0)
                goto done;
            xmlNode *child = node->children;
            while (child != NULL && child->type != XML_ELEMENT_NODE)
                child = child->next;
            if (child != NULL) {
                node = child;
                continue;
            }
            entering = 0;
            continue;
        }
        /* node's end */
        if (in_skipped(node, skipped, count)) {
            if (add_text(&bl.text, node->next) < 0) /* its tail, the body's too */
                goto done;
        }
        else {
            if (has_name(node, &block_names)) {
                if (flush(&bl, blocks[depth - 1]) < 0)
                    goto done;
                if (strcmp((const char *)node->name, "br") != 0 && depth > 1 &&
                    blocks[depth - 1] == node)
                    depth--;
            }
            if (node != top && add_text(&bl.text, node->next) < 0)
                goto done;
        }
        if (node == top)
            break;
        xmlNode *sibling = node->next;
        while (sibling != NULL && sibling->type != XML_ELEMENT_NODE)
            sibling = sibling->next;
        if (sibling != NULL) {
            node = sibling;
            entering = 1;
        }
        else {
            node = node->parent;
        }
    }
    if (flush(&bl, blocks[depth - 1]) < 0)
        goto done;
    result = bl.out;
    bl.out = NULL;
done:
    PyMem_Free(skipped);
    PyMem_Free(blocks);
    PyMem_Free(bl.text.data);
    PyMem_Free(bl.folded.data);
    Py_XDECREF(bl.out);
    return result;
}

/* --- skipped regions ------------------------------------------------------------------------ */

/* The node after n in a walk of el's subtree in document order (into every element), or NULL
 * after its last. */
static xmlNode *
next_below(xmlNode *n, xmlNode *el)
{
    if (n->type == XML_ELEMENT_NODE && n->children != NULL)
        return n->children;
    while (n != el && n->next == NULL)
        n = n->parent;
    return n == el ? NULL : n->next;
}

/* A text (or CDATA) node with content: what lxml's text serialization reads. */
static int
is_text(xmlNode *n)
{
    return (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != NULL;
}

/* The length in characters of the text below node (what len(text_content(el)) gives): its
 * text and CDATA nodes' UTF-8, counted without continuation bytes. */
static Py_ssize_t
subtree_length(xmlNode *top)
{
    Py_ssize_t count = 0;
    for (xmlNode *n = top->children; n != NULL; n = next_below(n, top)) {
        if (is_text(n)) {
            for (const unsigned char *c = n->content; *c; c++)
                count += (*c & 0xC0) != 0x80;
        }
    }
    return count;
}

static int
add_to_set(PyObject *set, struct LxmlDocument *doc, xmlNode *node)
{
    PyObject *el = (PyObject *)elementFactory(doc, node);
    if (el == NULL)
        return -1;
    int r = PySet_Add(set, el);
    Py_DECREF(el);
    return r;
}

/* skipped(body, skip_tags): Document.skipped in one walk (see there). */
static PyObject *
tree_skipped(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *body_obj, *skip_tags;
    if (!PyArg_ParseTuple(args, "O!O!", element_type, &body_obj, &PyFrozenSet_Type, &skip_tags))
        return NULL;
    if (markers.n_families == 0) {
        PyErr_SetString(PyExc_RuntimeError, "configure() first");
        return NULL;
    }
    struct LxmlElement *body = (struct LxmlElement *)body_obj;
    xmlNode *top = node_of(body_obj);
    if (top == NULL)
        return NULL;
    Names skip_names;
    if (read_names(skip_tags, &skip_names) < 0)
        return NULL;
    PyObject *out = PySet_New(NULL);
    Buffer raw = {NULL, 0, 0}, folded = {NULL, 0, 0};
    Py_ssize_t n_marked = 0, room = 0;
    xmlNode **marked = NULL;
    if (out == NULL)
        return NULL;
    for (xmlNode *node = next_element(top, top); node != NULL; node = next_element(node, top)) {
        if (has_name(node, &skip_names) && add_to_set(out, body->_doc, node) < 0)
            goto fail;
        const char *names[2] = {"class", "id"};
        for (int k = 0; k < 2; k++) {
            xmlAttr *attr = find_attribute(node, names[k]);
            if (attr == NULL)
                continue;
            long mask = attribute_families(&markers, attr, &raw, &folded);
            if (mask < 0)
                goto fail;
            if (mask) {
                if (push_node(&marked, &n_marked, &room, node) < 0)
                    goto fail;
                break;
            }
        }
    }
    /* A region marked by class or id counts only when it holds under half the body's text. */
    if (n_marked > 0) {
        Py_ssize_t total = subtree_length(top);
        double half = (double)(total ? total : 1) / 2;
        for (Py_ssize_t i = 0; i < n_marked; i++) {
            if ((double)subtree_length(marked[i]) < half &&
                add_to_set(out, body->_doc, marked[i]) < 0)
                goto fail;
        }
    }
    PyMem_Free(raw.data);
    PyMem_Free(folded.data);
    PyMem_Free(marked);
    return out;
fail:
    PyMem_Free(raw.data);
    PyMem_Free(folded.data);
    PyMem_Free(marked);
    Py_DECREF(out);
    return NULL;
}

/* --- the head's metadata -------------------------------------------------------------------- */

/* Whether the attribute is there, its value (text children joined) then in the buffer. */
static int
attribute_bytes(xmlNode *el, const char *name, Buffer *b)
{
    xmlAttr *attr = find_attribute(el, name);
    if (attr == NULL)
        return 0;
    b->len = 0;
    return add_text(b, attr->children) < 0 ? -1 : 1;
}

/* Whether the buffer holds `needle` (lowercase ASCII) in ASCII letters of either case. A
 * character outside ASCII never lowers to a letter of the needles used here ("canonical",
 * "ld+json"): U+212A lowers to "k", U+0130 to "i" and a combining dot, which no such word
 * can hold; so where this finds nothing, str.lower() of the value holds no needle either. */
static int
holds_ascii_ci(const Buffer *b, const char *needle)
{
    size_t n = strlen(needle);
    for (Py_ssize_t i = 0; i + (Py_ssize_t)n <= b->len; i++) {
        size_t k = 0;
        while (k < n) {
            unsigned char c = (unsigned char)b->data[i + (Py_ssize_t)k];
            if (c >= 'A' && c <= 'Z')
                c += 32;
            if (c != (unsigned char)needle[k])
                break;
            k++;
        }
        if (k == n)
            return 1;
    }
    return 0;
}

/* An attribute's value as a str (its text children joined), or NULL with no exception when
 * the element has no such attribute. */
static PyObject *
attribute_value(xmlNode *el, const char *name, Buffer *b)
{
    xmlAttr *attr = find_attribute(el, name);
    if (attr == NULL)
        return NULL;
    b->len = 0;
    if (add_text(b, attr->children) < 0)
        return NULL;
    return PyUnicode_DecodeUTF8(b->data ? b->data : "", b->len, "strict");
}

/* An attribute's value, or a new reference to `absent` where the element has none; NULL with
 * an exception on error. */
static PyObject *
attribute_or(xmlNode *el, const char *name, Buffer *b, PyObject *absent)
{
    PyObject *value = attribute_value(el, name, b);
    if (value == NULL && !PyErr_Occurred()) {
        Py_INCREF(absent);
        value = absent;
    }
    return value;
}

/* Adds the value under one key, the key given as a str. */
static int
add_meta(PyObject *meta, PyObject *key, PyObject *content)
{
    PyObject *values = PyDict_GetItemWithError(meta, key);
    if (values == NULL) {
        if (PyErr_Occurred())
            return -1;
        values = PyList_New(0);
        if (values == NULL)
            return -1;
        int set = PyDict_SetItem(meta, key, values);
        Py_DECREF(values); /* the dict holds it */
        if (set < 0)
            return -1;
    }
    return PyList_Append(values, content);
}

/* ASCII characters str.split() splits on: space, \t \n \v \f \r and \x1c-\x1f. */
static int
is_ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* One <meta>'s value added under each of its keys, as document._read_meta adds it:
 * key.lower().split(), each key once. A key of ASCII characters is lowered and split here;
 * any other by str's own methods. */
static int
read_meta(xmlNode *el, PyObject *meta, Buffer *b, Buffer *key)
{
    static const char *key_names[] = {"property", "name", "itemprop", "http-equiv"};
    static const char *value_names[] = {"content", "value", "datetime"};
    int found = 0;
    for (int i = 0; i < 4 && !found; i++) {
        int there = attribute_bytes(el, key_names[i], key);
        if (there < 0)
            return -1;
        found = there && key->len > 0; /* an empty key gives way to the next, as `or` does */
    }
    if (!found)
        return 0;
    PyObject *content = NULL;
    for (int i = 0; i < 3 && content == NULL; i++) {
        content = attribute_value(el, value_names[i], b);
        if (content == NULL && PyErr_Occurred())
            return -1;
    }
    if (content == NULL)
        return 0;
    int ascii = 1;
    for (Py_ssize_t i = 0; i < key->len && ascii; i++)
        ascii = (unsigned char)key->data[i] < 0x80;
    int r = -1;
    PyObject *keys = NULL;
    if (ascii) {
        keys = PyList_New(0);
        if (keys == NULL)
            goto done;
        Py_ssize_t i = 0;
        while (i < key->len) {
            while (i < key->len && is_ascii_space((unsigned char)key->data[i]))
                i++;
            Py_ssize_t start = i;
            while (i < key->len && !is_ascii_space((unsigned char)key->data[i])) {
                char c = key->data[i];
                if (c >= 'A' && c <= 'Z')
                    key->data[i] = (char)(c + 32);
                i++;
            }
            if (i > start) {
                if (append_new(keys, PyUnicode_DecodeASCII(key->data + start, i - start,
                                                            "strict")) < 0)
                    goto done;
            }
        }
    }
    else {
        PyObject *whole = PyUnicode_DecodeUTF8(key->data, key->len, "strict");
        if (whole == NULL)
            goto done;
        PyObject *lowered = PyObject_CallMethod(whole, "lower", NULL);
        Py_DECREF(whole);
        if (lowered == NULL)
            goto done;
        keys = PyUnicode_Split(lowered, NULL, -1);
        Py_DECREF(lowered);
        if (keys == NULL)
            goto done;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *k = PyList_GET_ITEM(keys, i);
        int seen = 0; /* each key once: dict.fromkeys(keys) */
        for (Py_ssize_t j = 0; j < i && !seen; j++) {
            int eq = PyUnicode_Compare(k, PyList_GET_ITEM(keys, j));
            if (eq == -1 && PyErr_Occurred())
                goto done;
            seen = eq == 0;
        }
        if (!seen && add_meta(meta, k, content) < 0)
            goto done;
    }
    r = 0;
done:
    Py_XDECREF(keys);
    Py_DECREF(content);
    return r;
}

static const char *const stripped_tags[] = {"script", "style", "noscript", "template"};

static int
in_stripped(xmlNode *node)
{
    for (xmlNode *a = node->parent; a != NULL && a->type == XML_ELEMENT_NODE; a = a->parent) {
        for (int i = 0; i < 4; i++) {
            if (strcmp((const char *)a->name, stripped_tags[i]) == 0)
                return 1;
        }
    }
    return 0;
}

/* Whether a <link>'s rel holds "canonical": "canonical" in rel.lower().split(). */
static int
is_canonical(xmlNode *el, Buffer *b)
{
    int there = attribute_bytes(el, "rel", b);
    if (there <= 0 || !holds_ascii_ci(b, "canonical"))
        return there < 0 ? -1 : 0; /* most links: a stylesheet, an icon */
    PyObject *rel = attribute_value(el, "rel", b);
    if (rel == NULL)
        return PyErr_Occurred() ? -1 : 0;
    PyObject *lowered = PyObject_CallMethod(rel, "lower", NULL);
    Py_DECREF(rel);
    if (lowered == NULL)
        return -1;
    PyObject *words = PyUnicode_Split(lowered, NULL, -1);
    Py_DECREF(lowered);
    if (words == NULL)
        return -1;
    PyObject *canonical = PyUnicode_FromString("canonical");
    int r = canonical == NULL ? -1 : PySequence_Contains(words, canonical);
    Py_XDECREF(canonical);
    Py_DECREF(words);
    return r;
}

/* head(root): document._head's walk over the <meta>, <script> and <link> elements: the meta
 * values by key, the text of each <script> whose type says ld+json (for the caller to read),
 * and the <link rel="canonical"> elements outside what is stripped, each kind in page order. */
static PyObject *
tree_head(PyObject *Py_UNUSED(self), PyObject *arg)
{
    xmlNode *top = node_of(arg);
    if (top == NULL)
        return NULL;
    struct LxmlDocument *doc = ((struct LxmlElement *)arg)->_doc;
    PyObject *meta = PyDict_New(), *scripts = PyList_New(0), *links = PyList_New(0);
    Buffer b = {NULL, 0, 0}, key = {NULL, 0, 0};
    if (meta == NULL || scripts == NULL || links == NULL)
        goto fail;
    for (xmlNode *node = top; node != NULL; node = next_element(node, top)) {
        if (node->ns != NULL)
            continue;
        const char *tag = (const char *)node->name;
        if (strcmp(tag, "meta") == 0) {
            if (read_meta(node, meta, &b, &key) < 0)
                goto fail;
        }
        else if (strcmp(tag, "script") == 0) {
            int there = attribute_bytes(node, "type", &b);
            if (there < 0)
                goto fail;
            if (!there || !holds_ascii_ci(&b, "ld+json"))
                continue; /* most scripts: no type, or JavaScript */
            PyObject *type = attribute_value(node, "type", &b);
            if (type == NULL) {
                if (PyErr_Occurred())
                    goto fail;
                continue;
            }
            PyObject *lowered = PyObject_CallMethod(type, "lower", NULL);
            Py_DECREF(type);
            if (lowered == NULL)
                goto fail;
            PyObject *needle = PyUnicode_FromString("ld+json");
            int found = needle == NULL ? -1 : PySequence_Contains(lowered, needle);
            Py_XDECREF(needle);
            Py_DECREF(lowered);
            if (found < 0)
                goto fail;
            if (!found)
                continue;
            b.len = 0;
            if (add_text(&b, node->children) < 0)
                goto fail;
            if (append_new(scripts, PyUnicode_DecodeUTF8(b.data ? b.data : "", b.len, "strict")) <
                0)
                goto fail;
        }
        else if (strcmp(tag, "link") == 0) {
            int canonical = is_canonical(node, &b);
            if (canonical < 0)
                goto fail;
            if (canonical && !in_stripped(node) &&
                append_new(links, (PyObject *)elementFactory(doc, node)) < 0)
                goto fail;
        }
    }
    PyMem_Free(b.data);
    PyMem_Free(key.data);
    return Py_BuildValue("(NNN)", meta, scripts, links);
fail:
    PyMem_Free(b.data);
    PyMem_Free(key.data);
    Py_XDECREF(meta);
    Py_XDECREF(scripts);
    Py_XDECREF(links);
    return NULL;
}

/* The text of every text (and CDATA) node below el, in document order: what lxml's
 * tostring(el, method="text", with_tail=False) gives, and el.text for an element that holds
 * no element. */
static int
add_content(Buffer *b, xmlNode *el)
{
    for (xmlNode *n = el->children; n != NULL; n = next_below(n, el)) {
        if (is_text(n) &&
            buffer_add(b, (const char *)n->content, (Py_ssize_t)strlen((const char *)n->content)) <
                0)
            return -1;
    }
    return 0;
}

/* links(root): every <a> from root on in page order, with its href ("" without one), its
 * text, and its rel (None without one), as four lists: document._link_table. */
static PyObject *
tree_links(PyObject *Py_UNUSED(self), PyObject *arg)
{
    xmlNode *top = node_of(arg);
    if (top == NULL)
        return NULL;
    struct LxmlDocument *doc = ((struct LxmlElement *)arg)->_doc;
    PyObject *anchors = PyList_New(0), *hrefs = PyList_New(0), *texts = PyList_New(0),
             *rels = PyList_New(0), *empty = PyUnicode_New(0, 0);
    Buffer b = {NULL, 0, 0};
    if (anchors == NULL || hrefs == NULL || texts == NULL || rels == NULL || empty == NULL)
        goto fail;
    for (xmlNode *node = top; node != NULL; node = next_element(node, top)) {
        if (node->ns != NULL || strcmp((const char *)node->name, "a") != 0)
            continue;
        if (append_new(anchors, (PyObject *)elementFactory(doc, node)) < 0)
            goto fail;
        if (append_new(hrefs, attribute_or(node, "href", &b, empty)) < 0 ||
            append_new(rels, attribute_or(node, "rel", &b, Py_None)) < 0)
            goto fail;
        b.len = 0;
        if (add_content(&b, node) < 0 ||
            append_new(texts, PyUnicode_DecodeUTF8(b.data ? b.data : "", b.len, "strict")) < 0)
            goto fail;
    }
    PyMem_Free(b.data);
    Py_DECREF(empty);
    return Py_BuildValue("(NNNN)", anchors, hrefs, texts, rels);
fail:
    PyMem_Free(b.data);
    Py_XDECREF(anchors);
    Py_XDECREF(hrefs);
    Py_XDECREF(texts);
    Py_XDECREF(rels);
    Py_XDECREF(empty);
    return NULL;
}

/* paragraph_weights(root, min_chars): for each element that holds a <p> (from root on) of at
 * least min_chars characters, the characters of all such <p> it holds, in the order of its
 * first: document._paragraph_weights. */
static PyObject *
tree_paragraph_weights(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *root;
    Py_ssize_t min_chars;
    if (!PyArg_ParseTuple(args, "On", &root, &min_chars))
        return NULL;
    xmlNode *top = node_of(root);
    if (top == NULL)
        return NULL;
    struct LxmlDocument *doc = ((struct LxmlElement *)root)->_doc;
    PyObject *weights = PyDict_New();
    if (weights == NULL)
        return NULL;
    for (xmlNode *node = top; node != NULL; node = next_element(node, top)) {
        if (node->ns != NULL || strcmp((const char *)node->name, "p") != 0)
            continue;
        xmlNode *parent = node->parent;
        if (parent == NULL || parent->type != XML_ELEMENT_NODE)
            continue;
        Py_ssize_t n = subtree_length(node);
        if (n < min_chars)
            continue;
        PyObject *holder = (PyObject *)elementFactory(doc, parent);
        if (holder == NULL)
            goto fail;
        PyObject *sum = PyDict_GetItemWithError(weights, holder);
        Py_ssize_t before = 0;
        if (sum != NULL)
            before = PyLong_AsSsize_t(sum);
        else if (PyErr_Occurred()) {
            Py_DECREF(holder);
            goto fail;
        }
        PyObject *total = PyLong_FromSsize_t(before + n);
        int r = total == NULL ? -1 : PyDict_SetItem(weights, holder, total);
        Py_XDECREF(total);
        Py_DECREF(holder);
        if (r < 0)
            goto fail;
    }
    return weights;
fail:
    Py_DECREF(weights);
    return NULL;
}

/* --- document order ------------------------------------------------------------------------ */

/* What lxml counts as an element among siblings (its _isElement): elements, comments,
 * processing instructions and entity references. */
static int
is_lxml_element(xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE || n->type == XML_COMMENT_NODE ||
           n->type == XML_PI_NODE || n->type == XML_ENTITY_REF_NODE;
}

/* The element's parent as lxml's getparent() gives it: NULL where that is no element. */
static xmlNode *
parent_element(xmlNode *n)
{
    xmlNode *parent = n->parent;
    return parent != NULL && is_lxml_element(parent) ? parent : NULL;
}

/* path(element): bylines.Zone.key's path, the element's index among its parent's elements
 * (as parent.index(element) counts them) for each element from the root's child down to it;
 * () for the root, whose parent is no element. */
static PyObject *
tree_path(PyObject *Py_UNUSED(self), PyObject *arg)
{
    xmlNode *node = node_of(arg);
    if (node == NULL)
        return NULL;
    Py_ssize_t depth = 0;
    for (xmlNode *n = parent_element(node); n != NULL; n = parent_element(n))
        depth++;
    PyObject *path = PyTuple_New(depth);
    if (path == NULL)
        return NULL;
    for (xmlNode *n = node; depth > 0; n = n->parent) {
        Py_ssize_t index = 0;
        for (xmlNode *before = n->prev; before != NULL; before = before->prev)
            index += is_lxml_element(before);
        PyObject *value = PyLong_FromSsize_t(index);
        if (value == NULL) {
            Py_DECREF(path);
            return NULL;
        }
        PyTuple_SET_ITEM(path, --depth, value);
    }
    return path;
}

/* below(element, outer): whether outer is one of element's ancestors (iterancestors()). */
static PyObject *
tree_below(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *el_obj, *outer_obj;
    if (!PyArg_ParseTuple(args, "O!O!", element_type, &el_obj, element_type, &outer_obj))
        return NULL;
    xmlNode *node = node_of(el_obj), *outer = node_of(outer_obj);
    if (node == NULL || outer == NULL)
        return NULL;
    for (xmlNode *a = parent_element(node); a != NULL; a = parent_element(a)) {
        if (a == outer)
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

/* nearest(element, names): the first of element's ancestors whose tag is one of the names (as
 * next(el.iterancestors(*names), None) finds it), or None. */
static PyObject *
tree_nearest(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *el_obj, *names_obj;
    if (!PyArg_ParseTuple(args, "O!O!", element_type, &el_obj, &PyFrozenSet_Type, &names_obj))
        return NULL;
    xmlNode *node = node_of(el_obj);
    if (node == NULL)
        return NULL;
    Names names;
    if (read_names(names_obj, &names) < 0)
        return NULL;
    for (xmlNode *a = parent_element(node); a != NULL; a = parent_element(a)) {
        /* no names: any ancestor, as iterancestors() with no tag gives them */
        if (names.n == 0 || (a->type == XML_ELEMENT_NODE && a->ns == NULL && has_name(a, &names)))
            return (PyObject *)elementFactory(((struct LxmlElement *)el_obj)->_doc, a);
    }
    Py_RETURN_NONE;
}

/* --- a block's text, for the words around an element ------------------------------------ */

/* Characters in UTF-8 bytes: the bytes that start one. */
static Py_ssize_t
utf8_length(const char *s, Py_ssize_t n)
{
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        count += (s[i] & 0xC0) != 0x80;
    return count;
}

/* Adds a node list's leading text (lxml's .text of its parent, or .tail of the node before it)
 * to the buffer, counting its characters into *chars. */
static int
add_counted_text(Buffer *b, xmlNode *n, Py_ssize_t *chars)
{
    Py_ssize_t before = b->len;
    if (add_text(b, n) < 0)
        return -1;
    *chars += utf8_length(b->data + before, b->len - before);
    return 0;
}

/* Whether a node is one BlockText reads: an element, or text (read with the element before
 * it or around it). Anything else (a comment, a processing instruction) is left to Python. */
static int
is_read(xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE ||
           n->type == XML_CDATA_SECTION_NODE;
}

/* The first element from n on among its siblings, or NULL; *other set where a node that is
 * not read comes first. */
static xmlNode *
element_from(xmlNode *n, int *other)
{
    for (; n != NULL; n = n->next) {
        if (!is_read(n)) {
            *other = 1;
            return NULL;
        }
        if (n->type == XML_ELEMENT_NODE)
            return n;
    }
    return NULL;
}

/* Records where an element's start or end piece falls: dict[element] = characters so far. */
static int
record(PyObject *dict, PyObject *element, Py_ssize_t chars)
{
    PyObject *at = PyLong_FromSsize_t(chars);
    if (at == NULL)
        return -1;
    int r = PyDict_SetItem(dict, element, at);
    Py_DECREF(at);
    return r;
}

/* An element's start or end piece: a space for a block element, else nothing. */
static int
add_piece(Buffer *b, xmlNode *node, const Names *names, Py_ssize_t *chars)
{
    if (!has_name(node, names))
        return 0;
    *chars += 1;
    return buffer_add(b, " ", 1);
}

/* block_text(block, block_names): document._block_text in one walk: the block's text, and for
 * each element in it (the block too) where its start piece starts and where its end piece
 * ends, in characters of that text; None where the block holds a node other than elements
 * and text. */
static PyObject *
tree_block_text(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *block_obj, *names_obj;
    if (!PyArg_ParseTuple(args, "O!O!", element_type, &block_obj, &PyFrozenSet_Type, &names_obj))
        return NULL;
    xmlNode *top = node_of(block_obj);
    if (top == NULL)
        return NULL;
    Names names;
    if (read_names(names_obj, &names) < 0)
        return NULL;
    struct LxmlDocument *doc = ((struct LxmlElement *)block_obj)->_doc;
    PyObject *starts = PyDict_New(), *ends = PyDict_New(), *result = NULL;
    /* Each element's proxy, kept from its start to its end along the path from the block. */
    PyObject **path = NULL;
    Py_ssize_t depth = 0, room = 0;
    Buffer b = {NULL, 0, 0};
    Py_ssize_t chars = 0;
    int other = 0;
    if (starts == NULL || ends == NULL)
        goto done;
    xmlNode *node = top;
    for (;;) {
        /* the start of node: its piece, then its text */
        if (depth == room) {
            Py_ssize_t grown_room = room ? room * 2 : 32;
            PyObject **grown = PyMem_Realloc(path, sizeof(PyObject *) * (size_t)grown_room);
            if (grown == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            path = grown;
            room = grown_room;
        }
        PyObject *proxy = (PyObject *)elementFactory(doc, node);
        if (proxy == NULL)
            goto done;
        path[depth++] = proxy;
        if (record(starts, proxy, chars) < 0 || add_piece(&b, node, &names, &chars) < 0)
            goto done;
        if (add_counted_text(&b, node->children, &chars) < 0)
            goto done;
        xmlNode *child = element_from(node->children, &other);
        if (other)
            goto done;
        if (child != NULL) {
            node = child;
            continue;
        }
        /* the ends of node and of its ancestors up to the next sibling: the end piece, then
         * the tail (not the block's) */
        for (;;) {
            proxy = path[depth - 1];
            if (add_piece(&b, node, &names, &chars) < 0 || record(ends, proxy, chars) < 0)
                goto done;
            Py_DECREF(proxy);
            depth--;
            if (node == top)
                break;
            if (add_counted_text(&b, node->next, &chars) < 0)
                goto done;
            xmlNode *next = element_from(node->next, &other);
            if (other)
                goto done;
            if (next != NULL) {
                node = next;
                break;
            }
            node = node->parent;
        }
        if (depth == 0)
            break;
    }
    PyObject *text = PyUnicode_DecodeUTF8(b.data ? b.data : "", b.len, NULL);
    if (text != NULL)
        result = PyTuple_Pack(3, text, starts, ends);
    Py_XDECREF(text);
done:
    if (other && !PyErr_Occurred()) {
        Py_INCREF(Py_None);
        result = Py_None;
    }
    while (depth > 0)
        Py_DECREF(path[--depth]);
    PyMem_Free(path);
    PyMem_Free(b.data);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    return result;
}

static PyMethodDef methods[] = {
    {"configure", tree_configure, METH_VARARGS,
     "configure(words, families, markers): the class words to search, each (text, family), in "
     "order, and the boilerplate markers."},
    {"blocks", tree_blocks, METH_VARARGS,
     "blocks(body, skipped, block_names, Paragraph): the body's text blocks, as "
     "document._content_blocks finds them."},
    {"skipped", tree_skipped, METH_VARARGS,
     "skipped(body, skip_tags): the body's skipped regions, as Document.skipped finds them."},
    {"head", tree_head, METH_O,
     "head(root): the meta values by key, the ld+json scripts' texts and the canonical links, "
     "as document._head reads them."},
    {"paragraph_weights", tree_paragraph_weights, METH_VARARGS,
     "paragraph_weights(root, min_chars): the characters of the <p> of min_chars or more that "
     "each element holds, as document._paragraph_weights counts them."},
    {"links", tree_links, METH_O,
     "links(root): every <a> in page order, with its href, text and rel, as four lists."},
    {"below", tree_below, METH_VARARGS,
     "below(element, outer): whether outer is one of the element's ancestors."},
    {"nearest", tree_nearest, METH_VARARGS,
     "nearest(element, names): the element's nearest ancestor whose tag is one of the names, "
     "or None."},
    {"path", tree_path, METH_O,
     "path(element): the element's index among its parent's elements, for each element from "
     "the root's child down to it, as bylines.Zone.key reads document order."},
    {"block_text", tree_block_text, METH_VARARGS,
     "block_text(block, block_names): the block's text, and where each element's start piece "
     "starts and its end piece ends in it, as document._block_text reads them; None where the "
     "block holds a node other than elements and text."},
    {"mark", tree_mark, METH_O,
     "mark(element): for each family, the elements its words mark, in _mark's order."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_tree", "Passes of scoring.document over the parsed tree, in C.", -1,
    methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__tree(void)
{
    if (import_lxml__etree() < 0)
        return NULL;
    PyObject *etree = PyImport_ImportModule("lxml.etree");
    if (etree == NULL)
        return NULL;
    PyObject *type = PyObject_GetAttrString(etree, "_Element");
    Py_DECREF(etree);
    if (type == NULL)
        return NULL;
    if (!PyType_Check(type)) {
        Py_DECREF(type);
        PyErr_SetString(PyExc_ImportError, "lxml.etree._Element is not a type");
        return NULL;
    }
    element_type = (PyTypeObject *)type; /* kept for the life of the process */
    return PyModule_Create(&module);
}
