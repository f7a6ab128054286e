"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const {
  fakeChrome,
  fakeFetch,
  jsonResponse,
  loadBackground,
  plain,
  settle,
} = require("./helpers.js");
const { REPORT, report } = require("./fixtures.js");
const Bands = require("../bands.js");

const TAB = 7;
const PAGE = { url: "https://news.example/world/story", html: "<html><body>as seen</body></html>" };

function problem(status, code, detail, headers = {}) {
  return new Response(JSON.stringify({ type: "about:blank", title: code, status, detail, code }), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });
}

function setup({ stored, granted, respond, tabs } = {}) {
  const chrome = fakeChrome({ stored, granted, page: PAGE, tabs });
  const fetch = fakeFetch(respond || (() => jsonResponse(200, report())));
  const bg = loadBackground(chrome, fetch);
  return { chrome, fetch, bg };
}

/** What the toolbar button does: chrome.action.onClicked's listener, with a tab. */
async function click(chrome, tabId = TAB) {
  assert.equal(chrome.action.onClicked.listeners.length, 1);
  return plain(await chrome.action.onClicked.listeners[0]({ id: tabId }));
}

/** A message as the content script would send it, through runtime.onMessage. */
function message(chrome, msg, sender = { id: chrome.runtime.id, tab: { id: TAB }, url: PAGE.url }) {
  return new Promise((resolve) => {
    const keepOpen = chrome.runtime.onMessage.listeners[0](msg, sender, (answer) => resolve(plain(answer)));
    if (!keepOpen) resolve(undefined);
  });
}

test("a click injects the overlay, sends only the URL by default, and shows the report", async () => {
  const { chrome, fetch } = setup();
  const view = await click(chrome);

  assert.deepEqual(plain(chrome.calls.executed[0]), {
    target: { tabId: TAB },
    files: ["bands.js", "quote.js", "overlay.js", "page.js", "content.js"],
  });
  // The host-survival rules as user CSS, the highlight colour as author CSS (see background.js).
  assert.deepEqual(chrome.calls.inserted.map((c) => c.origin), ["USER", "AUTHOR"]);
  assert.match(chrome.calls.inserted[1].css, /::highlight\(provenance-lens-evidence\)/);
  assert.equal(fetch.calls.length, 1);
  assert.equal(fetch.calls[0].url, "http://127.0.0.1:8000/v1/score");
  assert.equal(fetch.calls[0].init.method, "POST");
  assert.deepEqual(fetch.calls[0].body, { url: PAGE.url });
  assert.equal(fetch.calls[0].init.credentials, "omit");
  assert.equal(fetch.calls[0].init.headers.Authorization, undefined);

  assert.equal(view.kind, "report");
  assert.equal(view.report.score, REPORT.score);
  const reportUrl = `http://127.0.0.1:8000/report?url=${encodeURIComponent(PAGE.url)}`;
  assert.equal(view.reportUrl, reportUrl);
  const shown = chrome.calls.sent.filter((s) => s.message.type === "pl:show");
  assert.equal(shown.length, 1);
  assert.equal(shown[0].tabId, TAB);
  // The page gets the report, and only a flag for the report page: never the server's address.
  const { reportUrl: _kept, ...forPage } = view;
  assert.deepEqual(plain(shown[0].message.view), { ...forPage, fullReport: true });
  assert.doesNotMatch(JSON.stringify(shown[0].message), /127\.0\.0\.1/);
  assert.equal(shown[0].message.focus, true, "the reader asked: focus goes to the overlay");
  assert.deepEqual(chrome.calls.badge[TAB].text, String(REPORT.score));
  assert.equal(chrome.calls.badge[TAB].color, Bands.COLOURS[REPORT.rating]);
  assert.ok(chrome.calls.badge[TAB].title.includes(`${REPORT.score}/100, ${REPORT.rating_label}`));
});

test("URL only means URL only, even if the page hands over its HTML", async () => {
  const { chrome, fetch } = setup();
  const original = chrome.tabs.sendMessage;
  chrome.tabs.sendMessage = async (tabId, msg) =>
    msg.type === "pl:collect" ? { url: PAGE.url, html: PAGE.html } : original(tabId, msg);
  await click(chrome);
  assert.deepEqual(fetch.calls[0].body, { url: PAGE.url });
});

test("with sendHtml the page's HTML goes along; the API key travels as a bearer token", async () => {
  const { chrome, fetch } = setup({
    stored: { sendHtml: true, apiKey: "k-123", backendUrl: "https://prov.example/base/" },
    granted: ["https://prov.example/*"],
  });
  await click(chrome);
  const collect = chrome.calls.sent.find((s) => s.message.type === "pl:collect");
  assert.equal(collect.message.sendHtml, true);
  assert.equal(fetch.calls[0].url, "https://prov.example/base/v1/score");
  assert.deepEqual(fetch.calls[0].body, { url: PAGE.url, html: PAGE.html });
  assert.equal(fetch.calls[0].init.headers.Authorization, "Bearer k-123");
  // The old /report?url= page would ask for the key, and a link cannot carry it: none.
  const shown = chrome.calls.sent.find((s) => s.message.type === "pl:show");
  assert.equal(shown.message.view.reportUrl, undefined);
  assert.equal(shown.message.view.fullReport, undefined);
  assert.deepEqual(await message(chrome, { type: "openReport" }), { ok: false });
  assert.deepEqual(chrome.calls.created, []);
});

test("Full report opens the report's own page (report_url) from the extension, keys or not", async () => {
  for (const apiKey of ["", "k-123"]) {
    const { chrome } = setup({
      stored: { apiKey, backendUrl: "https://prov.example/base" },
      granted: ["https://prov.example/*"],
      respond: () => jsonResponse(200, report({ report_url: "/report/r-0a1b2c" })),
    });
    await click(chrome);
    const shown = chrome.calls.sent.find((s) => s.message.type === "pl:show");
    assert.equal(shown.message.view.fullReport, true);
    assert.doesNotMatch(JSON.stringify(shown.message.view), /prov\.example/);
    const sender = { id: chrome.runtime.id, tab: { id: TAB, index: 2 }, url: PAGE.url };
    assert.deepEqual(await message(chrome, { type: "openReport" }, sender), { ok: true });
    assert.deepEqual(plain(chrome.calls.created), [
      { url: "https://prov.example/base/report/r-0a1b2c", openerTabId: TAB, index: 3 },
    ]);
    // Another tab has no report shown, so nothing opens for it.
    const other = { id: chrome.runtime.id, tab: { id: TAB + 1, index: 0 }, url: PAGE.url };
    assert.deepEqual(await message(chrome, { type: "openReport" }, other), { ok: false });
    // A new page in the tab forgets the report page.
    chrome.tabs.onUpdated.fire(TAB, { status: "loading" });
    assert.deepEqual(await message(chrome, { type: "openReport" }, sender), { ok: false });
  }
});

test("Full report still opens after the service worker went idle and came back", async () => {
  const { chrome, fetch } = setup({ respond: () => jsonResponse(200, report({ report_url: "/report/r-1" })) });
  await click(chrome);
  // A new service worker: nothing in memory, the same browser session.
  const again = fakeChrome({ page: PAGE });
  again.storage.session = chrome.storage.session;
  loadBackground(again, fetch);
  const sender = { id: again.runtime.id, tab: { id: TAB, index: 0 }, url: PAGE.url };
  assert.deepEqual(await message(again, { type: "openReport" }, sender), { ok: true });
  assert.equal(again.calls.created[0].url, "http://127.0.0.1:8000/report/r-1");
});

test("a report_url that is not a path on the server is ignored", async () => {
  for (const bad of ["https://evil.example/x", "//evil.example/x", "javascript:alert(1)", "/a\\b"]) {
    const { chrome } = setup({
      stored: { apiKey: "k" },
      respond: () => jsonResponse(200, report({ report_url: bad })),
    });
    const view = await click(chrome);
    assert.equal(view.reportUrl, null, bad);
  }
});

test("without permission for the backend nothing is sent and the reader is told why", async () => {
  const { chrome, fetch } = setup({
    stored: { backendUrl: "https://prov.example" },
    granted: ["http://127.0.0.1/*"],
  });
  const view = await click(chrome);
  assert.equal(fetch.calls.length, 0);
  assert.deepEqual(view, { kind: "no_permission", origin: "https://prov.example" });
});

test("backend failures become states the overlay can explain", async () => {
  const cases = [
    [() => Promise.reject(new TypeError("Failed to fetch")), { kind: "unreachable", backendUrl: "http://127.0.0.1:8000" }, "!"],
    [() => problem(429, "rate_limited", "slow down", { "Retry-After": "30" }), { kind: "rate_limited", retryAfter: 30 }, "!"],
    [() => problem(401, "unauthorized", "send an API key"), { kind: "unauthorized" }, "!"],
    [() => problem(502, "fetch_failed", "connection refused"), { kind: "page_unavailable", code: "fetch_failed", detail: "connection refused" }, "!"],
    [() => problem(400, "invalid_url", "not a URL"), { kind: "error", status: 400, code: "invalid_url", detail: "not a URL" }, "!"],
    [() => new Response("<h1>Bad gateway</h1>", { status: 502 }), { kind: "error", status: 502, code: "", detail: "The server answered with HTTP status 502." }, "!"],
    [() => jsonResponse(200, { hello: "world" }), { kind: "error", detail: "The server's answer was not a Provenance Lens report." }, "!"],
  ];
  for (const [respond, expected, badge] of cases) {
    const { chrome } = setup({ respond });
    assert.deepEqual(await click(chrome), expected, expected.kind);
    assert.equal(chrome.calls.badge[TAB].text, badge, expected.kind);
  }
});

test("a page that is not an article gets a dash on the badge, not a score", async () => {
  const { chrome } = setup({
    respond: () =>
      jsonResponse(200, report({ score: null, rating: null, not_scored: { code: "not_an_article", message: "Home page." } })),
  });
  const view = await click(chrome);
  assert.equal(view.kind, "report");
  assert.equal(chrome.calls.badge[TAB].text, "\u2013");
});

test("pages where scripts cannot run get a badge title, and nothing is sent", async () => {
  const { chrome, fetch } = setup({ tabs: { [TAB]: "forbidden" } });
  assert.deepEqual(await click(chrome), { kind: "cannot_run" });
  assert.equal(fetch.calls.length, 0);
  assert.match(chrome.calls.badge[TAB].title, /cannot run on this page/);
});

test("autoScore from a page is ignored in click mode and scores in auto mode", async () => {
  let s = setup();
  assert.deepEqual(await message(s.chrome, { type: "autoScore" }), { skipped: "mode" });
  assert.equal(s.fetch.calls.length, 0);

  s = setup({ stored: { mode: "auto" } });
  const view = await message(s.chrome, { type: "autoScore" });
  assert.equal(view.kind, "report");
  assert.equal(s.fetch.calls.length, 1);
  const shown = s.chrome.calls.sent.find((m) => m.message.type === "pl:show");
  assert.equal(shown.message.focus, false, "automatic scoring never takes the focus");
});

test("never on this site: stored, skipped automatically, and a click says it is off", async () => {
  const { chrome, fetch } = setup({ stored: { mode: "auto" } });
  assert.deepEqual(await message(chrome, { type: "neverOnSite" }), { ok: true, site: "news.example" });
  assert.deepEqual(plain(chrome.storage.current.neverSites), ["news.example"]);
  assert.deepEqual(await message(chrome, { type: "autoScore" }), { skipped: "site" });
  assert.deepEqual(await click(chrome), { kind: "site_off", site: "news.example" });
  assert.equal(fetch.calls.length, 0);

  // "Score this page anyway" from the overlay.
  const forced = await message(chrome, { type: "scoreTab", force: true });
  assert.equal(forced.kind, "report");
  assert.equal(fetch.calls.length, 1);
  // "Turn back on for this site".
  await message(chrome, { type: "allowSite" });
  assert.deepEqual(plain(chrome.storage.current.neverSites), []);
});

test("a content script can only score its own tab", async () => {
  const { chrome } = setup();
  await message(chrome, { type: "scoreTab", tabId: 99 });
  assert.ok(chrome.calls.executed.every((e) => e.target.tabId === TAB));
});

test("messages from other extensions and unknown messages are refused", async () => {
  const { chrome, fetch } = setup();
  const foreign = await message(chrome, { type: "scoreTab", tabId: TAB }, { id: "someone-else" });
  assert.equal(foreign, undefined);
  assert.deepEqual(await message(chrome, { type: "nope" }), { error: "unknown message" });
  assert.deepEqual(await message(chrome, { type: "toString" }), { error: "unknown message" });
  assert.equal(fetch.calls.length, 0);
});

test("switching to auto registers the article check on all pages; back to click removes it", async () => {
  const { chrome, bg } = setup();
  await chrome.storage.sync.set({ mode: "auto" });
  await bg.syncAutoScript();
  assert.equal(chrome.calls.registered.length, 1);
  const script = plain(chrome.calls.registered[0]);
  assert.deepEqual(script.matches, ["http://*/*", "https://*/*"]);
  assert.equal(script.js.at(-1), "auto.js");
  // Starting again while registered does not register twice.
  chrome.runtime.onStartup.fire();
  await bg.syncAutoScript();
  assert.equal(chrome.calls.registered.length, 1);
  await chrome.storage.sync.set({ mode: "click" });
  await bg.syncAutoScript();
  assert.equal(chrome.calls.registered.length, 0);
});

test("the options page's connection test asks /healthz; pages cannot use it", async () => {
  const { chrome, fetch } = setup({ respond: () => jsonResponse(200, { status: "ok" }) });
  // The options page open in a tab: it has a tab, but an extension URL.
  const options = { id: chrome.runtime.id, tab: { id: 3 }, url: "chrome-extension://test-extension-id/options.html" };
  assert.deepEqual(await message(chrome, { type: "checkBackend", backendUrl: "http://127.0.0.1:9/" }, options), { ok: true });
  assert.equal(fetch.calls[0].url, "http://127.0.0.1:9/healthz");
  const fromPage = await message(chrome, { type: "checkBackend", backendUrl: "http://10.0.0.1" });
  assert.deepEqual(fromPage, { ok: false, error: "not allowed" });
  assert.equal(fetch.calls.length, 1);
});

test("a new page load clears the tab's badge", async () => {
  const { chrome } = setup();
  await click(chrome);
  chrome.tabs.onUpdated.fire(TAB, { status: "loading" });
  await settle();
  assert.equal(chrome.calls.badge[TAB].text, "");
});
