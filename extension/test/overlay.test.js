"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Overlay = require("../overlay.js");
const Bands = require("../bands.js");
const { dom, press, pressKey } = require("./helpers.js");
const { REPORT, report } = require("./fixtures.js");

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';

function setup(view, actions = {}) {
  const { window } = dom();
  const { host, root } = Overlay.mount(window.document);
  const calls = [];
  const recorded = new Proxy(actions, {
    get: (target, name) =>
      target[name] ||
      ((...args) => {
        calls.push([name, ...args]);
        return true;
      }),
  });
  Overlay.render(root, view, recorded);
  return { window, host, root, calls };
}

function textOf(root) {
  return root.querySelector(".pl").textContent.replace(/\s+/g, " ");
}

test("mount puts a closed shadow root on a custom host under <html>, styled inline", () => {
  const { window } = dom();
  const doc = window.document;
  const { host, root } = Overlay.mount(doc);
  assert.equal(host.localName, Overlay.HOST_TAG);
  assert.equal(host.parentNode, doc.documentElement);
  assert.equal(host.shadowRoot, null, "closed: the page cannot reach it");
  assert.equal(root.host, host);
  const style = host.getAttribute("style");
  assert.match(style, /all: initial !important/);
  assert.match(style, /display: block !important/);
  assert.equal(host.getAttribute("popover"), "manual");
  const css = root.adoptedStyleSheets && root.adoptedStyleSheets.length
    ? [...root.adoptedStyleSheets[0].cssRules].map((r) => r.cssText).join("\n")
    : root.querySelector("style").textContent;
  assert.match(css, /prefers-color-scheme: dark/);
  assert.match(css, /prefers-reduced-motion/);
  // Mounting again replaces the host (and any look-alike the page made) instead of stacking.
  const fake = doc.createElement(Overlay.HOST_TAG);
  doc.body.appendChild(fake);
  const again = Overlay.mount(doc).host;
  assert.notEqual(again, host);
  assert.deepEqual([...doc.querySelectorAll(Overlay.HOST_TAG)], [again]);
});

test("a report shows score, band colour and rating; the panel opens and closes by keyboard", () => {
  const { window, root } = setup({ kind: "report", report: report(), reportUrl: "http://127.0.0.1:8000/report?url=x" });
  const toggle = root.querySelector("button.toggle");
  const badge = root.querySelector(".badge");
  const panel = root.querySelector(".panel");
  assert.equal(badge.firstChild.textContent, String(REPORT.score));
  assert.equal(window.getComputedStyle(badge).backgroundColor, hexToRgb(Bands.COLOURS[REPORT.rating]));
  assert.ok(toggle.textContent.includes(`Provenance score ${REPORT.score} out of 100: ${REPORT.rating_label}`));
  assert.equal(toggle.getAttribute("aria-expanded"), "false");
  assert.equal(toggle.getAttribute("aria-controls"), panel.id);
  assert.equal(panel.hidden, true);

  toggle.click(); // a script's click, as a page could make: ignored
  assert.equal(panel.hidden, true);
  press(toggle);
  assert.equal(panel.hidden, false);
  assert.equal(toggle.getAttribute("aria-expanded"), "true");
  assert.equal(root.activeElement, panel.querySelector("h2"));

  const escape = new window.KeyboardEvent("keydown", { key: "Escape", bubbles: true });
  panel.querySelector("h2").dispatchEvent(escape);
  assert.equal(panel.hidden, false, "a script's Escape is ignored");
  pressKey(panel.querySelector("h2"), "Escape");
  assert.equal(panel.hidden, true);
  assert.equal(root.activeElement, toggle);
});

test("the panel has one meter per group and findings under their group, with signed points", () => {
  const { root } = setup({ kind: "report", report: report(), reportUrl: "http://127.0.0.1:8000/report?url=x" });
  const meters = [...root.querySelectorAll('[role="meter"]')];
  assert.deepEqual(
    meters.map((m) => [m.getAttribute("aria-label"), m.getAttribute("aria-valuenow"), m.getAttribute("aria-valuemax")]),
    REPORT.groups.map((g) => [g.label, String(g.score), String(g.max)]),
  );
  const [, authorship] = REPORT.groups;
  assert.equal(meters[1].querySelector("span").style.width, `${(authorship.score / authorship.max) * 100}%`);
  assert.deepEqual(
    [...root.querySelectorAll(".panel h3")].map((h) => h.textContent),
    ["Outlet", "Authorship", "Sourcing"],
  );
  const unlinked = REPORT.findings.find((f) => f.rule === "NAMED_SOURCES_UNLINKED");
  assert.equal(unlinked.points, -6);
  const sourcing = root.querySelector('[data-rule="NAMED_SOURCES_UNLINKED"]');
  assert.equal(sourcing.querySelector(".points").textContent, "\u22126");
  assert.equal(sourcing.querySelector(".points").getAttribute("aria-label"), "minus 6 points");
  assert.ok(sourcing.textContent.includes(unlinked.description));
  const list = sourcing.closest("ul");
  assert.equal(root.getElementById(list.getAttribute("aria-labelledby")).textContent, "Sourcing");
  assert.equal(root.querySelector('[data-rule="AUTHOR_NAMED"] .points').textContent, "+12");
});

test("the reminder says traceability, not truth; Full report asks the extension, no address", () => {
  const { root, calls } = setup({ kind: "report", report: report(), fullReport: true });
  const note = root.querySelector(".note");
  assert.match(note.textContent, /how traceable this article is, not whether it is true/);
  assert.equal(note.querySelector("a"), null, "no link: the server's address is not in the page");
  const button = note.querySelector("button.report-link");
  assert.equal(button.textContent, "Full report");
  button.click();
  assert.deepEqual(calls, [], "a script's click does nothing");
  press(button);
  assert.deepEqual(calls.map((c) => c[0]), ["openReport"]);
  // No report page known (an old server with an API key): no button.
  const none = setup({ kind: "report", report: report() });
  assert.equal(none.root.querySelector(".report-link"), null);
});

test("evidence with a quote is a button that asks the page to show it, and says what happened", () => {
  const found = [];
  const { root } = setup(
    { kind: "report", report: report(), reportUrl: "" },
    { showEvidence: (quote) => (found.push(quote), quote.exact === expected.exact) },
  );
  const unlinked = REPORT.findings.find((f) => f.rule === "NAMED_SOURCES_UNLINKED");
  const expected = unlinked.evidence[0].quote;
  const button = root.querySelector('[data-rule="NAMED_SOURCES_UNLINKED"] button.show');
  press(button);
  assert.deepEqual(found, [expected]);
  assert.ok(
    root.querySelector('[role="status"]').textContent.includes(`Highlighted on the page: ${expected.exact}`),
  );
  press(root.querySelector('[data-rule="AUTHOR_NAMED"] button.show'));
  assert.match(root.querySelector('[role="status"]').textContent, /not on the page as shown/);
});

test("hostile strings from the server stay text: no injected elements, handlers or links", () => {
  const evil = report({
    rating: '"><svg onload=alert(1)>',
    rating_label: HOSTILE,
    groups: [{ id: "outlet", label: HOSTILE, score: 1, max: 35 }],
    findings: [
      {
        rule: '" onmouseover="alert(1)',
        group: HOSTILE,
        points: -3,
        description: HOSTILE,
        evidence: [
          { text: HOSTILE, quote: { exact: HOSTILE, prefix: HOSTILE, suffix: "" } },
          { text: "script link", url: "javascript:alert(1)" },
          { text: "data link", url: "data:text/html,<script>alert(1)</script>" },
        ],
      },
    ],
  });
  const { root } = setup({ kind: "report", report: evil, reportUrl: "javascript:alert(3)" });
  assert.equal(root.querySelectorAll("img, script, b, svg, iframe, object").length, 0);
  for (const el of root.querySelectorAll("*")) {
    for (const attr of el.attributes) assert.doesNotMatch(attr.name, /^on/i, `${el.localName}[${attr.name}]`);
  }
  assert.equal(root.querySelectorAll("a").length, 0, "only http(s) URLs become links");
  assert.ok(textOf(root).includes(HOSTILE), "the hostile text is shown as text");
  assert.equal(root.querySelector(".card").getAttribute("data-band"), "other");
  assert.equal(root.querySelector(".badge").style.backgroundColor, hexToRgb(Bands.NEUTRAL));
});

test("hostile strings in states and not-scored messages stay text too", () => {
  for (const view of [
    { kind: "report", report: report({ score: null, not_scored: { code: "not_an_article", message: HOSTILE } }) },
    { kind: "error", detail: HOSTILE },
    { kind: "page_unavailable", code: "fetch_failed", detail: HOSTILE },
    { kind: "unreachable", backendUrl: HOSTILE },
    { kind: "site_off", site: HOSTILE },
  ]) {
    const { root } = setup(view);
    assert.equal(root.querySelectorAll("img, script, b").length, 0, view.kind);
    assert.ok(textOf(root).includes(HOSTILE), view.kind);
  }
});

test("every state says what happened in a sentence, and offers the useful buttons", () => {
  const cases = [
    [{ kind: "loading" }, /Asking the Provenance Lens server/, []],
    [{ kind: "unreachable", backendUrl: "http://127.0.0.1:8000" }, /cannot reach its server at http:\/\/127\.0\.0\.1:8000/, ["Try again", "Open options"]],
    [{ kind: "rate_limited", retryAfter: 30 }, /busy and asked us to slow down\. Try again in 30 seconds\./, ["Try again"]],
    [{ kind: "rate_limited", retryAfter: null }, /Try again in a minute\./, ["Try again"]],
    [{ kind: "unauthorized" }, /API key is missing or wrong/, ["Open options"]],
    [{ kind: "no_permission", origin: "https://prov.example" }, /not yet allowed to contact https:\/\/prov\.example/, ["Open options"]],
    [{ kind: "page_unavailable", code: "fetch_failed", detail: "connection refused" }, /could not download this page\. Turning on .Send the page as I see it./, ["Try again", "Open options"]],
    [{ kind: "site_off", site: "news.example" }, /turned Provenance Lens off on news\.example/, ["Score this page anyway", "Turn back on for this site"]],
    [{ kind: "error", status: 500, detail: "boom" }, /could not be scored/, ["Try again"]],
  ];
  for (const [view, sentence, buttons] of cases) {
    const { root } = setup(view);
    assert.match(textOf(root), sentence, view.kind);
    const labels = [...root.querySelectorAll(".actions button")].map((b) => b.textContent);
    assert.deepEqual(labels, buttons, view.kind);
    const card = root.querySelector(".card");
    assert.equal(card.getAttribute("role"), view.kind === "loading" ? "status" : "alert", view.kind);
  }
});

test("the not-an-article state shows no score", () => {
  const view = {
    kind: "report",
    report: report({ score: null, rating: null, rating_label: null, not_scored: { code: "not_an_article", message: "This is a site's home page, not an article." } }),
    reportUrl: "http://127.0.0.1:8000/report?url=x",
  };
  const { root } = setup(view);
  assert.match(textOf(root), /does not look like a single news article, so it gets no score/);
  assert.match(textOf(root), /This is a site's home page, not an article\./);
  assert.doesNotMatch(textOf(root), /\d+\s*\/\s*100/);
  assert.equal(root.querySelector(".panel"), null);
});

test("buttons call their actions: dismiss, retry, options, never on this site", () => {
  let r = setup({ kind: "unreachable", backendUrl: "http://127.0.0.1:8000" });
  const [retry, options] = r.root.querySelectorAll(".actions button");
  for (const b of [retry, options, r.root.querySelector(".dismiss")]) b.click();
  assert.deepEqual(r.calls, [], "synthetic clicks press nothing");
  press(retry);
  press(options);
  press(r.root.querySelector(".dismiss"));
  assert.deepEqual(r.calls.map((c) => c[0]), ["retry", "openOptions", "dismiss"]);
  assert.equal(r.root.querySelector(".dismiss").getAttribute("aria-label"), "Dismiss for this page");

  r = setup({ kind: "report", report: report(), reportUrl: "" });
  const footer = [...r.root.querySelectorAll(".footer button")];
  assert.deepEqual(footer.map((b) => b.textContent), ["Never on this site", "Options"]);
  press(footer[0]);
  assert.deepEqual(r.calls.map((c) => c[0]), ["neverOnSite"]);
});

test("rendering again replaces the previous overlay content", () => {
  const { root } = setup({ kind: "loading" });
  Overlay.render(root, { kind: "report", report: report(), reportUrl: "" }, {});
  assert.equal(root.querySelectorAll(".pl").length, 1);
  assert.equal(root.querySelector(".pl").getAttribute("data-kind"), "report");
});

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

test("words people use: dates in the reader's locale, sources in words, real arrows", () => {
  const r = report();
  r.findings = [
    {
      rule: "DATE_PUBLISHED",
      group: "authorship",
      points: 3,
      description: "Gives a publication date",
      evidence: [{ text: "2018-10-23T09:30:00+02:00 (from json-ld)" }],
    },
    {
      rule: "OUTLET_NAMED",
      group: "outlet",
      points: 4,
      description: "The publisher names itself",
      evidence: [{ text: "Al-Sahawat Times (from meta)" }, { text: "Jane Doe (from byline)" }],
    },
    {
      rule: "LINKS_PRIMARY_DOCUMENTS",
      group: "sourcing",
      points: 5,
      description: "Links to primary documents",
      evidence: [
        {
          text: "North Dakota -> nd.gov (government)",
          quote: { exact: "North Dakota", prefix: "", suffix: "" },
          url: "https://www.nd.gov/floods",
        },
      ],
    },
  ];
  const { root } = setup({ kind: "report", report: r });
  const shown = textOf(root);
  const date = new Intl.DateTimeFormat(undefined, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(Date.UTC(2018, 9, 23));
  assert.ok(shown.includes(`${date} (from the page\u2019s metadata)`), shown);
  assert.doesNotMatch(shown, /2018-10-23|json-ld|\(from meta\)|->/);
  assert.ok(shown.includes("Al-Sahawat Times (from the page\u2019s metadata)"));
  assert.ok(shown.includes("Jane Doe (from the byline)"));
  assert.ok(shown.includes("North Dakota \u2192 nd.gov (government)"));
  // One control for the link evidence: the button that shows it on the page, no extra link.
  const item = root.querySelector('[data-rule="LINKS_PRIMARY_DOCUMENTS"] .evidence li');
  assert.equal(item.querySelectorAll("button, a").length, 1);
  assert.equal(item.querySelector("button.show").textContent, "North Dakota \u2192 nd.gov (government) (show on the page)");
  // Evidence with only an address is one link.
  const addressOnly = report();
  addressOnly.findings = [
    {
      rule: "OUTLET_CONTACT_PAGE",
      group: "outlet",
      points: 3,
      description: "Gives readers a way to contact the newsroom",
      evidence: [{ text: "Contact us (link)", url: "https://news.example/contact/" }],
    },
  ];
  const contact = setup({ kind: "report", report: addressOnly }).root;
  const link = contact.querySelector('[data-rule="OUTLET_CONTACT_PAGE"] .evidence li');
  assert.equal(link.querySelectorAll("button, a").length, 1);
  assert.equal(link.querySelector("a").textContent, "Contact us (link)");
});

test("a group whose findings add up beyond its range says so in one line", () => {
  const groups = [
    { id: "outlet", label: "Outlet", score: 0, max: 35, raw: -1 },
    { id: "authorship", label: "Authorship", score: 30, max: 30, raw: 41 },
    { id: "sourcing", label: "Sourcing", score: 0, max: 35, raw: 0 },
  ];
  const findings = [
    { rule: "A", group: "outlet", points: -1, description: "a", evidence: [] },
    { rule: "B", group: "authorship", points: 41, description: "b", evidence: [] },
    { rule: "C", group: "sourcing", points: 0, description: "c", evidence: [] },
  ];
  const { root } = setup({ kind: "report", report: report({ groups, findings }) });
  const lines = [...root.querySelectorAll(".arith")].map((p) => p.textContent);
  assert.deepEqual(lines, [
    "These findings add up to \u22121 point; the group counts 0, its lowest.",
    "These findings add up to 41 points; the group counts at most 30.",
  ]);
  // Reports without `raw` (older servers) show no such line.
  const older = report({ groups: groups.map(({ raw, ...g }) => g), findings });
  const old = setup({ kind: "report", report: older }).root;
  assert.equal(old.querySelectorAll(".arith").length, 0);
});
