/*
 * The service worker: the only part of the extension that talks to the backend.
 *
 * Every request goes through one dispatcher, `dispatch(message, sender)`: the toolbar button,
 * the overlay's buttons (via runtime messages) and the options page all end up there.
 * Nothing leaves the browser until the reader clicks the toolbar button, unless they switched
 * on automatic scoring in the options.
 */
"use strict";

if (typeof importScripts === "function" && typeof ProvenanceSettings === "undefined") {
  // Chromium's service worker; Firefox loads the same files as background scripts.
  importScripts("settings.js", "bands.js");
}

const Settings = self.ProvenanceSettings;
const Bands = self.ProvenanceBands;

const CONTENT_FILES = ["bands.js", "quote.js", "overlay.js", "page.js", "content.js"];
const AUTO_SCRIPT_ID = "provenance-lens-auto";
const REQUEST_TIMEOUT_MS = 30000;
// While a report says its outlet's checks are pending, ask the backend's poll path about every
// 3 s (or as its Retry-After says), for at most a minute, and only while the overlay is open.
// Pending checks of the lead image or of the cited links have no poll path: the same wait
// scores the page again after the report's retry_after, until they are in.
const OUTLET_POLL_MS = 3000;
const OUTLET_POLL_MIN_MS = 1000;
const OUTLET_POLL_MAX_MS = 10000;
const OUTLET_WAIT_MS = 60000;
// Only the backend's own outlet endpoint: a report cannot send the extension anywhere else.
const OUTLET_POLL_PATH = /^\/v1\/outlets\/[A-Za-z0-9.:%\[\]-]{1,300}$/;
// A report's own page: a path on the configured server, never another host.
const REPORT_PATH = /^\/(?!\/)[A-Za-z0-9._~!$&'()*+,;=:@%\/?-]{0,500}$/;
const PAGE_PROBLEM_CODES = new Set([
  "fetch_failed",
  "fetch_timeout",
  "too_large",
  "not_html",
  "blocked_address",
]);

// User-origin CSS outranks any !important rule of the page. It keeps the overlay's host
// displayed even on a page that hides the root element, and keeps page ::backdrop rules off it.
const HOST_CSS = `
html:has(> provenance-lens-overlay) { display: block !important; }
provenance-lens-overlay { display: block !important; visibility: visible !important; }
provenance-lens-overlay::backdrop { display: none !important; }
`;
// The evidence highlight's colour. Author origin: Chromium does not paint ::highlight() rules
// from user-origin sheets (it computes them, but draws nothing).
const HIGHLIGHT_CSS =
  "::highlight(provenance-lens-evidence) { background-color: #ffd84d; color: #000; }";

async function getSettings() {
  return Settings.normalize(await chrome.storage.sync.get(null));
}

const handlers = {
  /** Score a tab: the toolbar button, the overlay's "Try again" and "Score anyway". */
  async scoreTab(message, sender) {
    // A content script may only ask for its own tab.
    const tabId = sender.tab ? sender.tab.id : message.tabId;
    return scoreTab(tabId, { force: Boolean(message.force), focus: true });
  },

  /** A page that looks like an article loaded while automatic scoring is on. */
  async autoScore(_message, sender) {
    if (!sender.tab) return { skipped: "no tab" };
    const settings = await getSettings();
    if (settings.mode !== "auto") return { skipped: "mode" };
    if (settings.neverSites.includes(Settings.siteOf(sender.url))) return { skipped: "site" };
    return scoreTab(sender.tab.id, { force: false, focus: false });
  },

  async neverOnSite(_message, sender) {
    const site = Settings.siteOf(sender.url);
    if (!site) return { ok: false };
    const { neverSites } = await getSettings();
    if (!neverSites.includes(site)) {
      await chrome.storage.sync.set({ neverSites: [...neverSites, site] });
    }
    if (sender.tab) await setBadge(sender.tab.id, null);
    return { ok: true, site };
  },

  async allowSite(message, sender) {
    const site = sender.tab ? Settings.siteOf(sender.url) : String(message.site || "");
    const { neverSites } = await getSettings();
    await chrome.storage.sync.set({ neverSites: neverSites.filter((s) => s !== site) });
    return { ok: true, site };
  },

  /** The reader closed the overlay (or turned the site off): stop waiting for outlet checks. */
  async overlayClosed(_message, sender) {
    if (!sender.tab) return { ok: false };
    stopOutletWait(sender.tab.id);
    return { ok: true };
  },

  /** The service worker's own poll timer (never a page): ask about a pending outlet check. */
  async pollOutlet(message, sender) {
    if (sender.id || sender.tab || sender.url) return { error: "not allowed" };
    const wait = outletWaits.get(message.tabId);
    if (!wait || wait.token !== message.token) return { skipped: "stale" };
    return pollOutlet(message.tabId, wait);
  },

  /** The overlay's "Full report": the extension opens the server's page for the report the
   *  tab shows, so the server's address never appears in the page. */
  async openReport(_message, sender) {
    const url = sender.tab ? await reportPageOf(sender.tab.id) : undefined;
    if (!url) return { ok: false };
    await chrome.tabs.create({ url, openerTabId: sender.tab.id, index: sender.tab.index + 1 });
    return { ok: true };
  },

  async openOptions() {
    await chrome.runtime.openOptionsPage();
    return { ok: true };
  },

  /** The options page's "Test connection": is there a Provenance Lens server at this address? */
  async checkBackend(message, sender) {
    if (!fromExtensionPage(sender)) return { ok: false, error: "not allowed" };
    const checked = Settings.validateBackendUrl(message.backendUrl);
    if (!checked.ok) return { ok: false, error: checked.error };
    try {
      const res = await timedFetch(`${checked.url}/healthz`, { method: "GET" });
      return res.ok
        ? { ok: true }
        : { ok: false, error: `The server answered with HTTP status ${res.status}.` };
    } catch (_e) {
      return { ok: false, error: `Nothing answered at ${checked.url}.` };
    }
  },
};

/** Options page (even when open in a tab), as opposed to a content script in a web page. */
function fromExtensionPage(sender) {
  return typeof sender.url === "string" && sender.url.startsWith(chrome.runtime.getURL(""));
}

/** The one dispatcher. Resolves to the handler's answer, or to {error} for unknown messages. */
async function dispatch(message, sender) {
  const type = message && typeof message.type === "string" ? message.type : "";
  if (!Object.prototype.hasOwnProperty.call(handlers, type)) return { error: "unknown message" };
  return handlers[type](message, sender || {});
}

/** What a toolbar click runs: the same dispatcher path as every other request. */
function onActionClicked(tab) {
  return dispatch({ type: "scoreTab", tabId: tab.id }, {});
}

/** Score a tab and show the result; `focus` moves keyboard focus to the overlay (the reader
 *  asked for it), which automatic scoring never does. */
async function scoreTab(tabId, { force, focus }) {
  stopOutletWait(tabId); // a new score for the tab replaces any wait for the old one
  const settings = await getSettings();
  let page;
  try {
    await chrome.scripting.insertCSS({ target: { tabId }, origin: "USER", css: HOST_CSS });
    await chrome.scripting.insertCSS({ target: { tabId }, origin: "AUTHOR", css: HIGHLIGHT_CSS });
    await chrome.scripting.executeScript({ target: { tabId }, files: CONTENT_FILES });
    page = await chrome.tabs.sendMessage(
      tabId,
      { type: "pl:collect", sendHtml: settings.sendHtml },
      { frameId: 0 },
    );
  } catch (_e) {
    // Browser pages, the extension store, PDFs: no content script may run there.
    const view = { kind: "cannot_run" };
    await setBadge(tabId, view);
    return view;
  }
  await setBadge(tabId, { kind: "loading" });
  const site = Settings.siteOf(page && page.url);
  let view =
    !force && settings.neverSites.includes(site)
      ? { kind: "site_off", site }
      : await requestScore(settings, page);
  if (startOutletWait(tabId, settings, page, view)) view = { ...view, outletRefresh: "watching" };
  await setBadge(tabId, view);
  try {
    await chrome.tabs.sendMessage(
      tabId,
      { type: "pl:show", view: await forPage(tabId, view), focus },
      { frameId: 0 },
    );
  } catch (_e) {
    // The reader navigated away meanwhile; the badge still tells the result.
    stopOutletWait(tabId);
  }
  return view;
}

// --- pending outlet checks ------------------------------------------------------------------

/** The view as the content script gets it: the report page's address stays with the service
 *  worker, and the overlay only learns that there is one. Kept in session storage (which
 *  content scripts cannot read) so that it outlives the service worker going idle. */
async function forPage(tabId, view) {
  const { reportUrl, ...shown } = view;
  await rememberReportPage(tabId, reportUrl);
  return reportUrl ? { ...shown, fullReport: true } : shown;
}

function reportPageKey(tabId) {
  return `reportPage:${tabId}`;
}

function rememberReportPage(tabId, url) {
  const key = reportPageKey(tabId);
  const store = chrome.storage.session;
  return (url ? store.set({ [key]: url }) : store.remove(key)).catch(() => undefined);
}

async function reportPageOf(tabId) {
  const key = reportPageKey(tabId);
  const stored = await chrome.storage.session.get(key);
  return stored ? stored[key] : undefined;
}

/** tabId -> the outlet check the overlay in that tab is waiting for. */
const outletWaits = new Map();
let outletTokens = 0;

/** The poll path of a report whose outlet checks are pending, or null. */
function pendingPoll(view) {
  const checks = view && view.kind === "report" && view.report ? view.report.outlet_checks : null;
  if (!checks || typeof checks !== "object" || checks.state !== "pending") return null;
  return typeof checks.poll === "string" && OUTLET_POLL_PATH.test(checks.poll)
    ? checks.poll
    : null;
}

// The report's checks that have no poll path: a new score is the only way to learn of them.
const RESCORED_CHECKS = ["image_checks", "citation_checks"];

/** The report's pending checks that only a new score brings in (lead image, cited links). */
function rescorePending(view) {
  const report = view && view.kind === "report" && view.report ? view.report : null;
  if (!report) return [];
  return RESCORED_CHECKS.map((key) => report[key]).filter(
    (checks) => checks && typeof checks === "object" && checks.state === "pending",
  );
}

/** The seconds the report says to wait: the outlet's, else the soonest of the others. */
function retryAfterOf(view, poll) {
  if (poll) return view.report.outlet_checks.retry_after;
  const waits = rescorePending(view)
    .map((checks) => checks.retry_after)
    .filter((s) => typeof s === "number" && s > 0);
  return waits.length ? Math.min(...waits) : null;
}

/** Start waiting for pending checks (outlet, lead image, cited links); false when nothing is
 *  pending. */
function startOutletWait(tabId, settings, page, view) {
  const poll = pendingPoll(view);
  if (!poll && !rescorePending(view).length) return false;
  const wait = {
    token: ++outletTokens,
    settings,
    page,
    view,
    poll,
    deadline: Date.now() + OUTLET_WAIT_MS,
    timer: null,
  };
  outletWaits.set(tabId, wait);
  schedulePoll(tabId, wait, retryAfterOf(view, poll));
  return true;
}

function schedulePoll(tabId, wait, seconds) {
  const ms = typeof seconds === "number" && seconds > 0 ? seconds * 1000 : OUTLET_POLL_MS;
  const delay = Math.min(OUTLET_POLL_MAX_MS, Math.max(OUTLET_POLL_MIN_MS, ms));
  wait.timer = setTimeout(() => {
    wait.timer = null;
    // Through the one dispatcher, like every other request.
    dispatch({ type: "pollOutlet", tabId, token: wait.token }, {}).catch(() =>
      stopOutletWait(tabId, wait),
    );
  }, delay);
}

/** Stop waiting in a tab (only for `wait`, when given). */
function stopOutletWait(tabId, wait) {
  const current = outletWaits.get(tabId);
  if (!current || (wait && current !== wait)) return;
  if (current.timer !== null) clearTimeout(current.timer);
  outletWaits.delete(tabId);
}

/** One poll: ask the backend about the outlet; on ready or failed, score the page again. */
async function pollOutlet(tabId, wait) {
  const current = () => outletWaits.get(tabId) === wait;
  if (Date.now() > wait.deadline) return giveUp(tabId, wait, "timeout");
  if (!(await overlayOpen(tabId, wait.page.url))) {
    stopOutletWait(tabId, wait);
    return { stopped: "closed" };
  }
  if (!current()) return { stopped: "superseded" };
  if (!wait.poll) return refresh(tabId, wait); // no poll path: score the page again
  let res = null;
  let data = null;
  try {
    res = await timedFetch(`${wait.settings.backendUrl}${wait.poll}`, {
      method: "GET",
      headers: apiHeaders(wait.settings.apiKey),
    });
    data = await res.json();
  } catch (_e) {
    // Unreachable for now, or not JSON: ask again while there is time.
  }
  if (!current()) return { stopped: "superseded" };
  const state = data && typeof data === "object" ? data.state : null;
  if (res && res.ok && (state === "ready" || state === "failed")) return refresh(tabId, wait);
  // 404 is "not known yet" (a server whose workers do not share outlet state may ask one that
  // has not heard of the check): pending, like 429 and 5xx, until the deadline. Other client
  // errors (401, 403, 400) will not change by asking again.
  if (res && !res.ok && res.status !== 404 && res.status !== 429 && res.status < 500) {
    return giveUp(tabId, wait, `HTTP ${res.status}`);
  }
  const retryAfter = res ? retryAfterSeconds(res.headers.get("Retry-After")) : null;
  if (Date.now() + OUTLET_POLL_MIN_MS > wait.deadline) return giveUp(tabId, wait, "timeout");
  schedulePoll(tabId, wait, retryAfter);
  return { state: state || "unknown" };
}

/** The checks are in: the same /v1/score request again, and the new report replaces the old. */
async function refresh(tabId, wait) {
  const view = await requestScore(wait.settings, wait.page);
  if (!outletWaits.has(tabId) || outletWaits.get(tabId) !== wait) return { stopped: "superseded" };
  outletWaits.delete(tabId);
  if (view.kind !== "report") {
    // Keep the report the reader has; the checks will be in the next time they score.
    await showRefreshed(tabId, wait, { ...wait.view, outletRefresh: "later" });
    return { stopped: view.kind };
  }
  const poll = pendingPoll(view);
  const rescore = rescorePending(view).length > 0;
  if (rescore && Date.now() + OUTLET_POLL_MIN_MS <= wait.deadline) {
    // The lead image or cited links are still being checked: show what is in, and keep
    // waiting in the same way.
    const next = { ...wait, view, poll, timer: null };
    outletWaits.set(tabId, next);
    const watching = { ...view, outletRefresh: "watching" };
    await setBadge(tabId, watching);
    await showRefreshed(tabId, next, watching);
    if (outletWaits.get(tabId) === next) schedulePoll(tabId, next, retryAfterOf(view, poll));
    return { state: "pending" };
  }
  const shown = poll || rescore ? { ...view, outletRefresh: "later" } : view;
  await setBadge(tabId, shown);
  await showRefreshed(tabId, wait, shown);
  return { refreshed: true };
}

/** No answer in time: the overlay says the checks will be in a later report. */
async function giveUp(tabId, wait, why) {
  stopOutletWait(tabId, wait);
  await showRefreshed(tabId, wait, { ...wait.view, outletRefresh: "later" });
  return { stopped: why };
}

/** Redraw the overlay, if it is still open on the same page; never takes the focus. */
async function showRefreshed(tabId, wait, view) {
  try {
    await chrome.tabs.sendMessage(
      tabId,
      {
        type: "pl:show",
        view: await forPage(tabId, view),
        focus: false,
        refresh: true,
        url: wait.page.url,
      },
      { frameId: 0 },
    );
  } catch (_e) {
    // The tab is gone.
  }
}

/** Is the overlay still open in the tab, on the page it was scored for? */
async function overlayOpen(tabId, url) {
  try {
    const open = await chrome.tabs.sendMessage(tabId, { type: "pl:open", url }, { frameId: 0 });
    return open === true;
  } catch (_e) {
    return false;
  }
}

/** Ask the backend to score a page; always resolves to a view for the overlay. */
async function requestScore(settings, page) {
  const { backendUrl, apiKey } = settings;
  if (!page || typeof page.url !== "string" || !/^https?:/i.test(page.url)) {
    return { kind: "error", detail: "Only web pages (http and https) can be scored." };
  }
  const originPattern = Settings.originPattern(backendUrl);
  if (!(await chrome.permissions.contains({ origins: [originPattern] }))) {
    return { kind: "no_permission", origin: new URL(backendUrl).origin };
  }
  const body = { url: page.url };
  if (settings.sendHtml && typeof page.html === "string") body.html = page.html;
  const headers = { "Content-Type": "application/json", ...apiHeaders(apiKey) };
  let res;
  try {
    res = await timedFetch(`${backendUrl}/v1/score`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
  } catch (_e) {
    return { kind: "unreachable", backendUrl };
  }
  let data = null;
  try {
    data = await res.json();
  } catch (_e) {
    data = null;
  }
  if (res.ok) {
    if (!isReport(data)) {
      return { kind: "error", detail: "The server's answer was not a Provenance Lens report." };
    }
    return { kind: "report", report: data, reportUrl: reportPage(settings, page.url, data) };
  }
  const code = data && typeof data.code === "string" ? data.code : "";
  const detail = data && typeof data.detail === "string" ? data.detail : "";
  if (res.status === 429 || code === "rate_limited") {
    return { kind: "rate_limited", retryAfter: retryAfterSeconds(res.headers.get("Retry-After")) };
  }
  if (res.status === 401 || res.status === 403 || code === "unauthorized") {
    return { kind: "unauthorized" };
  }
  if (PAGE_PROBLEM_CODES.has(code)) return { kind: "page_unavailable", code, detail };
  return {
    kind: "error",
    status: res.status,
    code,
    detail: detail || `The server answered with HTTP status ${res.status}.`,
  };
}

/** The server's page for a report: its `report_url` (a path on the server that renders exactly
 *  this report, and needs no key), or for older servers the page that scores the address again,
 *  which a key-protected server would refuse to a plain link. */
function reportPage(settings, pageUrl, report) {
  const path = report.report_url;
  if (typeof path === "string" && REPORT_PATH.test(path)) return `${settings.backendUrl}${path}`;
  return settings.apiKey ? null : Settings.reportPageUrl(settings.backendUrl, pageUrl);
}

/** What every request to the backend carries: what it accepts, and the API key when set. */
function apiHeaders(apiKey) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  return headers;
}

function isReport(data) {
  return (
    data !== null &&
    typeof data === "object" &&
    (data.score === null || typeof data.score === "number") &&
    Array.isArray(data.groups) &&
    Array.isArray(data.findings)
  );
}

/** Retry-After is either seconds or an HTTP date. */
function retryAfterSeconds(value) {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const when = Date.parse(value);
  return Number.isNaN(when) ? null : Math.max(0, Math.round((when - Date.now()) / 1000));
}

async function timedFetch(url, init) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch(url, {
      ...init,
      signal: controller.signal,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    });
  } finally {
    clearTimeout(timer);
  }
}

/** The toolbar icon's badge and tooltip for a view; null clears them. */
async function setBadge(tabId, view) {
  let text = "";
  let colour = Bands.NEUTRAL;
  let title = "Provenance Lens: score this page";
  if (view && view.kind === "report" && view.report.not_scored) {
    text = "\u2013";
    title = "Provenance Lens: not an article, so no score";
  } else if (view && view.kind === "report") {
    const r = view.report;
    text = String(r.score);
    colour = Bands.colourOf(r.rating);
    title = `Provenance Lens: ${r.score}/100, ${r.rating_label || r.rating}`;
  } else if (view && view.kind === "loading") {
    text = "\u2026";
    title = "Provenance Lens: checking this page";
  } else if (view && view.kind === "site_off") {
    title = "Provenance Lens is off on this site";
  } else if (view && view.kind === "cannot_run") {
    title = "Provenance Lens cannot run on this page";
  } else if (view) {
    text = "!";
    colour = Bands.COLOURS.very_weak;
    title = "Provenance Lens: this page could not be scored";
  }
  try {
    await chrome.action.setBadgeText({ tabId, text });
    await chrome.action.setBadgeBackgroundColor({ tabId, color: colour });
    if (chrome.action.setBadgeTextColor) {
      await chrome.action.setBadgeTextColor({ tabId, color: "#ffffff" });
    }
    await chrome.action.setTitle({ tabId, title });
  } catch (_e) {
    // The tab was closed meanwhile.
  }
}

/** Register the article check on every page while automatic scoring is on; remove it after. */
let syncing = Promise.resolve();
function syncAutoScript() {
  syncing = syncing.then(async () => {
    const { mode } = await getSettings();
    const registered = await chrome.scripting.getRegisteredContentScripts({
      ids: [AUTO_SCRIPT_ID],
    });
    if (mode === "auto" && !registered.length) {
      await chrome.scripting.registerContentScripts([
        {
          id: AUTO_SCRIPT_ID,
          matches: Settings.AUTO_ORIGINS,
          js: [...CONTENT_FILES, "auto.js"],
          runAt: "document_idle",
        },
      ]);
    } else if (mode !== "auto" && registered.length) {
      await chrome.scripting.unregisterContentScripts({ ids: [AUTO_SCRIPT_ID] });
    }
  });
  return syncing.catch(() => undefined);
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  dispatch(message, sender).then(sendResponse, (e) =>
    sendResponse({ error: String((e && e.message) || e) }),
  );
  return true; // the answer comes asynchronously
});
chrome.action.onClicked.addListener(onActionClicked);
chrome.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status !== "loading") return;
  stopOutletWait(tabId);
  rememberReportPage(tabId, null);
  setBadge(tabId, null);
});
chrome.tabs.onRemoved.addListener((tabId) => {
  stopOutletWait(tabId);
  rememberReportPage(tabId, null);
});
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "sync" && changes.mode) syncAutoScript();
});
chrome.runtime.onInstalled.addListener(syncAutoScript);
chrome.runtime.onStartup.addListener(syncAutoScript);
