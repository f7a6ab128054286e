/*
 * Find a W3C TextQuoteSelector ({exact, prefix, suffix}) in a live page and return a DOM Range.
 *
 * The backend quotes text from its own parse of the HTML, so whitespace rarely matches the live
 * DOM (line breaks, block boundaries, non-breaking spaces). Matching therefore runs on the page
 * text with all whitespace removed, and maps each kept character back to its text node. Among
 * several occurrences of `exact`, one in the element the evidence points at (its link) wins;
 * then the one whose surroundings agree longest with `prefix` and `suffix`.
 */
(function (root) {
  "use strict";

  const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT"]);
  const WS = /\s/;

  function squeeze(s) {
    return String(s || "").replace(/\s+/g, "");
  }

  /**
   * The page's visible-ish text without whitespace, with a map back to text nodes.
   * `skip(element)` returning true leaves out that element and its subtree (the overlay host).
   */
  function indexText(doc, skip) {
    const nodes = [];
    const chars = [];
    const nodeOf = [];
    const offsetOf = [];
    const start = doc.body || doc.documentElement;
    if (!start) return { text: "", nodes, nodeOf, offsetOf };
    const NodeFilter = doc.defaultView ? doc.defaultView.NodeFilter : root.NodeFilter;
    const walker = doc.createTreeWalker(start, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        if (node.nodeType === 1) {
          if (SKIP_TAGS.has(node.tagName.toUpperCase()) || (skip && skip(node))) {
            return NodeFilter.FILTER_REJECT;
          }
          return NodeFilter.FILTER_SKIP;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.nodeValue;
      const n = nodes.length;
      nodes.push(node);
      for (let i = 0; i < value.length; i++) {
        const c = value[i];
        if (WS.test(c)) continue;
        chars.push(c);
        nodeOf.push(n);
        offsetOf.push(i);
      }
    }
    return { text: chars.join(""), nodes, nodeOf, offsetOf };
  }

  function commonSuffix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
    return n;
  }

  function commonPrefix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  /** Best start index of `exact` in `text`, or -1. `preferred(at)` marks an occurrence in the
   *  element the evidence identifies, which outranks any agreement of context. */
  function bestMatch(text, exact, prefix, suffix, preferred) {
    let best = -1;
    let bestScore = -1;
    const most = prefix.length + suffix.length;
    for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
      const before = text.slice(Math.max(0, at - prefix.length), at);
      const after = text.slice(at + exact.length, at + exact.length + suffix.length);
      let score = commonSuffix(before, prefix) + commonPrefix(after, suffix);
      if (preferred && preferred(at)) score += most + 1;
      if (score > bestScore) {
        best = at;
        bestScore = score;
        if (score === 2 * most + 1 || (!preferred && score === most)) break; // cannot do better
      }
    }
    return best;
  }

  /** The link (`<a href>`) a text node is in, as an absolute URL, or "". */
  function linkOf(node) {
    const el = node.parentElement && node.parentElement.closest("a[href]");
    return el ? el.href : "";
  }

  /** The same address, give or take a trailing slash or a fragment. */
  function sameUrl(a, b) {
    const clean = (u) => String(u || "").replace(/#.*$/, "").replace(/\/$/, "");
    return Boolean(a) && clean(a) === clean(b);
  }

  /**
   * A Range over the quoted text in `doc`, or null when the page does not contain it.
   * `options.skip(element)` leaves out a subtree; `options.url`, the address a piece of link
   * evidence points at, makes an occurrence inside a link to it win.
   */
  function findQuote(doc, quote, options) {
    const exact = squeeze(quote && quote.exact);
    if (!exact) return null;
    const prefix = squeeze(quote.prefix);
    const suffix = squeeze(quote.suffix);
    const index = indexText(doc, options && options.skip);
    const url = options && options.url;
    const preferred = url
      ? (at) => sameUrl(linkOf(index.nodes[index.nodeOf[at]]), url)
      : null;
    let at = bestMatch(index.text, exact, prefix, suffix, preferred);
    if (at === -1) {
      // Case differences (text-transform, small caps in the source) but only when lower-casing
      // keeps every character in place, so the node map stays valid.
      const lower = index.text.toLowerCase();
      if (lower.length === index.text.length) {
        at = bestMatch(
          lower,
          exact.toLowerCase(),
          prefix.toLowerCase(),
          suffix.toLowerCase(),
          preferred,
        );
      }
    }
    if (at === -1) return null;
    const end = at + exact.length - 1;
    const range = doc.createRange();
    range.setStart(index.nodes[index.nodeOf[at]], index.offsetOf[at]);
    range.setEnd(index.nodes[index.nodeOf[end]], index.offsetOf[end] + 1);
    return range;
  }

  const api = { findQuote, indexText };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ProvenanceQuote = api;
})(typeof self !== "undefined" ? self : this);
