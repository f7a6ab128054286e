// Hand-written citation checks for the tests: the generated fixtures.js is the engine's report,
// which carries no checks (the server adds them in the background). Each citation here has the
// fields the server sends: the engine's own (url, domain, kind, text, outlet, state_affiliated),
// the citing sentence (`context`, with its text-quote selector) and the server's `check`.
// (node --test also runs this file; it defines no tests.)
"use strict";

const { JSDOM } = require("jsdom");
const { report } = require("./fixtures.js");

// The article's date in fixtures.js: 30 December 2025.
const CITED_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour plan delayed - News Example</title></head><body>
<article>
  <h1>Harbour plan delayed again</h1>
  <p>The port authority said on Monday that the dredging would cost
  <a href="https://port.example/notices/dredging">4.2 million euros</a>, twice the first estimate.
  "We will not sign a contract before the survey is complete," the harbour master told
  <a href="https://radio.example/interviews/harbour">a local radio station</a>.</p>
  <p>An earlier plan was <a href="https://council.example/plans/2019">published by the council</a>
  in 2019. Critics pointed to <a href="https://blog.example/riverbed">a survey of the riverbed</a>
  that found it stable. The ferry operator's
  <a href="https://ferry.example/winter.pdf">winter timetable</a> lists fewer crossings.
  A consultancy's <a href="https://consult.example/review">review of the tender</a> is due next
  month.</p>
</article>
</body></html>
`;

// The citing sentences, as the article's text has them (whitespace folded).
const SENTENCES = {
  port: "The port authority said on Monday that the dredging would cost 4.2 million euros, twice the first estimate.",
  radio: "\"We will not sign a contract before the survey is complete,\" the harbour master told a local radio station.",
  council: "An earlier plan was published by the council in 2019.",
  blog: "Critics pointed to a survey of the riverbed that found it stable.",
  ferry: "The ferry operator's winter timetable lists fewer crossings.",
  consult: "A consultancy's review of the tender is due next month.",
};

const ARTICLE_TEXT = new JSDOM(CITED_HTML).window.document
  .querySelector("article")
  .textContent.replace(/\s+/g, " ");

/** The citing sentence with up to 32 characters on either side, as the engine quotes it. */
function context(sentence) {
  const at = ARTICLE_TEXT.indexOf(sentence);
  if (at < 0) throw new Error(`not in the article: ${sentence}`);
  const prefix = ARTICLE_TEXT.slice(Math.max(0, at - 32), at);
  const suffix = ARTICLE_TEXT.slice(at + sentence.length, at + sentence.length + 32);
  return { text: sentence, selector: { exact: sentence, prefix, suffix } };
}

/** A finished check: `outcome`, and on a page that was read, the `verdict` on it. */
function check(outcome, verdict = "not_applicable", extra = {}) {
  const statuses = { ok: 200, missing: 404, soft_404: 200, home_redirect: 200, blocked: 403, not_html: 200 };
  return {
    state: "ready",
    outcome,
    http_status: statuses[outcome] || null,
    final_url: null,
    published: null,
    support: { verdict, matched: null, score: verdict === "not_applicable" ? 0 : 0.5 },
    ...extra,
  };
}

const PENDING_CHECK = { state: "pending", outcome: null, http_status: null, final_url: null, published: null, support: null };

function citation(key, url, text, kind, check_) {
  return {
    url,
    domain: new URL(url).hostname,
    kind,
    text,
    outlet: null,
    state_affiliated: null,
    context: context(SENTENCES[key]),
    check: check_,
  };
}

/** The six citations of CITED_HTML: a figure found, a quote found, a dead link, a page that
 *  does not say what it is cited for, a PDF, and one still being checked. */
function citations() {
  return [
    citation("port", "https://port.example/notices/dredging", "4.2 million euros", "government",
      check("ok", "consistent", { support: { verdict: "consistent", matched: "4.2 million euros", score: 0.8 } })),
    citation("radio", "https://radio.example/interviews/harbour", "a local radio station", "news",
      check("ok", "quote_found", {
        support: {
          verdict: "quote_found",
          matched: "We will not sign a contract before the survey is complete",
          score: 1.0,
        },
      })),
    citation("council", "https://council.example/plans/2019", "published by the council", "government",
      check("missing")),
    citation("blog", "https://blog.example/riverbed", "a survey of the riverbed", "other",
      check("ok", "no_match")),
    citation("ferry", "https://ferry.example/winter.pdf", "winter timetable", "document",
      check("not_html")),
    citation("consult", "https://consult.example/review", "review of the tender", "other", PENDING_CHECK),
  ];
}

/** The engine's report with the six checked citations and the server's tally on top. */
function citedReport(overrides = {}) {
  const r = report();
  return {
    ...r,
    facts: { ...r.facts, citations: citations() },
    citation_checks: { state: "pending", checked: 5, total: 6, retry_after: 2 },
    ...overrides,
  };
}

module.exports = { CITED_HTML, SENTENCES, PENDING_CHECK, check, citations, citedReport, context };
