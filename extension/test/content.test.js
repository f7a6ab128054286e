// The content script in a jsdom page: it tells the service worker whether its overlay is open,
// drops refreshes meant for another page or a dismissed overlay, and says when it is closed.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { dom, plain, press, read, recordShadowRoots } = require("./helpers.js");
const { report } = require("./fixtures.js");

const FILES = ["bands.js", "quote.js", "overlay.js", "page.js", "content.js"];
const ID = "test-extension-id";
const PENDING = { state: "pending", domain: "news.example", poll: "/v1/outlets/news.example", retry_after: 3 };

function load(local = {}) {
  const { window } = dom(undefined, { runScripts: "outside-only" });
  const listeners = [];
  const sent = [];
  window.chrome = {
    runtime: {
      id: ID,
      onMessage: { addListener: (fn) => listeners.push(fn) },
      sendMessage: async (message) => {
        sent.push(message);
        return undefined;
      },
    },
    storage: {
      local: {
        get: async (key) => (key in local ? { [key]: local[key] } : {}),
        set: async (values) => Object.assign(local, values),
      },
    },
  };
  // The overlay's root is closed; the test, privileged like the browser, records it.
  const roots = recordShadowRoots(window);
  for (const file of FILES) window.eval(read(file));
  /** A message from the service worker; resolves to the content script's answer. */
  const message = (msg) =>
    new Promise((resolve) => {
      const open = listeners[0](msg, { id: ID }, resolve);
      if (!open) setImmediate(() => resolve(undefined));
    });
  const host = () => window.document.querySelector("provenance-lens-overlay");
  const root = () => roots.get(host());
  const shown = () => host() && root().querySelector(".pl");
  return { window, message, sent, host, root, shown, local };
}

const view = (outlet_checks) => ({ kind: "report", report: report({ outlet_checks }), outletRefresh: "watching" });

test("the overlay is open only on the page it was scored for, and until it is dismissed", async () => {
  const { window, message, sent, host, root } = load();
  const url = window.location.href;
  assert.equal(await message({ type: "pl:open", url }), false, "nothing shown yet");
  assert.equal(await message({ type: "pl:show", view: view(PENDING), focus: false }), true);
  assert.equal(await message({ type: "pl:open", url }), true);
  assert.equal(await message({ type: "pl:open", url: `${url}#elsewhere` }), false);

  assert.equal(host().shadowRoot, null, "the page cannot reach the overlay");
  root().querySelector(".dismiss").click(); // a script's click does nothing
  assert.ok(host());
  press(root().querySelector(".dismiss"));
  assert.equal(host(), null);
  assert.deepEqual(plain(sent), [{ type: "overlayClosed" }]);
  assert.equal(await message({ type: "pl:open", url }), false);
});

test("a refresh redraws an open overlay, and is dropped for another page or after ×", async () => {
  const { window, message, shown, host, root } = load();
  const url = window.location.href;
  await message({ type: "pl:show", view: view(PENDING), focus: false });
  const ready = { ...PENDING, state: "ready", pages: {} };

  const other = { type: "pl:show", view: view(ready), refresh: true, url: "https://news.example/other" };
  assert.equal(await message(other), false);
  assert.equal(shown().getAttribute("data-outlet"), "pending");

  assert.equal(await message({ type: "pl:show", view: view(ready), refresh: true, url }), true);
  assert.equal(shown().getAttribute("data-outlet"), "ready");

  press(root().querySelector(".dismiss"));
  assert.equal(await message({ type: "pl:show", view: view(ready), refresh: true, url }), false);
  assert.equal(host(), null, "a dismissed overlay does not come back by itself");
  // The reader's own click still shows it.
  assert.equal(await message({ type: "pl:show", view: view(ready), focus: true }), true);
  assert.ok(host());
});

test("the reader moves the overlay to the other side, and it stays there on the next page", async () => {
  const first = load();
  await first.message({ type: "pl:show", view: view(PENDING), focus: false });
  assert.equal(first.host().getAttribute("data-dock"), "right");
  assert.match(first.host().getAttribute("style"), /inset: auto 12px 12px auto !important/);
  const move = first.root().querySelector("button.move");
  assert.equal(move.getAttribute("aria-label"), "Move to the left side");
  move.click(); // a script's click: nothing moves
  assert.equal(first.host().getAttribute("data-dock"), "right");
  press(move);
  assert.equal(first.host().getAttribute("data-dock"), "left");
  assert.match(first.host().getAttribute("style"), /inset: auto auto 12px 12px !important/);
  assert.equal(first.root().querySelector("button.move").getAttribute("aria-label"), "Move to the right side");
  assert.equal(first.root().activeElement, first.root().querySelector("button.move"));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(first.local, { overlayDock: "left" });

  // Another page, the same browser storage: the overlay opens where the reader left it.
  const next = load(first.local);
  await next.message({ type: "pl:show", view: view(PENDING), focus: false });
  assert.equal(next.host().getAttribute("data-dock"), "left");
  assert.match(next.host().getAttribute("style"), /inset: auto auto 12px 12px !important/);
});
