/*
 * The content script: draws what the service worker tells it to, and reads the page when asked.
 * It never talks to the backend; the service worker does (see background.js).
 * Injected on a toolbar click, and on every page load in the automatic mode, so it guards
 * against being set up twice in the same page.
 */
(function () {
  "use strict";

  if (globalThis.__provenanceLensContent) return;
  globalThis.__provenanceLensContent = true;

  const Overlay = globalThis.ProvenanceOverlay;
  const Quote = globalThis.ProvenanceQuote;
  const Page = globalThis.ProvenancePage;
  const HOST = Overlay.HOST_TAG;

  let mounted = null;
  let shown = null; // the last view drawn, to redraw it when the reader moves the overlay

  // Which side of the window the reader put the overlay on, remembered across pages.
  const DOCK_KEY = "overlayDock";
  let dock = "right";
  chrome.storage.local
    .get(DOCK_KEY)
    .then((stored) => {
      const side = stored && stored[DOCK_KEY];
      if (side !== "left" || dock === side) return;
      dock = side;
      // Drawn already (the read is rarely slower than the first draw): move it there.
      if (mounted && shown) {
        Overlay.setDock(mounted.host, dock);
        Overlay.render(mounted.root, { ...shown, dock }, actions);
      }
    })
    .catch(() => undefined);

  function send(message) {
    return chrome.runtime.sendMessage(message).catch(() => undefined);
  }

  const actions = {
    dismiss: remove,
    neverOnSite() {
      send({ type: "neverOnSite" });
      remove();
    },
    openOptions: () => send({ type: "openOptions" }),
    openReport: () => send({ type: "openReport" }),
    move(side) {
      dock = side;
      chrome.storage.local.set({ [DOCK_KEY]: side }).catch(() => undefined);
      if (!mounted || !shown) return;
      Overlay.setDock(mounted.host, side);
      const container = Overlay.render(mounted.root, { ...shown, dock: side }, actions);
      const move = container.querySelector("button.move");
      if (move) move.focus({ preventScroll: true });
    },
    retry: () => send({ type: "scoreTab" }),
    scoreAnyway: () => send({ type: "scoreTab", force: true }),
    allowSite: () => send({ type: "allowSite" }).then(() => send({ type: "scoreTab" })),
    showEvidence(quote, url) {
      const range = Quote.findQuote(document, quote, {
        skip: (el) => el.localName === HOST,
        url,
      });
      if (!range) return false;
      highlight(range);
      return true;
    },
    showImage(url) {
      const img = leadImage(url);
      if (!img) return false;
      const range = document.createRange();
      range.selectNode(img);
      highlight(range, img);
      return true;
    },
  };

  /** The page's <img> the report's lead image is: its src, current source or a srcset
   *  candidate is the same address (fragment aside). */
  function leadImage(url) {
    const want = sameAddress(url);
    if (!want) return null;
    for (const img of document.images) {
      if (img.closest(HOST)) continue;
      const candidates = [img.currentSrc, img.src];
      for (const part of (img.getAttribute("srcset") || "").split(",")) {
        const src = part.trim().split(/\s+/)[0];
        if (src) candidates.push(src);
      }
      if (candidates.some((c) => c && sameAddress(c) === want)) return img;
    }
    return null;
  }

  function sameAddress(value) {
    try {
      const u = new URL(value, document.baseURI);
      u.hash = "";
      return u.href;
    } catch (_e) {
      return null;
    }
  }

  function show(view, focus) {
    if (!mounted || !mounted.host.isConnected) mounted = Overlay.mount(document, dock);
    shown = view;
    const container = Overlay.render(mounted.root, { ...view, dock }, actions);
    if (focus) {
      const first = container.querySelector("button.toggle, .actions button, button");
      if (first) first.focus({ preventScroll: true });
    }
  }

  function remove() {
    clearHighlight();
    if (mounted) mounted.host.remove();
    mounted = null;
    shown = null;
    send({ type: "overlayClosed" }); // no more waiting for outlet checks in this tab
  }

  /** Open on the page it was scored for: a refresh for another page, or after ×, is dropped. */
  function openFor(url) {
    return Boolean(mounted && mounted.host.isConnected) && url === location.href;
  }

  /** Highlight `range` and scroll to `element` (by default, the element the range starts in).
   *  A range around an element (an image) is selected instead: a custom highlight paints only
   *  text, while the browser tints a selected image. */
  function highlight(range, element) {
    const target = element || range.startContainer.parentElement;
    const reduce = matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (target) target.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
    if (!element && globalThis.CSS && CSS.highlights && typeof Highlight === "function") {
      CSS.highlights.set(Overlay.HIGHLIGHT_NAME, new Highlight(range));
    } else {
      clearHighlight(); // one thing marked at a time
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  function clearHighlight() {
    if (globalThis.CSS && CSS.highlights) CSS.highlights.delete(Overlay.HIGHLIGHT_NAME);
  }

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message) return false;
    if (message.type === "pl:collect") {
      show({ kind: "loading" });
      const page = { url: location.href };
      if (message.sendHtml) page.html = Page.pageHtml(document, HOST);
      sendResponse(page);
    } else if (message.type === "pl:show") {
      if (message.refresh && !openFor(message.url)) {
        sendResponse(false);
        return false;
      }
      show(message.view, Boolean(message.focus));
      sendResponse(true);
    } else if (message.type === "pl:open") {
      sendResponse(openFor(message.url));
    }
    return false;
  });
})();
