/*
 * Provenance Lens settings: defaults, validation and the host-permission patterns they imply.
 * Loaded by the service worker (importScripts), the options page (<script>) and the node tests
 * (require), so it is a plain script that also exports itself as a CommonJS module.
 */
(function (root) {
  "use strict";

  const DEFAULTS = Object.freeze({
    backendUrl: "http://127.0.0.1:8000",
    apiKey: "",
    mode: "click", // "click": score only when the reader asks; "auto": article pages on load
    sendHtml: false, // false: the backend fetches the URL itself; true: send the page as seen
    neverSites: [], // host names the reader turned the extension off for
  });

  const MODES = ["click", "auto"];

  // What "auto" mode needs: the right to run the article check on every page the reader opens.
  const AUTO_ORIGINS = ["http://*/*", "https://*/*"];

  const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

  /** Check a backend address typed by the reader; returns {ok, url, warning} or {ok, error}. */
  function validateBackendUrl(input) {
    const text = String(input == null ? "" : input).trim();
    if (!text) {
      return fail(
        "Enter the address of your Provenance Lens server, for example http://127.0.0.1:8000.",
      );
    }
    let u;
    try {
      u = new URL(text);
    } catch (_e) {
      return fail(
        /^[\w.-]+(:\d+)?(\/|$)/.test(text)
          ? "The address must start with http:// or https://."
          : "That is not a web address. It should look like https://provenance.example.org.",
      );
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") {
      return fail("The address must start with http:// or https://.");
    }
    if (!u.hostname) return fail("The address needs a host name.");
    if (u.username || u.password) {
      return fail("Leave the user name and password out of the address; use the API key field.");
    }
    if (u.search || u.hash || text.includes("?") || text.includes("#")) {
      return fail("Give the server's base address, without ? or #.");
    }
    const url = (u.origin + u.pathname).replace(/\/+$/, "");
    const result = { ok: true, url };
    if (u.protocol === "http:" && !LOOPBACK.test(u.hostname)) {
      result.warning =
        "This server is reached over plain http: the addresses you score and your API key " +
        "would travel unencrypted. Use https:// if the server supports it.";
    }
    return result;
  }

  /** An API key goes into an HTTP header, so only visible ASCII is allowed. */
  function validateApiKey(input) {
    const key = String(input == null ? "" : input).trim();
    if (key && !/^[\x21-\x7e]+$/.test(key)) {
      return fail("The API key may only contain letters, digits and punctuation, without spaces.");
    }
    return { ok: true, key };
  }

  /** The match pattern for the backend's host; match patterns carry no port. */
  function originPattern(backendUrl) {
    const u = new URL(backendUrl);
    return `${u.protocol}//${u.hostname}/*`;
  }

  /** Host name of a page, lower-cased, without a leading "www.". */
  function siteOf(pageUrl) {
    try {
      const host = new URL(pageUrl).hostname.toLowerCase();
      return host.startsWith("www.") ? host.slice(4) : host;
    } catch (_e) {
      return "";
    }
  }

  /** Stored values merged over the defaults; anything malformed falls back to its default. */
  function normalize(stored) {
    const s = stored || {};
    const backend = validateBackendUrl(s.backendUrl);
    const key = validateApiKey(s.apiKey);
    return {
      backendUrl: backend.ok ? backend.url : DEFAULTS.backendUrl,
      apiKey: key.ok ? key.key : "",
      mode: MODES.includes(s.mode) ? s.mode : DEFAULTS.mode,
      sendHtml: typeof s.sendHtml === "boolean" ? s.sendHtml : DEFAULTS.sendHtml,
      neverSites: Array.isArray(s.neverSites)
        ? s.neverSites.filter((h) => typeof h === "string" && h)
        : [],
    };
  }

  /** The backend's human-readable report page for a URL. */
  function reportPageUrl(backendUrl, pageUrl) {
    return `${backendUrl}/report?url=${encodeURIComponent(pageUrl)}`;
  }

  function fail(error) {
    return { ok: false, error };
  }

  const api = {
    DEFAULTS,
    MODES,
    AUTO_ORIGINS,
    validateBackendUrl,
    validateApiKey,
    originPattern,
    siteOf,
    normalize,
    reportPageUrl,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ProvenanceSettings = api;
})(typeof self !== "undefined" ? self : this);
