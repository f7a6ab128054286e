/*
 * What the content script reads from the page: a cheap "is this an article?" guess for the
 * automatic mode (the backend's `not_scored` has the final word), and the page's HTML when the
 * reader chose to send it.
 */
(function (root) {
  "use strict";

  const ARTICLE_TYPES = /^(?:\w+)?(?:Article|BlogPosting|Report)$/;
  const MIN_ARTICLE_WORDS = 150;

  function looksLikeArticle(doc) {
    const ogType = doc.querySelector('meta[property="og:type"], meta[name="og:type"]');
    if (ogType && /^article$/i.test((ogType.getAttribute("content") || "").trim())) return true;
    if (jsonLdTypes(doc).some((t) => ARTICLE_TYPES.test(t))) return true;
    for (const el of doc.querySelectorAll('article, [itemprop="articleBody"]')) {
      if (wordCount(el.textContent) >= MIN_ARTICLE_WORDS) return true;
    }
    return false;
  }

  function jsonLdTypes(doc) {
    const types = [];
    for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
      let data;
      try {
        data = JSON.parse(script.textContent);
      } catch (_e) {
        continue;
      }
      collectTypes(data, types, 0);
    }
    return types;
  }

  function collectTypes(node, out, depth) {
    if (depth > 4 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) collectTypes(item, out, depth + 1);
      return;
    }
    const t = node["@type"];
    for (const name of Array.isArray(t) ? t : [t]) if (typeof name === "string") out.push(name);
    if (node["@graph"]) collectTypes(node["@graph"], out, depth + 1);
  }

  function wordCount(s) {
    const m = String(s || "").match(/\S+/g);
    return m ? m.length : 0;
  }

  /** The page as the reader sees it now, without the overlay's own host element. */
  function pageHtml(doc, hostTag) {
    const root = doc.documentElement.cloneNode(true);
    for (const host of root.querySelectorAll(hostTag)) host.remove();
    const doctype = doc.doctype ? `<!DOCTYPE ${doc.doctype.name}>\n` : "";
    return doctype + root.outerHTML;
  }

  const api = { looksLikeArticle, pageHtml, MIN_ARTICLE_WORDS };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ProvenancePage = api;
})(typeof self !== "undefined" ? self : this);
