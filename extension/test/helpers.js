// Shared by the tests: a fake `chrome` API, the real background.js loaded in node:vm, and jsdom
// documents. (node --test also runs this file; it defines no tests.)
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { JSDOM } = require("jsdom");
// jsdom's own wrapper<->implementation map: the way to dispatch an event it marks as trusted.
const idl = require(path.join(path.dirname(require.resolve("jsdom")), "generated/idl/utils.js"));

const EXT = path.resolve(__dirname, "..");

function event() {
  const listeners = [];
  return {
    listeners,
    addListener: (fn) => listeners.push(fn),
    fire: (...args) => listeners.map((fn) => fn(...args)),
  };
}

/** A fake of the chrome.* calls the extension makes, recording what happened. */
function fakeChrome({ stored = {}, granted = ["http://127.0.0.1/*"], page, tabs = {} } = {}) {
  const calls = {
    inserted: [],
    executed: [],
    sent: [],
    badge: {},
    registered: [],
    opened: 0,
    created: [],
  };
  let sync = { ...stored };
  let registered = [];
  const onChanged = event();
  const chrome = {
    calls,
    runtime: {
      id: "test-extension-id",
      getURL: (path) => `chrome-extension://test-extension-id/${path}`,
      onMessage: event(),
      onInstalled: event(),
      onStartup: event(),
      openOptionsPage: async () => {
        calls.opened++;
      },
      sendMessage: async () => undefined,
    },
    action: {
      onClicked: event(),
      setBadgeText: async ({ tabId, text }) => {
        calls.badge[tabId] = { ...calls.badge[tabId], text };
      },
      setBadgeBackgroundColor: async ({ tabId, color }) => {
        calls.badge[tabId] = { ...calls.badge[tabId], color };
      },
      setBadgeTextColor: async () => {},
      setTitle: async ({ tabId, title }) => {
        calls.badge[tabId] = { ...calls.badge[tabId], title };
      },
    },
    storage: {
      sync: {
        get: async () => JSON.parse(JSON.stringify(sync)),
        set: async (values) => {
          const changes = {};
          for (const [k, v] of Object.entries(values)) changes[k] = { oldValue: sync[k], newValue: v };
          sync = { ...sync, ...JSON.parse(JSON.stringify(values)) };
          onChanged.fire(changes, "sync");
        },
      },
      session: (() => {
        const session = {};
        return {
          get: async (key) => (key in session ? { [key]: session[key] } : {}),
          set: async (values) => Object.assign(session, values),
          remove: async (key) => delete session[key],
        };
      })(),
      onChanged,
      get current() {
        return sync;
      },
    },
    permissions: {
      contains: async ({ origins }) => origins.every((o) => granted.includes(o)),
    },
    scripting: {
      insertCSS: async (details) => {
        if (tabs[details.target.tabId] === "forbidden") throw new Error("Cannot access page");
        calls.inserted.push(details);
      },
      executeScript: async (details) => {
        calls.executed.push(details);
        return [];
      },
      getRegisteredContentScripts: async ({ ids }) => registered.filter((s) => ids.includes(s.id)),
      registerContentScripts: async (scripts) => {
        for (const s of scripts) {
          if (registered.some((r) => r.id === s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        }
        registered = registered.concat(scripts);
        calls.registered = registered;
      },
      unregisterContentScripts: async ({ ids }) => {
        registered = registered.filter((s) => !ids.includes(s.id));
        calls.registered = registered;
      },
    },
    tabs: {
      onUpdated: event(),
      onRemoved: event(),
      create: async (details) => {
        calls.created.push(details);
        return { id: 1000 + calls.created.length, ...details };
      },
      sendMessage: async (tabId, message) => {
        calls.sent.push({ tabId, message });
        if (message.type === "pl:collect") {
          const p = page || { url: "https://news.example/world/story" };
          return message.sendHtml ? { ...p, html: p.html || "<html>page</html>" } : { url: p.url };
        }
        return true;
      },
    },
  };
  return chrome;
}

/** A fetch that records its calls and answers with `respond(url, init)`. */
function fakeFetch(respond) {
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, init, body: init && init.body ? JSON.parse(init.body) : undefined });
    return respond(url, init);
  };
  fn.calls = calls;
  return fn;
}

function jsonResponse(status, data, headers = {}) {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** Load the real background.js (and what it imports) into a fresh vm context. `globals`
 *  replaces some of what it sees (fake timers and clock). */
function loadBackground(chrome, fetch, globals = {}) {
  const context = {
    chrome,
    fetch,
    console,
    URL,
    AbortController,
    setTimeout,
    clearTimeout,
    Date,
    ...globals,
  };
  context.self = context;
  context.importScripts = (...files) => {
    for (const f of files) vm.runInContext(read(f), context, { filename: f });
  };
  vm.createContext(context);
  vm.runInContext(read("background.js"), context, { filename: "background.js" });
  return context;
}

function read(file) {
  return fs.readFileSync(path.join(EXT, file), "utf8");
}

/** Objects made inside the vm have another Object.prototype; compare plain copies. */
function plain(x) {
  return JSON.parse(JSON.stringify(x));
}

function dom(html = "<!doctype html><html><head></head><body></body></html>", options = {}) {
  return new JSDOM(html, { url: "https://news.example/world/story", ...options });
}

/** The reader's click: a click event the browser marks as trusted (`el.click()` and
 *  dispatchEvent from a script never are). */
function press(el) {
  const event = new el.ownerDocument.defaultView.MouseEvent("click", {
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  const impl = idl.implForWrapper(event);
  impl.isTrusted = true;
  idl.implForWrapper(el)._dispatch(impl);
}

/** A key the reader pressed (trusted), on `el`. */
function pressKey(el, key) {
  const event = new el.ownerDocument.defaultView.KeyboardEvent("keydown", {
    key,
    bubbles: true,
    composed: true,
  });
  const impl = idl.implForWrapper(event);
  impl.isTrusted = true;
  idl.implForWrapper(el)._dispatch(impl);
}

/** The closed shadow roots the page's scripts attach from now on, by host: the test, privileged
 * like the browser, can see inside them. */
function recordShadowRoots(window) {
  const roots = new Map();
  const attach = window.Element.prototype.attachShadow;
  window.Element.prototype.attachShadow = function (init) {
    const shadow = attach.call(this, init);
    roots.set(this, shadow);
    return shadow;
  };
  return roots;
}

/** `html` in a window running the real content scripts, with the overlay showing `view` (as the
 *  service worker's pl:show would). Returns the window, the overlay's closed root, and the
 *  elements the page scrolled to, in order. */
function showInPage(html, view) {
  const { window } = dom(html, { runScripts: "outside-only" });
  const listeners = [];
  window.chrome = {
    runtime: {
      id: "x",
      onMessage: { addListener: (fn) => listeners.push(fn) },
      sendMessage: async () => undefined,
    },
    storage: { local: { get: async () => ({}), set: async () => undefined } },
  };
  window.matchMedia = () => ({ matches: true });
  const scrolled = [];
  window.Element.prototype.scrollIntoView = function () {
    scrolled.push(this);
  };
  const roots = recordShadowRoots(window);
  for (const file of ["bands.js", "quote.js", "overlay.js", "page.js", "content.js"]) {
    window.eval(read(file));
  }
  listeners[0]({ type: "pl:show", view }, { id: "x" }, () => undefined);
  const root = roots.get(window.document.querySelector("provenance-lens-overlay"));
  return { window, root, scrolled };
}

/** Let pending promise callbacks run. */
function settle() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

module.exports = {
  EXT,
  fakeChrome,
  fakeFetch,
  jsonResponse,
  loadBackground,
  plain,
  dom,
  press,
  pressKey,
  read,
  recordShadowRoots,
  settle,
  showInPage,
};
