"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { looksLikeArticle, pageHtml, MIN_ARTICLE_WORDS } = require("../page.js");
const Overlay = require("../overlay.js");
const { dom } = require("./helpers.js");

const words = (n) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

function doc(head, body = "") {
  return dom(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`).window.document;
}

test("article pages are recognised cheaply", () => {
  assert.equal(looksLikeArticle(doc('<meta property="og:type" content="article">')), true);
  assert.equal(looksLikeArticle(doc('<meta property="og:type" content=" Article ">')), true);
  const graph = JSON.stringify({ "@context": "https://schema.org", "@graph": [{ "@type": "WebPage" }, { "@type": ["NewsArticle"] }] });
  assert.equal(looksLikeArticle(doc(`<script type="application/ld+json">${graph}</script>`)), true);
  const blog = JSON.stringify([{ "@type": "BlogPosting" }]);
  assert.equal(looksLikeArticle(doc(`<script type="application/ld+json">${blog}</script>`)), true);
  assert.equal(looksLikeArticle(doc("", `<article><p>${words(MIN_ARTICLE_WORDS)}</p></article>`)), true);
  assert.equal(looksLikeArticle(doc("", `<div itemprop="articleBody">${words(MIN_ARTICLE_WORDS)}</div>`)), true);
});

test("pages without article signals are left alone", () => {
  assert.equal(looksLikeArticle(doc('<meta property="og:type" content="website">')), false);
  const site = JSON.stringify({ "@type": "WebSite", name: "x" });
  assert.equal(looksLikeArticle(doc(`<script type="application/ld+json">${site}</script>`)), false);
  const teasers = Array.from({ length: 10 }, () => `<article><p>${words(20)}</p></article>`).join("");
  assert.equal(looksLikeArticle(doc("", teasers)), false);
  assert.equal(looksLikeArticle(doc("", `<p>${words(400)}</p>`)), false);
  assert.equal(looksLikeArticle(doc('<script type="application/ld+json">{not json</script>')), false);
});

test("the page HTML sent on request leaves out the overlay and leaves the page alone", () => {
  const { window } = dom("<!doctype html><html><head><title>T</title></head><body><p>Body text</p></body></html>");
  const document = window.document;
  Overlay.mount(document);
  const html = pageHtml(document, Overlay.HOST_TAG);
  assert.match(html, /^<!DOCTYPE html>\n<html>/);
  assert.match(html, /<p>Body text<\/p>/);
  assert.doesNotMatch(html, new RegExp(Overlay.HOST_TAG));
  assert.equal(document.querySelectorAll(Overlay.HOST_TAG).length, 1);
});
