// The checks of cited links in the overlay: every outcome and verdict in words, the tally,
// problems and verified quotes first, the rest folded, and a citation's sentence highlighted.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Overlay = require("../overlay.js");
const { dom, press, showInPage } = require("./helpers.js");
const { report } = require("./fixtures.js");
const { CITED_HTML, SENTENCES, PENDING_CHECK, check, citations, citedReport } = require("./cited-report.js");

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
const squash = (s) => s.replace(/\s+/g, " ").trim();

function draw(view, actions = {}) {
  const { window } = dom();
  const { root } = Overlay.mount(window.document);
  Overlay.render(root, view, actions);
  return { window, root };
}

/** The report with one citation, whose check is `c`. */
function withCheck(c, overrides = {}) {
  const [first] = citations();
  return citedReport({
    facts: { ...report().facts, citations: [{ ...first, check: c }] },
    citation_checks: { state: "ready", checked: 1, total: 1, retry_after: null },
    ...overrides,
  });
}

function items(root) {
  return [...root.querySelectorAll(".citation-checks li")];
}

function said(li) {
  return [...li.querySelectorAll(".said")].map((s) => s.textContent);
}

// Every outcome a check can record: what the reader reads, and the mark beside it.
const OUTCOMES = [
  ["missing", "This link leads to a missing page.", "bad", "\u2717"],
  ["soft_404", "This link leads to a page that says it cannot be found.", "bad", "\u2717"],
  ["home_redirect", "This link now leads to the site\u2019s home page, not to the cited page.", "bad", "\u2717"],
  ["blocked", "The cited site did not let the server read this page.", "neutral", "\u2013"],
  ["not_html", "This link leads to a file, not a web page, so its text was not compared.", "neutral", "\u2013"],
  ["timeout", "The cited page took too long to answer.", "neutral", "\u2013"],
  ["unreachable", "The cited site could not be reached.", "neutral", "\u2013"],
];
// Every verdict on a page that was read.
const VERDICTS = [
  ["quote_found", "The quote was found on the cited page.", "good", "\u2713"],
  ["consistent", "The cited page contains the figures, names and dates this sentence gives.", "good", "\u2713"],
  ["no_match", "The cited page does not contain what it is cited for.", "bad", "\u2717"],
  ["not_applicable", "The link works; this sentence has nothing specific to look for on it.", "good", "\u2713"],
];

test("every outcome of a link that did not lead to a readable page, in plain words", () => {
  for (const [outcome, words, tone, mark] of OUTCOMES) {
    const { root } = draw({ kind: "report", report: withCheck(check(outcome)) });
    const [li] = items(root);
    assert.deepEqual(said(li), [words], outcome);
    assert.equal(li.className, tone, outcome);
    assert.equal(li.querySelector(".mark").textContent, mark, outcome);
    assert.equal(li.getAttribute("data-outcome"), outcome);
  }
});

test("every verdict on a cited page that was read, in plain words, with the words found there", () => {
  for (const [verdict, words, tone, mark] of VERDICTS) {
    const matched = verdict === "no_match" || verdict === "not_applicable" ? null : "4.2 million euros";
    const c = check("ok", verdict, { support: { verdict, matched, score: 0.9 } });
    const { root } = draw({ kind: "report", report: withCheck(c) });
    const [li] = items(root);
    assert.deepEqual(said(li), [words], verdict);
    assert.equal(li.className, tone, verdict);
    assert.equal(li.querySelector(".mark").textContent, mark, verdict);
    assert.equal(li.getAttribute("data-verdict"), verdict);
    const found = li.querySelector(".found");
    if (matched) assert.equal(found.textContent, "On the cited page: \u201c4.2 million euros\u201d");
    else assert.equal(found, null, verdict);
  }
});

test("pending, failed, and a link that works with no verdict yet", () => {
  let { root } = draw({ kind: "report", report: withCheck(PENDING_CHECK) });
  assert.deepEqual(said(items(root)[0]), ["Checking this link\u2026"]);
  assert.equal(items(root)[0].querySelector(".mark").textContent, "\u2026");
  ({ root } = draw({ kind: "report", report: withCheck(PENDING_CHECK), outletRefresh: "later" }));
  assert.deepEqual(said(items(root)[0]), ["Not checked yet."]);
  ({ root } = draw({ kind: "report", report: withCheck({ state: "failed", outcome: null, support: null }) }));
  assert.deepEqual(said(items(root)[0]), ["This link could not be checked."]);
  const why = { state: "failed", outcome: null, support: null, reason: "the address is not public" };
  ({ root } = draw({ kind: "report", report: withCheck(why) }));
  assert.deepEqual(said(items(root)[0]), ["This link could not be checked: the address is not public"]);
  ({ root } = draw({ kind: "report", report: withCheck({ ...check("ok"), support: null }) }));
  assert.deepEqual(said(items(root)[0]), ["The link works."]);
  assert.equal(items(root)[0].className, "good");
  // Values this extension does not know (a newer server): said only to have been checked.
  ({ root } = draw({ kind: "report", report: withCheck(check("gone_fishing", "maybe")) }));
  assert.deepEqual(said(items(root)[0]), ["This link was checked."]);
  assert.equal(items(root)[0].className, "neutral");
});

test("a cited page dated after the article says so, and counts as a problem", () => {
  // The article is dated 30 December 2025.
  const later = check("ok", "quote_found", { published: "2026-01-04T10:00:00Z" });
  let { root } = draw({ kind: "report", report: withCheck(later) });
  assert.deepEqual(said(items(root)[0]), [
    "The quote was found on the cited page.",
    "The cited page is dated after this article.",
  ]);
  assert.equal(items(root)[0].className, "bad");
  for (const published of ["2025-12-30T23:00:00Z", "2025-11-01", null, "soon"]) {
    ({ root } = draw({ kind: "report", report: withCheck(check("ok", "quote_found", { published })) }));
    assert.deepEqual(said(items(root)[0]), ["The quote was found on the cited page."], String(published));
  }
});

test("problems first, then verified quotes; the rest folded under a closed summary", () => {
  const { root } = draw({ kind: "report", report: citedReport(), outletRefresh: "watching" });
  const box = root.querySelector(".citation-checks");
  const shown = [...box.querySelectorAll(":scope > ul.cited > li")];
  assert.deepEqual(
    shown.map((li) => [li.className, li.querySelector("button").textContent]),
    [
      ["bad", "\u201cpublished by the council\u201d (council.example) (show on the page)"],
      ["bad", "\u201ca survey of the riverbed\u201d (blog.example) (show on the page)"],
      ["good", "\u201ca local radio station\u201d (radio.example) (show on the page)"],
    ],
  );
  const details = box.querySelector("details");
  assert.equal(details.open, false, "folded until the reader opens it");
  assert.equal(details.querySelector("summary").textContent, "3 more links");
  assert.deepEqual(
    [...details.querySelectorAll("li")].map((li) => li.getAttribute("data-state") + ":" + li.className),
    ["ready:good", "ready:neutral", "pending:pending"],
    "in the report's order: the figure found, the PDF, the link still being checked",
  );
  // In the sourcing group, after its findings.
  let heading = box.previousElementSibling;
  while (heading.localName !== "h3") heading = heading.previousElementSibling;
  assert.equal(heading.textContent, "Sourcing");
});

test("nothing to put first: every link folded under one summary that does not say 'more'", () => {
  const pending = citations().map((c) => ({ ...c, check: PENDING_CHECK }));
  const r = citedReport({ facts: { ...report().facts, citations: pending } });
  const { root } = draw({ kind: "report", report: r, outletRefresh: "watching" });
  assert.equal(root.querySelector(".citation-checks > ul"), null);
  assert.equal(root.querySelector(".citation-checks summary").textContent, "The 6 cited links");
});

test("the tally line: checked of total, and what happens to the rest", () => {
  const tally = (view) => draw(view).root.querySelector(".citation-checks .tally");
  let line = tally({ kind: "report", report: citedReport(), outletRefresh: "watching" });
  assert.equal(line.textContent, "5 of 6 links checked. Checking the cited links\u2026");
  assert.equal(line.getAttribute("role"), "status");
  assert.equal(line.getAttribute("aria-live"), "polite");
  line = tally({ kind: "report", report: citedReport(), outletRefresh: "later" });
  assert.equal(
    line.textContent,
    "5 of 6 links checked. The rest are still being checked; score the page again in a minute to see them.",
  );
  const ready = { state: "ready", checked: 7, total: 10, retry_after: null };
  line = tally({ kind: "report", report: citedReport({ citation_checks: ready }) });
  assert.equal(line.textContent, "7 of 10 links checked");
  assert.equal(line.getAttribute("role"), null);
  line = tally({ kind: "report", report: withCheck(check("missing")) });
  assert.equal(line.textContent, "1 of 1 link checked");
  assert.equal(
    draw({ kind: "report", report: citedReport() }).root.querySelector(".citation-checks").getAttribute("data-state"),
    "pending",
  );
});

test("old reports: no check on the citations and no citation_checks, nothing is said", () => {
  const plainCites = citations().map(({ check: _c, context: _x, ...rest }) => rest);
  for (const r of [
    report(), // the engine's own report: no citations at all
    { ...report(), facts: { ...report().facts, citations: plainCites } },
    { ...report(), facts: { ...report().facts, citations: citations().map((c) => ({ ...c, check: null })) } },
  ]) {
    const { root } = draw({ kind: "report", report: r });
    assert.equal(root.querySelector(".citation-checks"), null);
    assert.equal(root.querySelector(".pl").getAttribute("data-citations"), null);
    assert.doesNotMatch(root.querySelector(".panel").textContent, /link checked|links checked/);
  }
});

test("checks turned off on the server: nothing is said, even with citations listed", () => {
  const off = { state: "off", checked: 0, total: 0, retry_after: null };
  const plainCites = citations().map(({ check: _c, ...rest }) => rest);
  const r = citedReport({ citation_checks: off, facts: { ...report().facts, citations: plainCites } });
  const { root } = draw({ kind: "report", report: r });
  assert.equal(root.querySelector(".citation-checks"), null);
});

test("a sourcing group with no findings still shows the checked links", () => {
  const r = citedReport();
  r.findings = r.findings.filter((f) => f.group !== "sourcing");
  r.groups = r.groups.filter((g) => g.id !== "sourcing");
  const { root } = draw({ kind: "report", report: r });
  const headings = [...root.querySelectorAll(".panel h3")].map((h) => h.textContent);
  assert.deepEqual(headings, ["Outlet", "Authorship", "Sourcing"]);
  assert.equal(root.querySelectorAll(".citation-checks li").length, 6);
});

test("pressing a citation asks to show its citing sentence; a script's click does nothing", () => {
  const asked = [];
  const { root } = draw(
    { kind: "report", report: citedReport() },
    { showEvidence: (quote, url) => (asked.push([quote, url]), true) },
  );
  const button = root.querySelector('.citation-checks li[data-verdict="quote_found"] button');
  button.click(); // untrusted
  assert.deepEqual(asked, []);
  press(button);
  const radio = citations().find((c) => c.domain === "radio.example");
  assert.deepEqual(asked, [[radio.context.selector, null]]);
  assert.equal(asked[0][0].exact, SENTENCES.radio);
  assert.equal(
    root.querySelector('.sr[role="status"]').textContent,
    `Highlighted on the page: ${SENTENCES.radio}`,
  );
});

test("without a citing sentence (an older server), the button shows the link's own words", () => {
  const asked = [];
  const cites = citations().map(({ context: _x, ...rest }) => rest);
  const { root } = draw(
    { kind: "report", report: citedReport({ facts: { ...report().facts, citations: cites } }) },
    { showEvidence: (quote, url) => (asked.push([quote, url]), false) },
  );
  press(root.querySelector('.citation-checks li[data-outcome="missing"] button'));
  assert.deepEqual(asked, [
    [{ exact: "published by the council", prefix: "", suffix: "" }, "https://council.example/plans/2019"],
  ]);
  assert.match(root.querySelector('.sr[role="status"]').textContent, /not on the page as shown/);
  // No words and no sentence: the cited address as a link, or plain text without one.
  const bare = [{ ...cites[2], text: "" }, { ...cites[3], text: "", url: "javascript:alert(1)" }];
  const r = citedReport({ facts: { ...report().facts, citations: bare } });
  const lis = items(draw({ kind: "report", report: r }).root);
  assert.equal(lis[0].querySelector("a").getAttribute("href"), "https://council.example/plans/2019");
  assert.equal(lis[0].querySelector("a").textContent, "council.example");
  assert.equal(lis[1].querySelector("a, button"), null);
});

test("through the content script: pressing the verified quote highlights its sentence in the page", () => {
  const { window, root, scrolled } = showInPage(CITED_HTML, { kind: "report", report: citedReport() });
  press(root.querySelector('.citation-checks li[data-verdict="quote_found"] button'));
  // jsdom has no CSS custom highlights: the content script selects the range instead.
  const selection = window.getSelection();
  assert.equal(selection.rangeCount, 1);
  assert.equal(squash(selection.getRangeAt(0).toString()), SENTENCES.radio);
  assert.deepEqual(scrolled.map((el) => el.localName), ["p"]);
  // The dead link's sentence, likewise.
  press(root.querySelector('.citation-checks li[data-outcome="missing"] button'));
  assert.equal(squash(window.getSelection().getRangeAt(0).toString()), SENTENCES.council);
});

test("hostile strings from the server stay text", () => {
  const cites = citations().map((c) => ({
    ...c,
    text: HOSTILE,
    domain: HOSTILE,
    url: "javascript:alert(1)",
    check: { ...c.check, support: { verdict: "quote_found", matched: HOSTILE, score: 1 } },
  }));
  const r = citedReport({ facts: { ...report().facts, citations: cites } });
  const { root } = draw({ kind: "report", report: r });
  const box = root.querySelector(".citation-checks");
  assert.equal(box.querySelectorAll("img, script, b, a").length, 0);
  assert.ok(box.textContent.includes(HOSTILE));
});

test("pending checks that come in are announced once the report is redrawn", async () => {
  const { window, root } = draw({ kind: "report", report: citedReport(), outletRefresh: "watching" });
  assert.equal(root.querySelector(".pl").getAttribute("data-citations"), "pending");
  const ready = citedReport({ citation_checks: { state: "ready", checked: 6, total: 6, retry_after: null } });
  Overlay.render(root, { kind: "report", report: ready }, {});
  assert.equal(root.querySelector(".pl").getAttribute("data-citations"), "ready");
  await new Promise((resolve) => window.setTimeout(resolve, 150));
  assert.equal(
    root.querySelector('.sr[role="status"]').textContent,
    "The cited links have been checked; the report is updated.",
  );
  // Ready from the start: nothing to announce.
  const again = draw({ kind: "report", report: ready });
  await new Promise((resolve) => again.window.setTimeout(resolve, 150));
  assert.equal(again.root.querySelector('.sr[role="status"]').textContent, "");
});
