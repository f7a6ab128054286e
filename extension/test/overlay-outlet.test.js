// The outlet's checks in the overlay: pending, ready page by page, failed; redrawn in place.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Overlay = require("../overlay.js");
const { dom, press } = require("./helpers.js");
const { report } = require("./fixtures.js");

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
const PENDING = { state: "pending", domain: "news.example", poll: "/v1/outlets/news.example", retry_after: 3 };

function ready(pages, extra = {}) {
  return {
    state: "ready",
    domain: "news.example",
    poll: "/v1/outlets/news.example",
    checked_at: "2031-05-02T06:00:00+00:00",
    reason: null,
    home_url: "https://news.example/",
    fetches: 6,
    pages,
    ...extra,
  };
}

function draw(view) {
  const { window } = dom();
  const { root } = Overlay.mount(window.document);
  Overlay.render(root, view, {});
  return { window, root };
}

function outletGroup(root) {
  const heading = [...root.querySelectorAll(".panel h3")].find((h) => h.textContent === "Outlet");
  assert.ok(heading, "the panel has an Outlet group");
  const parts = [];
  for (let el = heading.nextElementSibling; el && el.localName !== "h3"; el = el.nextElementSibling) {
    parts.push(el);
  }
  return parts;
}

function checksIn(root) {
  const found = outletGroup(root).filter((el) => el.classList.contains("outlet-checks"));
  assert.equal(found.length, 1, "one outlet-checks block, in the Outlet group");
  return found[0];
}

const squash = (s) => s.replace(/\s+/g, " ").trim();

/** A date as the reader's browser writes it (what the overlay shows instead of ISO). */
function day(y, m, d) {
  const format = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(undefined, format).format(Date.UTC(y, m - 1, d));
}

test("pending and watched: a polite status line in the outlet group, and a hint on the card", () => {
  const { root } = draw({ kind: "report", report: report({ outlet_checks: PENDING }), outletRefresh: "watching" });
  const line = checksIn(root);
  assert.equal(line.textContent, "Checking the outlet\u2019s About and Corrections pages\u2026");
  assert.equal(line.getAttribute("role"), "status");
  assert.equal(line.getAttribute("aria-live"), "polite");
  assert.match(root.querySelector(".card .outlet-hint").textContent, /Checking the outlet\u2019s pages/);
  // Under the outlet's findings, not instead of them.
  assert.ok(outletGroup(root).some((el) => el.querySelector('[data-rule="OUTLET_CONTACT_PAGE"]')));
  assert.equal(root.querySelector(".pl").getAttribute("data-outlet"), "pending");
});

test("pending but no longer watched: it says to score again later, and the card says nothing", () => {
  const { root } = draw({ kind: "report", report: report({ outlet_checks: PENDING }), outletRefresh: "later" });
  assert.match(checksIn(root).textContent, /still being checked\. Score the page again in a minute/);
  assert.equal(root.querySelector(".outlet-hint"), null);
});

test("no outlet_checks (the admin turned them off): nothing about them", () => {
  const r = report();
  const { root } = draw({ kind: "report", report: { ...r, findings: r.findings.filter((f) => f.group !== "outlet") } });
  assert.equal(root.querySelector(".outlet-checks"), null);
  assert.equal(root.querySelector(".outlet-hint"), null);
  assert.ok(![...root.querySelectorAll(".panel h3")].some((h) => h.textContent === "Outlet"));
  assert.equal(root.querySelector(".pl").hasAttribute("data-outlet"), false);
  // An unknown state is treated the same way.
  const odd = draw({ kind: "report", report: report({ outlet_checks: { state: "maybe" } }) });
  assert.equal(odd.root.querySelector(".outlet-checks"), null);
});

test("the outlet group shows up for the checks even when the outlet has no findings", () => {
  const r = report({ outlet_checks: PENDING });
  const { root } = draw({ kind: "report", report: { ...r, findings: r.findings.filter((f) => f.group !== "outlet") }, outletRefresh: "watching" });
  assert.deepEqual(
    [...root.querySelectorAll(".panel h3")].map((h) => h.textContent),
    ["Outlet", "Authorship", "Sourcing"],
  );
  assert.match(checksIn(root).textContent, /Checking the outlet/);
});

test("ready: each page says whether it is there, in a fixed order, as text", () => {
  const checks = ready({
    contact: { url: "https://news.example/contact", status: "not_checked", reason: "over the limit of fetches per outlet" },
    masthead: { url: "https://news.example/staff", status: "soft_404", absent: true, reason: 'the page says "Page not found"' },
    corrections: {
      url: "https://news.example/corrections",
      status: "ok",
      corrections: ["2031-04-12", "2031-03-03", "2031-02-20", "2031-01-09"],
    },
    about: { url: "https://news.example/about", status: "ok", owners: ["The Courier is owned by Coastal Media Ltd."] },
    ethics: { url: "https://news.example/ethics", status: "home_redirect", absent: true, final_url: "https://news.example/" },
    ownership: { url: "https://news.example/owners", status: "missing", absent: true, reason: "the site answers HTTP 404" },
  });
  const { root } = draw({ kind: "report", report: report({ outlet_checks: checks }) });
  const box = checksIn(root);
  assert.equal(box.getAttribute("data-state"), "ready");
  // Dates as the reader's browser writes them, never raw ISO.
  assert.ok(box.textContent.includes(`as the server found them on ${day(2031, 5, 2)}:`));
  assert.ok(box.textContent.includes(`(${day(2031, 4, 12)}, ${day(2031, 3, 3)}`));
  assert.doesNotMatch(box.textContent, /\d{4}-\d{2}-\d{2}/);
  const items = [...box.querySelectorAll("li")];
  assert.deepEqual(
    items.map((li) => [li.getAttribute("data-kind"), li.getAttribute("data-status"), li.className]),
    [
      ["about", "ok", "present"],
      ["corrections", "ok", "present"],
      ["ethics", "home_redirect", "absent"],
      ["ownership", "missing", "absent"],
      ["masthead", "soft_404", "absent"],
      ["contact", "not_checked", "neutral"],
    ],
  );
  const said = items.map((li) => squash(li.querySelector(".page-text").textContent));
  assert.equal(
    said[0],
    "About: the page is there; it says who owns or funds the outlet: \u201cThe Courier is owned by Coastal Media Ltd.\u201d.",
  );
  assert.equal(
    said[1],
    `Corrections: the page is there; it lists 4 dated corrections (${day(2031, 4, 12)}, ${day(2031, 3, 3)}, ${day(2031, 2, 20)}, \u2026).`,
  );
  assert.equal(said[2], "Ethics and standards: linked but not really there.");
  assert.equal(said[3], "Ownership and funding: linked but not really there: the site answers HTTP 404");
  assert.equal(said[4], 'Masthead: linked but not really there: the page says "Page not found"');
  assert.equal(said[5], "Contact: was not checked: over the limit of fetches per outlet");
  // The page names link to the pages, so the reader can look for themselves.
  assert.equal(items[4].querySelector("a").href, "https://news.example/staff");
  assert.equal(items[4].querySelector("a").rel, "noopener noreferrer");
  // Marks are decoration; the words carry the meaning.
  assert.ok(items.every((li) => li.querySelector(".mark").getAttribute("aria-hidden") === "true"));
  assert.equal(root.querySelector(".outlet-hint"), null);
  assert.equal(root.querySelector(".outlet-checks[role=status]"), null);
});

test("ready with masthead names, and with no pages at all", () => {
  let { root } = draw({
    kind: "report",
    report: report({
      outlet_checks: ready({
        masthead: { url: "https://news.example/masthead", status: "ok", people: ["Jane Doe"] },
        about: { url: "https://news.example/about", status: "unreachable", reason: "the page took too long" },
      }),
    }),
  });
  const said = [...checksIn(root).querySelectorAll("li .page-text")].map((el) => squash(el.textContent));
  assert.deepEqual(said, [
    "About: could not be reached: the page took too long",
    "Masthead: the page is there; it names 1 person (Jane Doe).",
  ]);
  ({ root } = draw({ kind: "report", report: report({ outlet_checks: ready({}) }) }));
  assert.match(checksIn(root).textContent, /No About, Corrections or other policy pages of the outlet were found/);
  assert.equal(checksIn(root).querySelector("ul"), null);
});

test("failed: one unobtrusive line with the server's reason", () => {
  const { root } = draw({
    kind: "report",
    report: report({ outlet_checks: ready({}, { state: "failed", reason: "the home page: HTTP 503" }) }),
  });
  const line = checksIn(root);
  assert.equal(line.textContent, "Couldn\u2019t check the outlet\u2019s pages: the home page: HTTP 503");
  assert.equal(line.getAttribute("data-state"), "failed");
  assert.equal(line.getAttribute("role"), null, "not an alert: the report itself is fine");
});

test("hostile strings in the outlet checks stay text: no elements, no handlers, no odd links", () => {
  const views = [
    report({
      outlet_checks: ready(
        {
          corrections: { url: "javascript:alert(1)", status: "ok", corrections: [HOSTILE] },
          masthead: { url: "https://news.example/m", status: "ok", people: [HOSTILE, HOSTILE] },
          about: { url: "data:text/html,<script>alert(1)</script>", status: "soft_404", absent: true, reason: HOSTILE },
          ownership: { url: HOSTILE, status: "ok", owners: [HOSTILE] },
          [HOSTILE]: { url: HOSTILE, status: HOSTILE, reason: HOSTILE },
        },
        { checked_at: HOSTILE },
      ),
    }),
    report({ outlet_checks: ready({}, { state: "failed", reason: HOSTILE }) }),
  ];
  for (const r of views) {
    const { root } = draw({ kind: "report", report: r, outletRefresh: "watching" });
    const box = checksIn(root);
    assert.equal(root.querySelectorAll("img, script, b, svg, iframe, object").length, 0);
    for (const el of root.querySelectorAll("*")) {
      for (const attr of el.attributes) assert.doesNotMatch(attr.name, /^on/i, `${el.localName}[${attr.name}]`);
    }
    assert.ok(box.textContent.includes(HOSTILE), "shown, as text");
    for (const a of box.querySelectorAll("a")) assert.match(a.href, /^https:\/\/news\.example\//);
  }
});

test("redrawn in place when the checks come in: the panel stays open, focus stays, and it is announced", async () => {
  const { window } = dom();
  const { root } = Overlay.mount(window.document);
  Overlay.render(root, { kind: "report", report: report({ outlet_checks: PENDING }), outletRefresh: "watching" }, {});
  press(root.querySelector("button.toggle")); // open the panel; focus on its heading
  assert.equal(root.activeElement, root.querySelector(".panel h2"));

  const checks = ready({ corrections: { url: "https://news.example/corrections", status: "ok", corrections: ["2031-04-12"] } });
  Overlay.render(root, { kind: "report", report: report({ score: 29, outlet_checks: checks }) }, {});
  assert.equal(root.querySelectorAll(".pl").length, 1);
  const panel = root.querySelector(".panel");
  assert.equal(panel.hidden, false, "still open");
  assert.equal(root.querySelector("button.toggle").getAttribute("aria-expanded"), "true");
  assert.equal(root.activeElement, panel.querySelector("h2"), "focus is where it was");
  assert.equal(root.querySelector(".badge").firstChild.textContent, "29");
  assert.ok(
    checksIn(root).textContent.includes(
      `Corrections: the page is there; it lists 1 dated correction (${day(2031, 4, 12)})`,
    ),
  );
  await new Promise((resolve) => window.setTimeout(resolve, 150));
  assert.equal(
    root.querySelector(".pl > [role=status]").textContent,
    "The outlet\u2019s pages have been checked; the report is updated.",
  );
});

test("redrawn while closed and unfocused: it stays closed and takes no focus", () => {
  const { window } = dom();
  const { root } = Overlay.mount(window.document);
  Overlay.render(root, { kind: "report", report: report({ outlet_checks: PENDING }), outletRefresh: "watching" }, {});
  Overlay.render(root, { kind: "report", report: report({ outlet_checks: ready({}) }) }, {});
  assert.equal(root.querySelector(".panel").hidden, true);
  assert.equal(root.activeElement, null);
});

test("a quoted owner statement is not quoted twice", () => {
  const checks = ready({
    ownership: { url: "https://news.example/owners", status: "ok", owners: ["\u201cOwned by Coastal Media Ltd.\u201d"] },
  });
  const { root } = draw({ kind: "report", report: report({ outlet_checks: checks }) });
  const text = checksIn(root).textContent;
  assert.ok(text.includes("outlet: \u201cOwned by Coastal Media Ltd.\u201d"), text);
  assert.doesNotMatch(text, /\u201c\u201c|\u201d\u201d/);
});
