/*
 * Runs after content.js on every page load when the reader chose automatic scoring. Only pages
 * that look like articles are offered to the service worker, which checks the settings again.
 */
if (globalThis.ProvenancePage.looksLikeArticle(document)) {
  chrome.runtime.sendMessage({ type: "autoScore" }).catch(() => undefined);
}
