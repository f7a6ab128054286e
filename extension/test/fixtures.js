// A report in the shape of the backend's contract, about a made-up article.
"use strict";

const ARTICLE_HTML = `<!doctype html><html><head><title>Harbour plan delayed</title></head><body>
<nav><a href="/">Home</a> <a href="/world/">World</a></nav>
<article>
  <h1>Harbour plan delayed again</h1>
  <p class="byline">By Jane Doe</p>
  <p>The city council said on Monday that the harbour plan would be delayed. The Daily Courier
  reported that the <em>Daily</em> Courier's own sources disagreed.</p>
  <p>According to the Daily Courier, the delay could last a year, a claim the council denied.</p>
</article>
</body></html>`;

function report(overrides = {}) {
  return {
    url: "https://news.example/world/story",
    canonical_url: "https://news.example/world/story",
    score: 23,
    rating: "very_weak",
    rating_label: "Very weak provenance",
    not_scored: null,
    groups: [
      { id: "outlet", label: "Outlet", score: 4, max: 35 },
      { id: "authorship", label: "Authorship", score: 19, max: 30 },
      { id: "sourcing", label: "Sourcing", score: 0, max: 35 },
    ],
    findings: [
      {
        rule: "AUTHOR_NAMED",
        group: "authorship",
        points: 12,
        description: "Written by Jane Doe",
        evidence: [{ text: "Jane Doe (from byline)", quote: { exact: "Jane Doe", prefix: "By ", suffix: "" } }],
      },
      {
        rule: "NAMED_SOURCES_UNLINKED",
        group: "sourcing",
        points: -6,
        description: "Names sources without linking them: Daily Courier",
        evidence: [
          {
            text: "Daily Courier: According to the Daily Courier, the delay could last a year",
            quote: { exact: "Daily Courier", prefix: "According to the ", suffix: ", the delay could" },
          },
        ],
      },
      {
        rule: "OUTLET_CONTACT_PAGE",
        group: "outlet",
        points: 4,
        description: "Gives readers a way to contact the newsroom",
        evidence: [{ text: "Contact us (link)", url: "https://news.example/contact/" }],
      },
    ],
    facts: {},
    rules_version: "abc123",
    engine_version: "0.1.0",
    note: "This score measures how traceable the article is. It is not a verdict on truth.",
    cached: false,
    ...overrides,
  };
}

module.exports = { ARTICLE_HTML, report };
