// Pending checks: the service worker polls the backend's outlet poll path through its one
// dispatcher, then scores the page again (the lead image and the cited links, which have no poll
// path, on the same wait), with a fake clock and a fake backend.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { fakeChrome, fakeFetch, jsonResponse, loadBackground, plain } = require("./helpers.js");
const { report } = require("./fixtures.js");

const TAB = 7;
const BACKEND = "http://127.0.0.1:8000";
const PAGE = { url: "https://news.example/world/story", html: "<html><body>as seen</body></html>" };
const POLL = "/v1/outlets/news.example";

const PENDING = { state: "pending", domain: "news.example", poll: POLL, retry_after: 3 };
const READY = {
  state: "ready",
  domain: "news.example",
  poll: POLL,
  checked_at: "2031-05-02T06:00:00+00:00",
  reason: null,
  home_url: "https://news.example/",
  fetches: 4,
  pages: {
    corrections: {
      url: "https://news.example/corrections",
      status: "ok",
      corrections: ["2031-04-12", "2031-03-03"],
    },
  },
};
const VERIFIED = {
  rule: "OUTLET_CORRECTIONS_VERIFIED",
  group: "outlet",
  points: 6,
  description: "The corrections page lists 2 dated corrections",
  evidence: [{ text: "Corrections (2031-04-12)", url: "https://news.example/corrections" }],
};

/** Timers and a clock the test moves by hand. */
function fakeClock() {
  let now = Date.UTC(2031, 4, 2, 6, 0, 0);
  let seq = 0;
  const timers = new Map();
  class FakeDate extends Date {
    static now() {
      return now;
    }
  }
  const clock = {
    globals: {
      setTimeout: (fn, ms) => {
        timers.set(++seq, { at: now + (Number(ms) || 0), fn });
        return seq;
      },
      clearTimeout: (id) => timers.delete(id),
      Date: FakeDate,
    },
    /** Move the clock on by `ms`, running each timer that comes due, in order. */
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        await flush();
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at);
        if (!due.length) break;
        const [id, t] = due[0];
        timers.delete(id);
        now = t.at;
        t.fn();
      }
      now = until;
      await flush();
    },
    get timers() {
      return timers.size;
    },
  };
  return clock;
}

/** Let the promise chains (fetch, json, messages) run to their end. */
async function flush() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A backend: /v1/score answers with the next of `scores` (the last one repeats); the poll path
 * with the next of `polls`, each a [status, body, headers] triple.
 */
function backend({ scores, polls }) {
  let s = 0;
  let p = 0;
  return (url) => {
    if (url === `${BACKEND}/v1/score`) {
      const r = scores[Math.min(s++, scores.length - 1)];
      return jsonResponse(200, r);
    }
    if (url === `${BACKEND}${POLL}`) {
      const [status, body, headers] = polls[Math.min(p++, polls.length - 1)];
      return jsonResponse(status, body, headers);
    }
    return jsonResponse(404, { code: "not_found" });
  };
}

function setup({ stored = {}, scores, polls, open = () => true } = {}) {
  const clock = fakeClock();
  const chrome = fakeChrome({ stored, page: PAGE });
  const original = chrome.tabs.sendMessage;
  chrome.tabs.sendMessage = async (tabId, message) => {
    if (message.type === "pl:open") {
      chrome.calls.sent.push({ tabId, message });
      return open(message);
    }
    return original(tabId, message);
  };
  const fetch = fakeFetch(
    backend({
      scores: scores || [report({ outlet_checks: PENDING }), readyReport()],
      polls: polls || [[200, PENDING, { "Retry-After": "3" }], [200, READY]],
    }),
  );
  const bg = loadBackground(chrome, fetch, clock.globals);
  return { chrome, fetch, bg, clock };
}

function readyReport() {
  const r = report({ score: 29, outlet_checks: READY });
  return { ...r, findings: [...r.findings, VERIFIED] };
}

async function click(chrome) {
  return plain(await chrome.action.onClicked.listeners[0]({ id: TAB }));
}

function message(chrome, msg, sender = { id: chrome.runtime.id, tab: { id: TAB }, url: PAGE.url }) {
  return new Promise((resolve) => {
    chrome.runtime.onMessage.listeners[0](msg, sender, (answer) => resolve(plain(answer)));
  });
}

const polled = (fetch) => fetch.calls.filter((c) => c.url === `${BACKEND}${POLL}`);
const scored = (fetch) => fetch.calls.filter((c) => c.url === `${BACKEND}/v1/score`);
const shows = (chrome) => chrome.calls.sent.filter((s) => s.message.type === "pl:show");

test("pending checks: polls after retry_after, then as Retry-After says, and on ready re-sends the same request", async () => {
  const { chrome, fetch, clock } = setup({
    stored: { sendHtml: true, apiKey: "k-123" },
    polls: [[200, PENDING, { "Retry-After": "5" }], [200, READY]],
  });
  const first = await click(chrome);
  assert.equal(first.kind, "report");
  assert.equal(first.outletRefresh, "watching", "the overlay is told the checks are being watched");
  assert.equal(shows(chrome)[0].message.view.outletRefresh, "watching");
  assert.equal(fetch.calls.length, 1);

  await clock.advance(2900);
  assert.equal(polled(fetch).length, 0, "not before retry_after");
  await clock.advance(100);
  assert.equal(polled(fetch).length, 1);
  const poll = polled(fetch)[0];
  assert.equal(poll.init.method, "GET");
  assert.equal(poll.init.headers.Authorization, "Bearer k-123");
  assert.equal(poll.init.credentials, "omit");
  // The page was asked first whether the overlay is still open on it.
  const asked = chrome.calls.sent.filter((s) => s.message.type === "pl:open");
  assert.deepEqual(plain(asked[0].message), { type: "pl:open", url: PAGE.url });

  await clock.advance(4900);
  assert.equal(polled(fetch).length, 1, "Retry-After: 5 is honoured");
  await clock.advance(100);
  assert.equal(polled(fetch).length, 2);

  // Ready: the very same /v1/score request again (the HTML the reader chose to send, too).
  const [before, after] = scored(fetch);
  assert.ok(after, "the page was scored again");
  assert.deepEqual(after.body, before.body);
  assert.deepEqual(after.body, { url: PAGE.url, html: PAGE.html });
  assert.deepEqual(plain(after.init.headers), plain(before.init.headers));

  const refreshed = shows(chrome).at(-1).message;
  assert.equal(refreshed.refresh, true);
  assert.equal(refreshed.focus, false, "a refresh never takes the focus");
  assert.equal(refreshed.url, PAGE.url);
  assert.equal(refreshed.view.report.score, 29);
  assert.equal(refreshed.view.report.outlet_checks.state, "ready");
  assert.ok(refreshed.view.report.findings.some((f) => f.rule === "OUTLET_CORRECTIONS_VERIFIED"));
  assert.equal(refreshed.view.outletRefresh, undefined);
  assert.equal(chrome.calls.badge[TAB].text, "29");

  // Done: nothing more is asked, however long the overlay stays open.
  await clock.advance(120000);
  assert.equal(fetch.calls.length, 4);
  assert.equal(clock.timers, 0);
});

test("a failed check also brings the server's new report, with its reason", async () => {
  const failed = { ...READY, state: "failed", reason: "the home page: HTTP 503", pages: {} };
  const { chrome, fetch, clock } = setup({
    scores: [report({ outlet_checks: PENDING }), report({ outlet_checks: failed })],
    polls: [[200, failed]],
  });
  await click(chrome);
  await clock.advance(3000);
  assert.equal(polled(fetch).length, 1);
  assert.equal(scored(fetch).length, 2);
  const view = shows(chrome).at(-1).message.view;
  assert.equal(view.report.outlet_checks.state, "failed");
  assert.equal(view.report.outlet_checks.reason, "the home page: HTTP 503");
  await clock.advance(60000);
  assert.equal(fetch.calls.length, 3);
});

test("polling stops when the overlay is dismissed", async () => {
  const { chrome, fetch, clock } = setup();
  await click(chrome);
  assert.deepEqual(await message(chrome, { type: "overlayClosed" }), { ok: true });
  await clock.advance(60000);
  assert.equal(polled(fetch).length, 0);
  assert.equal(clock.timers, 0);
});

test("polling stops when the tab navigates or closes", async () => {
  for (const leave of [
    (chrome) => chrome.tabs.onUpdated.fire(TAB, { status: "loading" }),
    (chrome) => chrome.tabs.onRemoved.fire(TAB, {}),
  ]) {
    const { chrome, fetch, clock } = setup();
    await click(chrome);
    await clock.advance(3000);
    assert.equal(polled(fetch).length, 1);
    leave(chrome);
    await clock.advance(60000);
    assert.equal(polled(fetch).length, 1);
    assert.equal(scored(fetch).length, 1);
  }
  // Another tab's navigation changes nothing.
  const { chrome, fetch, clock } = setup();
  await click(chrome);
  chrome.tabs.onUpdated.fire(TAB + 1, { status: "loading" });
  await clock.advance(6000);
  assert.equal(polled(fetch).length, 2);
});

test("polling stops when the page says the overlay is gone, without asking the backend", async () => {
  let open = true;
  const { chrome, fetch, clock } = setup({ open: () => open });
  await click(chrome);
  await clock.advance(3000);
  assert.equal(polled(fetch).length, 1);
  open = false; // e.g. the page went to another address without a load
  await clock.advance(60000);
  assert.equal(polled(fetch).length, 1);
  assert.equal(clock.timers, 0);
});

test("a 404 from the poll path is 'not known yet': pending until the checks are in", async () => {
  const notYet = [404, { status: 404, code: "not_found", detail: "news.example has not been checked" }];
  // Two workers without shared state: some polls reach one that has not heard of the check.
  const { chrome, fetch, clock } = setup({
    polls: [notYet, [200, PENDING], notYet, notYet, [200, READY]],
  });
  await click(chrome);
  await clock.advance(60000);
  assert.equal(polled(fetch).length, 5);
  assert.equal(scored(fetch).length, 2, "scored again once the checks were in");
  assert.equal(shows(chrome).at(-1).message.view.report.score, 29);
});

test("only 404s until the deadline: polling stops, the overlay says to score again later", async () => {
  const { chrome, fetch, clock } = setup({
    polls: [[404, { status: 404, code: "not_found", detail: "news.example has not been checked" }]],
  });
  await click(chrome);
  await clock.advance(600000);
  const polls = polled(fetch).length;
  assert.ok(polls >= 15 && polls <= 21, `${polls} polls`);
  assert.equal(clock.timers, 0, "nothing left scheduled");
  assert.equal(scored(fetch).length, 1, "no new score");
  const last = shows(chrome).at(-1).message;
  assert.equal(last.refresh, true);
  assert.equal(last.view.outletRefresh, "later");
  assert.equal(last.view.report.outlet_checks.state, "pending");
});

test("still pending after about a minute: polling stops at about one request every 3 s", async () => {
  const { chrome, fetch, clock } = setup({ polls: [[200, PENDING, { "Retry-After": "3" }]] });
  await click(chrome);
  await clock.advance(59000);
  const during = polled(fetch).length;
  assert.ok(during >= 15 && during <= 20, `${during} polls in the first minute`);
  await clock.advance(600000);
  assert.ok(polled(fetch).length <= 21, `${polled(fetch).length} polls in all`);
  assert.equal(clock.timers, 0, "nothing left scheduled");
  assert.equal(scored(fetch).length, 1);
  assert.equal(shows(chrome).at(-1).message.view.outletRefresh, "later");
});

test("a backend that is briefly down is asked again; a tiny Retry-After does not hammer it", async () => {
  const { chrome, fetch, clock } = setup({
    polls: [
      [503, { code: "unavailable" }],
      [200, PENDING, { "Retry-After": "0" }],
      [200, READY],
    ],
  });
  await click(chrome);
  await clock.advance(3000);
  assert.equal(polled(fetch).length, 1);
  await clock.advance(3000);
  assert.equal(polled(fetch).length, 2, "asked again after the default 3 s");
  await clock.advance(2900);
  assert.equal(polled(fetch).length, 2, "Retry-After: 0 still waits the usual 3 s");
  await clock.advance(100);
  assert.equal(polled(fetch).length, 3);
  assert.equal(scored(fetch).length, 2);
});

test("only the backend's own outlet path is polled; no checks, no polling", async () => {
  for (const poll of [
    "https://elsewhere.example/v1/outlets/news.example",
    "//elsewhere.example/v1/outlets/news.example",
    "/v1/score",
    "/v1/outlets/../score",
    "/v1/outlets/news.example?x=1",
    null,
  ]) {
    const { chrome, fetch, clock } = setup({
      scores: [report({ outlet_checks: { ...PENDING, poll } })],
    });
    const view = await click(chrome);
    assert.equal(view.outletRefresh, undefined, String(poll));
    await clock.advance(60000);
    assert.equal(fetch.calls.length, 1, String(poll));
  }
  for (const outlet_checks of [undefined, READY]) {
    const { chrome, fetch, clock } = setup({ scores: [report(outlet_checks ? { outlet_checks } : {})] });
    const view = await click(chrome);
    assert.equal(view.outletRefresh, undefined);
    await clock.advance(60000);
    assert.equal(fetch.calls.length, 1);
  }
});

test("a page cannot make the service worker poll", async () => {
  const { chrome, fetch, clock } = setup();
  await click(chrome);
  for (let token = 0; token < 5; token++) {
    const answer = await message(chrome, { type: "pollOutlet", tabId: TAB, token });
    assert.deepEqual(answer, { error: "not allowed" });
  }
  assert.equal(polled(fetch).length, 0);
  await clock.advance(3000);
  assert.equal(polled(fetch).length, 1, "the worker's own timer still polls");
});

test("scoring the tab again replaces the wait instead of adding a second one", async () => {
  const { chrome, fetch, clock } = setup({
    scores: [report({ outlet_checks: PENDING })],
    polls: [[200, PENDING, { "Retry-After": "3" }]],
  });
  await click(chrome);
  await clock.advance(1500);
  await click(chrome);
  await clock.advance(3000);
  // One poll from the second click's wait (due at 4.5 s); the first wait's, due at 3 s, is gone.
  assert.equal(polled(fetch).length, 1);
  await clock.advance(3000);
  assert.equal(polled(fetch).length, 2);
});

test("a new score without pending checks ends the wait for the old one", async () => {
  const { chrome, fetch, clock } = setup({ scores: [report({ outlet_checks: PENDING }), report()] });
  await click(chrome);
  await clock.advance(1500);
  const view = await click(chrome);
  assert.equal(view.outletRefresh, undefined);
  await clock.advance(60000);
  assert.equal(polled(fetch).length, 0);
  assert.equal(clock.timers, 0);
});

test("the wait between polls stays between 1 and 10 seconds, whatever the server says", async () => {
  let s = setup({ scores: [report({ outlet_checks: { ...PENDING, retry_after: 0.2 } })] });
  await click(s.chrome);
  await s.clock.advance(900);
  assert.equal(polled(s.fetch).length, 0);
  await s.clock.advance(100);
  assert.equal(polled(s.fetch).length, 1, "no sooner than a second");

  s = setup({ polls: [[200, PENDING, { "Retry-After": "120" }], [200, READY]] });
  await click(s.chrome);
  await s.clock.advance(3000);
  assert.equal(polled(s.fetch).length, 1);
  await s.clock.advance(10000);
  assert.equal(polled(s.fetch).length, 2, "no later than 10 s, so the minute is not spent waiting");
});

// The lead image's and the cited links' checks have no poll path: the same wait scores the page
// again after the report's retry_after, on the one timer, until they are in, and no longer than
// the same minute.
const IMAGE_PENDING = { state: "pending", url: "https://news.example/lead.jpg", trust_list: false, retry_after: 2 };
const IMAGE_READY = { state: "ready", url: "https://news.example/lead.jpg", trust_list: false, retry_after: null };
const CITES_PENDING = { state: "pending", checked: 3, total: 10, retry_after: 2 };
const CITES_READY = { state: "ready", checked: 10, total: 10, retry_after: null };
const RESCORED = [
  ["image_checks", IMAGE_PENDING, IMAGE_READY],
  ["citation_checks", CITES_PENDING, CITES_READY],
];

for (const [key, pendingChecks, readyChecks] of RESCORED) {
  test(`pending ${key}: scored again after retry_after until they are in, then no more`, async () => {
    const { chrome, fetch, clock } = setup({
      scores: [
        report({ [key]: pendingChecks }),
        report({ score: 30, [key]: pendingChecks }),
        report({ score: 31, [key]: readyChecks }),
      ],
    });
    const first = await click(chrome);
    assert.equal(first.outletRefresh, "watching");
    assert.equal(clock.timers, 1, "one timer");
    await clock.advance(1900);
    assert.equal(scored(fetch).length, 1, "not before retry_after");
    await clock.advance(100);
    assert.equal(scored(fetch).length, 2);
    const between = shows(chrome).at(-1).message.view;
    assert.equal(between.outletRefresh, "watching", "still being checked");
    assert.equal(between.report.score, 30, "what is in is shown at once");
    assert.equal(clock.timers, 1, "still one timer");
    await clock.advance(2000);
    assert.equal(scored(fetch).length, 3);
    const refreshed = shows(chrome).at(-1).message;
    assert.equal(refreshed.refresh, true);
    assert.equal(refreshed.view.report[key].state, "ready");
    assert.equal(refreshed.view.outletRefresh, undefined);
    assert.equal(chrome.calls.badge[TAB].text, "31");
    assert.equal(polled(fetch).length, 0, "no outlet poll path was asked");
    await clock.advance(120000);
    assert.equal(fetch.calls.length, 3, "ready: the wait is over");
    assert.equal(clock.timers, 0);
  });

  test(`${key} still pending after about a minute: the overlay says to score again later`, async () => {
    const { chrome, fetch, clock } = setup({ scores: [report({ [key]: pendingChecks })] });
    await click(chrome);
    await clock.advance(120000);
    const n = scored(fetch).length;
    assert.ok(n >= 20 && n <= 32, `about one score every 2 s for a minute, not ${n}`);
    assert.equal(shows(chrome).at(-1).message.view.outletRefresh, "later");
    assert.equal(clock.timers, 0);
  });
}

test("citation checks ready, off or absent: no wait at all", async () => {
  for (const citation_checks of [CITES_READY, { state: "off", checked: 0, total: 0, retry_after: null }, undefined]) {
    const { chrome, fetch, clock } = setup({ scores: [report(citation_checks ? { citation_checks } : {})] });
    const view = await click(chrome);
    assert.equal(view.outletRefresh, undefined, JSON.stringify(citation_checks));
    assert.equal(clock.timers, 0);
    await clock.advance(60000);
    assert.equal(fetch.calls.length, 1);
  }
});

test("outlet and cited links both pending: one wait polls the outlet, then scores until the links are in", async () => {
  const { chrome, fetch, clock } = setup({
    scores: [
      report({ outlet_checks: PENDING, citation_checks: CITES_PENDING }),
      { ...readyReport(), citation_checks: CITES_PENDING }, // the outlet is in, the links not yet
      { ...readyReport(), citation_checks: CITES_READY },
    ],
    polls: [[200, READY]],
  });
  await click(chrome);
  assert.equal(clock.timers, 1, "one timer for both");
  await clock.advance(2000);
  assert.equal(scored(fetch).length, 1, "the outlet's poll path comes first, after its retry_after");
  await clock.advance(1000);
  assert.equal(polled(fetch).length, 1);
  assert.equal(scored(fetch).length, 2, "the outlet is in: scored again");
  const between = shows(chrome).at(-1).message.view;
  assert.equal(between.report.outlet_checks.state, "ready");
  assert.equal(between.outletRefresh, "watching", "the links are still being checked");
  assert.equal(clock.timers, 1, "still one timer");
  await clock.advance(2000);
  assert.equal(scored(fetch).length, 3, "then scored after the links' retry_after");
  assert.equal(polled(fetch).length, 1, "the outlet's poll path is not asked again");
  const last = shows(chrome).at(-1).message.view;
  assert.equal(last.report.citation_checks.state, "ready");
  assert.equal(last.outletRefresh, undefined);
  await clock.advance(120000);
  assert.equal(fetch.calls.length, 4);
  assert.equal(clock.timers, 0);
});

test("with the lead image and the cited links pending, the sooner retry_after is waited", async () => {
  const image = { state: "pending", url: "https://news.example/lead.jpg", trust_list: false, retry_after: 5 };
  const { chrome, fetch, clock } = setup({
    scores: [report({ image_checks: image, citation_checks: CITES_PENDING }), report()],
  });
  await click(chrome);
  await clock.advance(1900);
  assert.equal(scored(fetch).length, 1);
  await clock.advance(100);
  assert.equal(scored(fetch).length, 2, "after 2 s, the links' retry_after");
  await clock.advance(60000);
  assert.equal(scored(fetch).length, 2);
  assert.equal(clock.timers, 0);
});
