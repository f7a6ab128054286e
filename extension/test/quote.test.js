"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { findQuote } = require("../quote.js");
const { dom } = require("./helpers.js");
const { ARTICLE_HTML } = require("./fixtures.js");

function find(html, quote, options) {
  const { window } = dom(html);
  const range = findQuote(window.document, quote, options);
  return { range, document: window.document };
}

test("prefix and suffix pick the right one of several occurrences", () => {
  const { range, document } = find(ARTICLE_HTML, {
    exact: "Daily Courier",
    prefix: "According to the ",
    suffix: ", the delay could",
  });
  assert.equal(range.toString(), "Daily Courier");
  const paragraphs = document.querySelectorAll("article p");
  assert.equal(range.startContainer.parentElement, paragraphs[2]);
});

test("a quote split across elements is found, and the range spans them", () => {
  const { range } = find(ARTICLE_HTML, {
    exact: "the Daily Courier's own sources",
    prefix: "reported that ",
    suffix: "",
  });
  assert.equal(range.toString(), "the Daily Courier's own sources");
  assert.notEqual(range.startContainer, range.endContainer);
});

test("the suffix alone disambiguates when there is no prefix", () => {
  const html = "<p>Reuters said one thing.</p><p>Reuters reported another.</p>";
  const { range, document } = find(html, { exact: "Reuters", prefix: "", suffix: " reported another" });
  assert.equal(range.startContainer.parentElement, document.querySelectorAll("p")[1]);
});

test("whitespace differences between the server's text and the live page do not matter", () => {
  const html = "<p>The\n   Wall\u00a0Street <b>Journal</b>\n said</p>";
  const { range } = find(html, { exact: "The Wall Street Journal", prefix: "", suffix: " said" });
  assert.equal(range.toString(), "The\n   Wall\u00a0Street Journal");
});

test("a quote across a block boundary with no whitespace in the DOM is found", () => {
  const html = "<div><p>It ended there.</p><p>Then it began.</p></div>";
  const { range } = find(html, { exact: "there. Then", prefix: "ended ", suffix: " it" });
  assert.equal(range.toString(), "there.Then");
});

test("letter case is a fallback, not a first choice", () => {
  const html = "<p>WALL STREET JOURNAL</p><p>the Wall Street Journal report</p>";
  let { range, document } = find(html, { exact: "Wall Street Journal", prefix: "", suffix: "" });
  assert.equal(range.startContainer.parentElement, document.querySelectorAll("p")[1]);
  ({ range } = find("<h2>WALL STREET JOURNAL</h2>", { exact: "Wall Street Journal" }));
  assert.equal(range.toString(), "WALL STREET JOURNAL");
});

test("scripts, styles and the overlay's own host are never matched", () => {
  const html = `<script>var s = "Daily Courier";</script><style>/* Daily Courier */</style>
    <provenance-lens-overlay>Daily Courier</provenance-lens-overlay><p>the Daily Courier said</p>`;
  const { range } = find(
    html,
    { exact: "Daily Courier", prefix: "", suffix: "" },
    { skip: (el) => el.localName === "provenance-lens-overlay" },
  );
  assert.equal(range.startContainer.parentElement.localName, "p");
});

test("a quote that is not on the page gives null", () => {
  assert.equal(find(ARTICLE_HTML, { exact: "The Times", prefix: "", suffix: "" }).range, null);
  assert.equal(find(ARTICLE_HTML, { exact: "   ", prefix: "", suffix: "" }).range, null);
  assert.equal(find(ARTICLE_HTML, null).range, null);
});

test("link evidence lands on the linked words, not the same words elsewhere", () => {
  const html =
    "<p>North Dakota officials warned of floods.</p>" +
    '<p>The state of <a href="https://www.nd.gov/floods">North Dakota</a> said so.</p>';
  const quote = { exact: "North Dakota", prefix: "", suffix: "" };
  const url = "https://www.nd.gov/floods";
  const { range, document } = find(html, quote, { url });
  assert.equal(range.startContainer.parentElement, document.querySelector("a"));
  // Without the link's address the first occurrence is as good as any.
  assert.equal(find(html, quote).range.startContainer.parentElement.localName, "p");
});
