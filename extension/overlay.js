/*
 * The overlay readers see: a small card with the score, and on demand a panel that explains it.
 *
 * Everything is built with createElement and textContent: strings from the page or the server
 * never become markup. The overlay lives in a closed shadow root on a host element of its own,
 * so page styles cannot reach in, overlay styles cannot leak out, and page scripts can neither
 * read nor rewrite it. Its controls act only on events the browser made from the reader's own
 * input (`isTrusted`): a page script cannot press them with synthetic events.
 */
(function (root) {
  "use strict";

  const Bands = root.ProvenanceBands || (typeof require === "function" && require("./bands.js"));

  const HOST_TAG = "provenance-lens-overlay";
  const HIGHLIGHT_NAME = "provenance-lens-evidence";

  // Inline and !important on the host: a page rule such as `* { display: none !important }`
  // matches the host too, and only inline !important declarations outrank it.
  const HOST_STYLE = [
    "all: initial !important",
    "display: block !important",
    "position: fixed !important",
    "margin: 0 !important",
    "padding: 0 !important",
    "border: 0 !important",
    "background: transparent !important",
    "overflow: visible !important",
    "width: auto !important",
    "height: auto !important",
    "visibility: visible !important",
    "opacity: 1 !important",
    "transform: none !important",
    "filter: none !important",
    "z-index: 2147483647 !important",
    "pointer-events: auto !important",
  ].join("; ");
  // The corner the overlay sits in: the reader can move it to the other side, and the content
  // script remembers the choice.
  const DOCKS = {
    right: "inset: auto 12px 12px auto !important",
    left: "inset: auto auto 12px 12px !important",
  };

  function hostStyle(dock) {
    return `${HOST_STYLE}; ${DOCKS[dock] || DOCKS.right}`;
  }

  /** Put the overlay in the `dock` corner ("left" or "right"). */
  function setDock(host, dock) {
    const side = DOCKS[dock] ? dock : "right";
    host.setAttribute("style", hostStyle(side));
    host.setAttribute("data-dock", side);
  }

  const CSS_TEXT = `
:host { all: initial; }
:host([data-dock="left"]) .pl { align-items: flex-start; }
.pl {
  --bg: #ffffff; --fg: #1f1f1f; --muted: #5c5c5c; --line: #d6d6d6; --soft: #f3f3f3;
  --focus: #0b57d0; --link: #0b57d0; --pos: #1b6e3a; --neg: #b3261e; --track: #e3e3e3;
  box-sizing: border-box; display: flex; flex-direction: column; align-items: flex-end; gap: 8px;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--fg); text-align: left; direction: ltr; letter-spacing: normal;
  max-width: min(420px, calc(100vw - 24px));
}
@media (prefers-color-scheme: dark) {
  .pl {
    --bg: #1f1f1f; --fg: #ececec; --muted: #b4b4b4; --line: #444444; --soft: #2a2a2a;
    --focus: #a8c7fa; --link: #a8c7fa; --pos: #6dd58c; --neg: #ffb4ab; --track: #3c3c3c;
  }
}
.pl *, .pl *::before, .pl *::after { box-sizing: border-box; }
.card, .panel {
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 10px;
  box-shadow: 0 4px 18px rgba(0, 0, 0, 0.22); width: 100%;
}
.card { display: flex; align-items: flex-start; gap: 10px; padding: 10px; }
.card-main { flex: 1 1 auto; min-width: 0; }
.badge {
  flex: none; display: inline-flex; align-items: center; justify-content: center;
  min-width: 44px; height: 44px; padding: 0 6px; border-radius: 8px;
  color: #ffffff; font-weight: 700; font-size: 20px; background: #5f6368;
}
.badge small { font-size: 11px; font-weight: 600; opacity: 0.9; margin-left: 1px; }
.title { display: block; font-weight: 700; font-size: 15px; margin: 0; }
.message { margin: 2px 0 0; color: var(--fg); }
.detail { margin: 4px 0 0; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.hint { display: block; color: var(--muted); font-size: 12px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
button, a { font: inherit; color: inherit; }
button {
  cursor: pointer; border: 1px solid var(--line); background: var(--soft); color: var(--fg);
  border-radius: 6px; padding: 4px 10px; min-height: 32px; text-align: left;
}
button:hover { border-color: var(--muted); }
a { color: var(--link); text-decoration: underline; }
button:focus-visible, a:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
.toggle {
  all: unset; cursor: pointer; display: flex; align-items: center; gap: 10px; flex: 1 1 auto;
  min-width: 0; border-radius: 8px;
}
.toggle:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.chevron { display: inline-block; margin-left: 4px; }
.dismiss, .move {
  flex: none; border: 0; background: transparent; font-size: 20px; line-height: 1;
  min-width: 32px; min-height: 32px; padding: 0; text-align: center; color: var(--muted);
}
.panel { padding: 12px 14px; max-height: calc(100vh - 110px); overflow: auto; }
.panel[hidden] { display: none; }
.panel h2 { font-size: 15px; margin: 0 0 6px; }
.panel h3 {
  font-size: 13px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--muted);
}
.note { margin: 0 0 10px; font-size: 13px; color: var(--muted); }
.arith { margin: 0 0 6px; font-size: 13px; color: var(--muted); }
.note .report-link {
  border: 0; background: none; padding: 0; min-height: 0; color: var(--link);
  text-decoration: underline;
}
ul { list-style: none; margin: 0; padding: 0; }
.groups li { display: grid; grid-template-columns: 7.5em 1fr auto; gap: 8px; align-items: center; }
.groups li + li { margin-top: 4px; }
.meter { height: 8px; border-radius: 4px; background: var(--track); overflow: hidden; }
.meter span { display: block; height: 100%; background: var(--fg); border-radius: 4px; }
.figure { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 13px; }
.finding {
  display: grid; grid-template-columns: 3em 1fr; gap: 8px; padding: 6px 0;
  border-top: 1px solid var(--line);
}
.points { font-weight: 700; font-variant-numeric: tabular-nums; text-align: right; }
.points.pos { color: var(--pos); }
.points.neg { color: var(--neg); }
.desc { margin: 0; }
.evidence { margin-top: 4px; }
.evidence li + li { margin-top: 4px; }
.evidence button { font-size: 13px; padding: 2px 8px; min-height: 28px; overflow-wrap: anywhere; }
.evidence .text { font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.evidence a { font-size: 13px; overflow-wrap: anywhere; }
.outlet-checks { margin: 6px 0 0; font-size: 13px; color: var(--muted); }
.outlet-pages li { display: grid; grid-template-columns: 1.2em 1fr; gap: 4px; padding: 2px 0; }
.outlet-pages .mark { font-weight: 700; text-align: center; }
.outlet-pages .present .mark { color: var(--pos); }
.outlet-pages .absent .mark { color: var(--neg); }
.outlet-pages .page-text { overflow-wrap: anywhere; }
.citation-checks { margin: 6px 0 0; font-size: 13px; }
.citation-checks .tally { margin: 0 0 4px; color: var(--muted); }
.cited li { display: grid; grid-template-columns: 1.2em 1fr; gap: 4px; padding: 3px 0; }
.cited .mark { font-weight: 700; text-align: center; }
.cited .good .mark { color: var(--pos); }
.cited .bad .mark { color: var(--neg); }
.cited button { font-size: 13px; padding: 2px 8px; min-height: 28px; overflow-wrap: anywhere; }
.cited .said, .cited .found { display: block; overflow-wrap: anywhere; }
.cited .found { color: var(--muted); }
.citation-checks summary { cursor: pointer; color: var(--link); margin: 4px 0; }
.lead-image { margin: 8px 0 0; font-size: 13px; }
.lead-image button { font-size: 13px; padding: 2px 8px; min-height: 28px; text-align: left; overflow-wrap: anywhere; }
.lead-image .text { overflow-wrap: anywhere; }
.footer { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 14px; }
.sr {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
@media (prefers-reduced-motion: no-preference) {
  .card, .panel { animation: pl-in 140ms ease-out; }
  @keyframes pl-in { from { opacity: 0; transform: translateY(6px); } to { opacity: 1; } }
}
@media (forced-colors: active) {
  .badge, .meter span { forced-color-adjust: none; }
  .card, .panel { border: 1px solid CanvasText; }
}
`;

  const PAGE_PROBLEMS = {
    fetch_failed: "The server could not download this page.",
    fetch_timeout: "The page took too long to download on the server.",
    too_large: "This page is too large for the server to score.",
    not_html: "This address is not a web page the server can score.",
    blocked_address: "The server does not fetch pages on local or private network addresses.",
  };
  const SEND_HTML_HINT =
    "Turning on \u201cSend the page as I see it\u201d in the options lets the server score " +
    "the page without downloading it.";

  /** What to say for each state other than a scored report: title, sentence, buttons. */
  function describe(view) {
    switch (view.kind) {
      case "loading":
        return {
          title: "Checking this page\u2026",
          message: "Asking the Provenance Lens server where this article comes from.",
          busy: true,
          actions: [],
        };
      case "not_article":
        return {
          title: "Not an article",
          message:
            "This page does not look like a single news article, so it gets no score: a " +
            "score here would mislead.",
          detail: view.message,
          actions: ["report"],
        };
      case "unreachable":
        return {
          title: "Server unreachable",
          message:
            `Provenance Lens cannot reach its server at ${view.backendUrl}. Check that the ` +
            "server is running, or change its address in the options.",
          actions: ["retry", "options"],
        };
      case "rate_limited": {
        const wait =
          typeof view.retryAfter === "number" && view.retryAfter > 0
            ? `Try again in ${formatWait(view.retryAfter)}.`
            : "Try again in a minute.";
        return {
          title: "Too many requests",
          message: `The Provenance Lens server is busy and asked us to slow down. ${wait}`,
          actions: ["retry"],
        };
      }
      case "unauthorized":
        return {
          title: "Not allowed",
          message:
            "The Provenance Lens server turned the request down: the API key is missing or " +
            "wrong. You can set it in the options.",
          actions: ["options"],
        };
      case "no_permission":
        return {
          title: "Permission needed",
          message:
            `Provenance Lens is not yet allowed to contact ${view.origin}. Open the options ` +
            "and press Save to allow it.",
          actions: ["options"],
        };
      case "page_unavailable":
        return {
          title: "Page not available to the server",
          message: `${PAGE_PROBLEMS[view.code] || "The server could not load this page."} ${
            view.code === "too_large" || view.code === "not_html" ? "" : SEND_HTML_HINT
          }`.trim(),
          detail: view.detail,
          actions: ["retry", "options"],
        };
      case "site_off":
        return {
          title: "Off on this site",
          message: `You turned Provenance Lens off on ${view.site}.`,
          actions: ["scoreAnyway", "allowSite"],
        };
      default:
        return {
          title: "Something went wrong",
          message: "The page could not be scored. Try again in a moment.",
          detail: view.detail,
          actions: ["retry"],
        };
    }
  }

  function formatWait(seconds) {
    const s = Math.ceil(seconds);
    if (s < 90) return `${s} second${s === 1 ? "" : "s"}`;
    const m = Math.ceil(s / 60);
    return `${m} minute${m === 1 ? "" : "s"}`;
  }

  /** Create the host element and its closed shadow root. The caller keeps the root: nobody
   *  else can reach it. Any element already carrying the host's name is not ours to trust (a
   *  page can make one), so it goes. */
  function mount(doc, dock = "right") {
    for (const existing of doc.querySelectorAll(HOST_TAG)) existing.remove();
    // Made in an inert document, where no custom element the page defined under this name runs
    // its code, and given its root before it joins the page: a page cannot get in first.
    const host = doc.implementation.createHTMLDocument("").createElement(HOST_TAG);
    setDock(host, dock);
    host.setAttribute("popover", "manual");
    const shadow = host.attachShadow({ mode: "closed" });
    // On documentElement, not body: pages replace or restyle body far more often.
    doc.documentElement.appendChild(host);
    // After it joined: a constructed sheet can only be adopted in its own document.
    applyStyles(doc, shadow);
    // The top layer keeps the overlay above the page and out of reach of opacity, filter or
    // transform set on the page's root element.
    if (typeof host.showPopover === "function") {
      try {
        host.showPopover();
      } catch (_e) {
        // Already shown, or popovers unsupported: the fixed position still applies.
      }
    }
    return { host, root: shadow };
  }

  function applyStyles(doc, shadow) {
    const view = doc.defaultView;
    if (view && typeof view.CSSStyleSheet === "function" && "adoptedStyleSheets" in shadow) {
      try {
        const sheet = new view.CSSStyleSheet();
        sheet.replaceSync(CSS_TEXT);
        shadow.adoptedStyleSheets = [sheet];
        return;
      } catch (_e) {
        // Fall back to a style element below.
      }
    }
    const style = doc.createElement("style");
    style.textContent = CSS_TEXT;
    shadow.appendChild(style);
  }

  /**
   * Draw `view` into the shadow root, replacing what was there.
   * `actions` holds the callbacks: dismiss, neverOnSite, openOptions, retry, scoreAnyway,
   * allowSite, showEvidence(quote) -> boolean.
   */
  function render(shadow, view, actions) {
    const doc = shadow.ownerDocument || shadow;
    const h = makeBuilder(doc);
    const old = shadow.querySelector(".pl");
    // A report redrawn in place (outlet checks came in) keeps the panel as the reader left it.
    const oldPanel = old && old.querySelector(".panel");
    const wasOpen = Boolean(oldPanel && !oldPanel.hidden);
    const hadFocus = Boolean(old && shadow.activeElement && old.contains(shadow.activeElement));
    const wasPending = (name) => Boolean(old && old.getAttribute(name) === "pending");
    if (old) old.remove();

    const live = h("div", { class: "sr", role: "status", "aria-live": "polite" });
    const container = h("div", {
      class: "pl",
      role: "region",
      "aria-label": "Provenance Lens",
      lang: "en",
      "data-kind": view.kind,
    });
    const report = view.kind === "report" ? view.report : null;
    const checks = report && outletChecksOf(report);
    let focusTarget = null;
    const cited = report && citationChecksOf(report);
    if (checks) container.setAttribute("data-outlet", checks.state);
    if (cited) container.setAttribute("data-citations", cited.state);
    if (report && report.not_scored) {
      const message = text(report.not_scored.message);
      container.appendChild(
        stateCard(h, { kind: "not_article", message }, view, actions, live),
      );
    } else if (report) {
      const panelId = "pl-panel";
      const panel = buildPanel(h, report, view, actions, live, panelId);
      const card = reportCard(h, report, view, panel, panelId, actions);
      container.append(card, panel);
      if (wasOpen) setExpanded(card.querySelector(".toggle"), panel, true, false);
      if (hadFocus) {
        focusTarget = wasOpen ? panel.querySelector("h2") : card.querySelector(".toggle");
      }
      const said = [];
      if (wasPending("data-outlet") && checks && checks.state !== "pending") {
        said.push(
          checks.state === "ready"
            ? "The outlet\u2019s pages have been checked; the report is updated."
            : "The outlet\u2019s pages could not be checked.",
        );
      }
      if (wasPending("data-citations") && cited && cited.state !== "pending") {
        said.push(CITATION_WORDS.done);
      }
      // Set after insertion so screen readers hear it.
      if (said.length && doc.defaultView) {
        doc.defaultView.setTimeout(() => (live.textContent = said.join(" ")), 100);
      }
      container.addEventListener("keydown", (event) => {
        if (event.isTrusted && event.key === "Escape" && !panel.hidden) {
          event.stopPropagation();
          setExpanded(card.querySelector(".toggle"), panel, false);
        }
      });
    } else {
      container.appendChild(stateCard(h, view, view, actions, live));
    }
    container.appendChild(live);
    shadow.appendChild(container);
    if (focusTarget) focusTarget.focus({ preventScroll: true });
    return container;
  }

  function reportCard(h, report, view, panel, panelId, actions) {
    const score = Number.isFinite(report.score) ? Math.round(report.score) : null;
    const label = text(report.rating_label) || "Scored";
    const badge = h("span", { class: "badge", "aria-hidden": "true" }, [
      score === null ? "?" : String(score),
      h("small", {}, "/100"),
    ]);
    badge.style.backgroundColor = Bands.colourOf(report.rating);
    const toggle = h(
      "button",
      {
        class: "toggle",
        type: "button",
        "aria-expanded": "false",
        "aria-controls": panelId,
      },
      [
        badge,
        h("span", { class: "card-main" }, [
          h("span", { class: "sr" }, `Provenance score ${score} out of 100: `),
          h("span", { class: "title" }, label),
          h("span", { class: "hint" }, [
            "Traceability, not truth \u00b7 ",
            h("span", { class: "toggle-text" }, "Show details"),
            h("span", { class: "chevron", "aria-hidden": "true" }, "\u25b4"),
          ]),
          outletPending(report) && view.outletRefresh === "watching"
            ? h("span", { class: "hint outlet-hint" }, "Checking the outlet\u2019s pages\u2026")
            : null,
        ]),
      ],
    );
    onPress(toggle, () => setExpanded(toggle, panel, panel.hidden));
    const card = h("div", { class: "card", "data-band": bandAttr(report.rating) }, [
      toggle,
      moveButton(h, actions, view),
      dismissButton(h, actions),
    ]);
    return card;
  }

  function setExpanded(toggle, panel, expanded, moveFocus = true) {
    panel.hidden = !expanded;
    toggle.setAttribute("aria-expanded", String(expanded));
    toggle.querySelector(".toggle-text").textContent = expanded ? "Hide details" : "Show details";
    toggle.querySelector(".chevron").textContent = expanded ? "\u25be" : "\u25b4";
    if (!moveFocus) return;
    if (expanded) panel.querySelector("h2").focus();
    else toggle.focus();
  }

  function buildPanel(h, report, view, actions, live, panelId) {
    const groups = Array.isArray(report.groups) ? report.groups : [];
    const findings = Array.isArray(report.findings) ? report.findings : [];
    const panel = h("section", {
      class: "panel",
      id: panelId,
      "aria-labelledby": "pl-panel-title",
    });
    panel.hidden = true;
    const heading = h(
      "h2",
      { id: "pl-panel-title", tabindex: "-1" },
      `${text(report.rating_label) || "Scored"}: ${report.score} out of 100`,
    );
    const note = h("p", { class: "note" }, [
      "The score measures how traceable this article is, not whether it is true. ",
    ]);
    if (view.fullReport) note.appendChild(reportButton(h, actions, "Full report"));
    panel.append(heading, note);
    const lead = leadImageLine(h, report, view, actions, live);
    if (lead) panel.appendChild(lead);

    const groupList = h("ul", { class: "groups", "aria-label": "Score by group" });
    for (const g of groups) {
      const score = Number(g.score) || 0;
      const max = Number(g.max) || 0;
      const pct = max > 0 ? Math.max(0, Math.min(100, (score / max) * 100)) : 0;
      const bar = h("span");
      bar.style.width = `${pct}%`;
      groupList.appendChild(
        h("li", {}, [
          h("span", {}, text(g.label) || text(g.id)),
          h(
            "span",
            {
              class: "meter",
              role: "meter",
              "aria-label": text(g.label) || text(g.id),
              "aria-valuemin": "0",
              "aria-valuemax": String(max),
              "aria-valuenow": String(score),
              "aria-valuetext": `${score} of ${max}`,
            },
            [bar],
          ),
          h("span", { class: "figure", "aria-hidden": "true" }, `${score} / ${max}`),
        ]),
      );
    }
    panel.appendChild(groupList);

    // Findings under their group, in the report's group order; unknown groups go last.
    const order = groups.map((g) => g.id);
    const byGroup = new Map();
    for (const f of findings) {
      const key = order.includes(f.group) ? f.group : text(f.group);
      if (!byGroup.has(key)) byGroup.set(key, []);
      byGroup.get(key).push(f);
    }
    // The outlet's checks go under the outlet group, which shows even without findings.
    const checks = outletChecksOf(report);
    if (checks && !byGroup.has(OUTLET_GROUP)) byGroup.set(OUTLET_GROUP, []);
    // So do the checks of the cited links, under the sourcing group.
    const cited = citationChecks(h, report, view, actions, live);
    if (cited && !byGroup.has(SOURCING_GROUP)) byGroup.set(SOURCING_GROUP, []);
    const keys = [
      ...order.filter((k) => byGroup.has(k)),
      ...[...byGroup.keys()].filter((k) => !order.includes(k)),
    ];
    for (const key of keys) {
      const group = groups.find((g) => g.id === key);
      const fallback = { [OUTLET_GROUP]: "Outlet", [SOURCING_GROUP]: "Sourcing" }[key] || text(key);
      const title = (group && text(group.label)) || fallback || "Other";
      const headingId = `pl-group-${keys.indexOf(key)}`;
      panel.appendChild(h("h3", { id: headingId }, title));
      const sum = arithmetic(h, group);
      if (sum) panel.appendChild(sum);
      const items = byGroup.get(key);
      if (items.length) {
        const list = h("ul", { class: "findings", "aria-labelledby": headingId });
        for (const f of items) list.appendChild(findingItem(h, f, actions, live));
        panel.appendChild(list);
      }
      if (key === OUTLET_GROUP && checks) panel.appendChild(outletChecks(h, checks, view));
      if (key === SOURCING_GROUP && cited) panel.appendChild(cited);
    }
    if (!findings.length) panel.appendChild(h("p", { class: "detail" }, "No findings."));

    panel.appendChild(
      h("div", { class: "footer" }, [
        actionButton(h, "Never on this site", actions.neverOnSite),
        actionButton(h, "Options", actions.openOptions),
      ]),
    );
    return panel;
  }

  function findingItem(h, f, actions, live) {
    const points = Number(f.points) || 0;
    const shown = points > 0 ? `+${points}` : points < 0 ? `\u2212${-points}` : "0";
    const li = h("li", { class: "finding", "data-rule": text(f.rule) }, [
      h(
        "span",
        {
          class: `points ${points > 0 ? "pos" : points < 0 ? "neg" : ""}`.trim(),
          "aria-label": `${points > 0 ? "plus " : points < 0 ? "minus " : ""}${Math.abs(points)} points`,
        },
        shown,
      ),
    ]);
    const body = h("div", {}, [h("p", { class: "desc" }, text(f.description) || text(f.rule))]);
    const evidence = Array.isArray(f.evidence) ? f.evidence : [];
    if (evidence.length) {
      const list = h("ul", { class: "evidence", "aria-label": "Evidence" });
      for (const e of evidence) list.appendChild(evidenceItem(h, e, actions, live));
      body.appendChild(list);
    }
    li.appendChild(body);
    return li;
  }

  function evidenceItem(h, e, actions, live) {
    const label = readable(
      text(e && e.text) || text(e && e.quote && e.quote.exact) || text(e && e.url),
    );
    const li = h("li");
    const quote = selectorOf(e && e.quote);
    if (quote) {
      li.appendChild(showButton(h, label, quote, safeUrl(e.url), actions, live));
    } else {
      // One control per item: a link when there is nowhere on the page to show (the quoted
      // words of a link are the link itself, on the page), else plain text.
      li.appendChild(safeLink(h, e && e.url, label) || h("span", { class: "text" }, label));
    }
    return li;
  }

  /** A text-quote selector ({exact, prefix, suffix}) worth looking for, or null. */
  function selectorOf(quote) {
    return quote && typeof quote === "object" && typeof quote.exact === "string" && quote.exact
      ? quote
      : null;
  }

  /** The one way the overlay shows a passage on the page (a finding's evidence, a citation's
   *  sentence): a button that asks the content script to highlight `quote`, preferring an
   *  occurrence in a link to `url`, and says in the live region whether it was found. */
  function showButton(h, label, quote, url, actions, live) {
    const button = h("button", { type: "button", class: "show" }, [
      label,
      h("span", { class: "sr" }, " (show on the page)"),
    ]);
    button.title = "Show on the page";
    onPress(button, () => {
      const found = actions.showEvidence ? actions.showEvidence(quote, url) : false;
      live.textContent = found
        ? `Highlighted on the page: ${quote.exact}`
        : "This passage is not on the page as shown; it may be hidden or have changed.";
    });
    return button;
  }

  /** The lead image's line: its Content Credentials in words and its credit; pressing it shows
   *  the image on the page. Null when the report has no lead image. */
  function leadImageLine(h, report, view, actions, live) {
    const lead = report.facts && report.facts.lead_image;
    if (!lead || typeof lead !== "object") return null;
    const creds = lead.credentials && typeof lead.credentials === "object" ? lead.credentials : null;
    const checks = report.image_checks && typeof report.image_checks === "object";
    const pending =
      (creds && creds.state === "pending") || (checks && report.image_checks.state === "pending");
    let words = "Content Credentials: not checked";
    if (pending && view.outletRefresh === "later") {
      words = "Content Credentials: still being checked; score the page again later";
    } else if (pending) {
      words = "Content Credentials: being checked";
    } else if (creds && text(creds.summary)) {
      words = text(creds.summary); // the server's sentence, shown as it is
    } else if (creds && creds.present === false) {
      words = "No Content Credentials";
    }
    const credit = lead.credit && typeof lead.credit === "object" ? text(lead.credit.text) : "";
    const label = `Lead image \u2014 ${clip(words, 300)}${credit ? ` \u00b7 Credit: ${clip(credit)}` : ""}`;
    const state = pending ? "pending" : text(creds && creds.state) || "unknown";
    const box = h("p", { class: "lead-image", "data-state": state });
    if (pending) box.setAttribute("role", "status");
    const url = safeUrl(lead.url);
    if (!url) {
      box.appendChild(h("span", { class: "text" }, label));
      return box;
    }
    const button = h("button", { type: "button", class: "show" }, [
      label,
      h("span", { class: "sr" }, " (show the image on the page)"),
    ]);
    button.title = "Show the image on the page";
    onPress(button, () => {
      const found = actions.showImage ? actions.showImage(url) : false;
      live.textContent = found
        ? "Highlighted the lead image on the page."
        : "The lead image is not on the page as shown.";
    });
    box.appendChild(button);
    return box;
  }

  // Where a fact came from, as the server names it (`*_source`), in words.
  const SOURCE_WORDS = {
    "json-ld": "the page\u2019s metadata",
    microdata: "the page\u2019s metadata",
    meta: "the page\u2019s metadata",
    opengraph: "the page\u2019s metadata",
    byline: "the byline",
    text: "the article text",
    title: "the page title",
    url: "the page address",
    link: "a link on the page",
    "known-outlets": "Provenance Lens\u2019s list of known outlets",
    "admin-list": "this server\u2019s list of outlets",
  };
  const ISO_DATE =
    /\b(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;
  const DATE_FORMAT = new Intl.DateTimeFormat(undefined, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

  /** A date as the reader's browser writes one ("23 October 2018", "October 23, 2018"): the
   *  calendar day the page stated, whatever the reader's time zone. */
  function readableDate(y, m, d) {
    const when = Date.UTC(Number(y), Number(m) - 1, Number(d));
    const date = new Date(when);
    if (Number.isNaN(when) || date.getUTCDate() !== Number(d)) return null;
    return DATE_FORMAT.format(date);
  }

  /** Server text in the words a reader uses: dates in their locale, "(from json-ld)" said in
   *  words, real arrows. Only the wording changes, never what it says. */
  function readable(value) {
    return value
      .replace(ISO_DATE, (all, y, m, d) => readableDate(y, m, d) || all)
      .replace(/\(from ([a-z-]+)\)/g, (all, source) =>
        SOURCE_WORDS[source] ? `(from ${SOURCE_WORDS[source]})` : all,
      )
      .replace(/ -> /g, " \u2192 ");
  }

  /** `value` in quotation marks, without doubling marks it already has. */
  function quoted(value) {
    const bare = value.replace(/^["\u201c\u201d\u2018\u2019\u00ab\u00bb']+|["\u201c\u201d\u2018\u2019\u00ab\u00bb']+$/g, "");
    return `\u201c${bare}\u201d`;
  }

  /** One line when a group's findings add up to more than its cap, or to less than nothing:
   *  the points shown are then not the sum of the points listed. */
  function arithmetic(h, group) {
    const raw = Number(group && group.raw);
    const max = Number(group && group.max);
    if (!group || typeof group.raw !== "number" || !Number.isFinite(raw) || !(max >= 0)) {
      return null;
    }
    const sum = `These findings add up to ${signed(raw)} ${Math.abs(raw) === 1 ? "point" : "points"}`;
    if (raw < 0) return h("p", { class: "arith" }, `${sum}; the group counts 0, its lowest.`);
    if (raw > max) return h("p", { class: "arith" }, `${sum}; the group counts at most ${max}.`);
    return null;
  }

  function signed(n) {
    return n < 0 ? `\u2212${-n}` : String(n);
  }

  const OUTLET_GROUP = "outlet";
  const OUTLET_STATES = ["pending", "ready", "failed"];
  // The kinds of policy page the server checks, in the order the panel lists them.
  const PAGE_KINDS = {
    about: "About",
    corrections: "Corrections",
    ethics: "Ethics and standards",
    ownership: "Ownership and funding",
    masthead: "Masthead",
    contact: "Contact",
  };
  const NEUTRAL = {
    unreachable: "could not be reached",
    not_html: "is not a web page",
    not_checked: "was not checked",
  };
  const SHOWN_ITEMS = 3;

  /** The report's outlet checks, when the server does them; absent when the admin turned
   *  them off, and then the overlay says nothing about them. */
  function outletChecksOf(report) {
    const checks = report && report.outlet_checks;
    if (!checks || typeof checks !== "object" || !OUTLET_STATES.includes(checks.state)) return null;
    return checks;
  }

  function outletPending(report) {
    const checks = outletChecksOf(report);
    return Boolean(checks && checks.state === "pending");
  }

  /** Pending, failed or ready: what the server found on the outlet's own pages. */
  function outletChecks(h, checks, view) {
    if (checks.state === "pending") {
      return h(
        "p",
        { class: "outlet-checks", role: "status", "aria-live": "polite", "data-state": "pending" },
        view.outletRefresh === "watching"
          ? "Checking the outlet\u2019s About and Corrections pages\u2026"
          : "The outlet\u2019s About and Corrections pages are still being checked. Score the " +
              "page again in a minute to include what they show.",
      );
    }
    if (checks.state === "failed") {
      const reason = text(checks.reason);
      return h(
        "p",
        { class: "outlet-checks", "data-state": "failed" },
        `Couldn\u2019t check the outlet\u2019s pages${reason ? `: ${reason}` : "."}`,
      );
    }
    const box = h("div", { class: "outlet-checks", "data-state": "ready" });
    const pages = checks.pages && typeof checks.pages === "object" ? checks.pages : {};
    const kinds = Object.keys(pages).filter((k) => pages[k] && typeof pages[k] === "object");
    const rank = (k) => {
      const i = Object.keys(PAGE_KINDS).indexOf(k);
      return i < 0 ? Object.keys(PAGE_KINDS).length : i;
    };
    kinds.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text(checks.checked_at));
    const when = day && readableDate(day[1], day[2], day[3]);
    const headingId = "pl-outlet-pages";
    box.appendChild(
      h(
        "p",
        { id: headingId },
        kinds.length
          ? `The outlet\u2019s own pages, as the server found them${when ? ` on ${when}` : ""}:`
          : "No About, Corrections or other policy pages of the outlet were found to check.",
      ),
    );
    if (!kinds.length) return box;
    const list = h("ul", { class: "outlet-pages", "aria-labelledby": headingId });
    for (const kind of kinds) list.appendChild(pageItem(h, kind, pages[kind]));
    box.appendChild(list);
    return box;
  }

  function pageItem(h, kind, page) {
    const status = text(page.status);
    const reason = text(page.reason);
    const name = PAGE_KINDS[kind] || text(kind);
    let cls = "neutral";
    let mark = "\u2013";
    let said;
    if (status === "ok") {
      cls = "present";
      mark = "\u2713";
      said = `the page is there${pageDetails(page)}.`;
    } else if (page.absent === true) {
      // The server says which statuses mean "not really there"; the overlay keeps no list.
      cls = "absent";
      mark = "\u2717";
      said = `linked but not really there${reason ? `: ${reason}` : "."}`;
    } else {
      said = `${NEUTRAL[status] || "was not checked"}${reason ? `: ${reason}` : "."}`;
    }
    const label = safeLink(h, page.url, name) || h("span", {}, name);
    return h("li", { class: cls, "data-kind": text(kind), "data-status": status }, [
      h("span", { class: "mark", "aria-hidden": "true" }, mark),
      h("span", { class: "page-text" }, [label, `: ${said}`]),
    ]);
  }

  /** What an existing page was read to show, as the server listed it. */
  function pageDetails(page) {
    const parts = [];
    const corrections = strings(page.corrections);
    if (corrections.length) {
      parts.push(
        `it lists ${corrections.length} dated correction${corrections.length === 1 ? "" : "s"} ` +
          `(${sample(corrections.map(readable))})`,
      );
    }
    const people = strings(page.people);
    if (people.length) {
      const who = people.length === 1 ? "person" : "people";
      parts.push(`it names ${people.length} ${who} (${sample(people)})`);
    }
    const owners = strings(page.owners);
    if (owners.length) {
      parts.push(`it says who owns or funds the outlet: ${quoted(clip(owners[0]))}`);
    }
    return parts.length ? `; ${parts.join("; ")}` : "";
  }

  function strings(value) {
    return Array.isArray(value) ? value.map(text).filter(Boolean) : [];
  }

  function sample(items) {
    const shown = items.slice(0, SHOWN_ITEMS).join(", ");
    return items.length > SHOWN_ITEMS ? `${shown}, \u2026` : shown;
  }

  const SOURCING_GROUP = "sourcing";
  // Everything the overlay says about the server's checks of cited links, in one place. Each
  // check reads as its outcome when the link did not lead to a readable page, else as its
  // verdict; a check without either (an older or partial answer) says only that it was checked.
  const CITATION_WORDS = {
    pending: "Checking this link\u2026",
    unchecked: "Not checked yet.",
    failed: "This link could not be checked",
    checked: "This link was checked.",
    outcome: {
      ok: "The link works.",
      missing: "This link leads to a missing page.",
      soft_404: "This link leads to a page that says it cannot be found.",
      home_redirect: "This link now leads to the site\u2019s home page, not to the cited page.",
      blocked: "The cited site did not let the server read this page.",
      not_html: "This link leads to a file, not a web page, so its text was not compared.",
      timeout: "The cited page took too long to answer.",
      unreachable: "The cited site could not be reached.",
    },
    verdict: {
      quote_found: "The quote was found on the cited page.",
      consistent: "The cited page contains the figures, names and dates this sentence gives.",
      no_match: "The cited page does not contain what it is cited for.",
      not_applicable: "The link works; this sentence has nothing specific to look for on it.",
    },
    after: "The cited page is dated after this article.",
    found: "On the cited page:",
    tally: {
      one: "{checked} of {total} link checked",
      other: "{checked} of {total} links checked",
    },
    watching: "Checking the cited links\u2026",
    later: "The rest are still being checked; score the page again in a minute to see them.",
    more: { one: "{n} more link", other: "{n} more links" },
    all: { one: "The cited link", other: "The {n} cited links" },
    done: "The cited links have been checked; the report is updated.",
  };
  // Outcomes that mean the cited page is not there (as opposed to not readable by the server).
  const DEAD_OUTCOMES = ["missing", "soft_404", "home_redirect"];
  const CHECK_STATES = ["pending", "ready", "failed"];

  /** `words.one` or `words.other`, with its {placeholders} filled in. */
  function counted(words, n, values) {
    const template = n === 1 ? words.one : words.other;
    return template.replace(/\{(\w+)\}/g, (all, key) =>
      key in values ? String(values[key]) : all,
    );
  }

  const CITATION_STATES = ["pending", "ready"]; // "off", or absent: nothing is said

  /** The report's citation checks, when the server does them. */
  function citationChecksOf(report) {
    const checks = report && report.citation_checks;
    return checks && typeof checks === "object" && CITATION_STATES.includes(checks.state)
      ? checks
      : null;
  }

  /** The body citations the server checked or is checking, in the report's order. */
  function checkedCitations(report) {
    const cites = report && report.facts && report.facts.citations;
    if (!Array.isArray(cites)) return [];
    const checked = (c) => c && c.check && typeof c.check === "object" ? c.check.state : null;
    return cites.filter((c) => CHECK_STATES.includes(checked(c)));
  }

  /** The cited page's date is a later calendar day than the article's. */
  function datedAfter(check, report) {
    const dates = report.facts && report.facts.dates;
    const cited = /^\d{4}-\d{2}-\d{2}/.exec(text(check.published));
    const own = /^\d{4}-\d{2}-\d{2}/.exec(text(dates && dates.published));
    return Boolean(cited && own && cited[0] > own[0]);
  }

  /** One check in words: its tone (good, bad, neutral, pending) and its sentences. `later`:
   *  the extension stopped waiting for the checks. */
  function citationSaid(check, report, later) {
    const W = CITATION_WORDS;
    if (check.state === "pending") {
      return { tone: "pending", said: [later ? W.unchecked : W.pending] };
    }
    if (check.state === "failed") {
      const reason = text(check.reason); // the server's words, as they are
      return { tone: "neutral", said: [`${W.failed}${reason ? `: ${reason}` : "."}`] };
    }
    const outcome = Object.prototype.hasOwnProperty.call(W.outcome, check.outcome)
      ? check.outcome
      : null;
    const support = check.support && typeof check.support === "object" ? check.support : {};
    const verdict = Object.prototype.hasOwnProperty.call(W.verdict, support.verdict)
      ? support.verdict
      : null;
    let tone = "neutral";
    let said = W.checked;
    if (outcome && outcome !== "ok") {
      tone = DEAD_OUTCOMES.includes(outcome) ? "bad" : "neutral";
      said = W.outcome[outcome];
    } else if (verdict) {
      tone = verdict === "no_match" ? "bad" : "good";
      said = W.verdict[verdict];
    } else if (outcome) {
      tone = "good";
      said = W.outcome.ok;
    }
    const all = [said];
    if (datedAfter(check, report)) {
      tone = "bad";
      all.push(W.after);
    }
    const found = verdict === "quote_found" || verdict === "consistent";
    const matched = found ? text(support.matched) : "";
    return { tone, said: all, matched, verified: verdict === "quote_found" && tone === "good" };
  }

  /** What the reader presses to see a citation's sentence in the page: the citing sentence's
   *  selector, else (a server that sends none) the link's own words in a link to its address. */
  function citingQuote(cite) {
    const context = cite.context && typeof cite.context === "object" ? cite.context : null;
    const sentence = selectorOf(context && context.selector);
    if (sentence) return { quote: sentence, url: null };
    const words = text(cite.text).trim();
    if (!words) return null;
    return { quote: { exact: words, prefix: "", suffix: "" }, url: safeUrl(cite.url) };
  }

  function citationItem(h, cite, { tone, said, matched }, actions, live) {
    const check = cite.check;
    const domain = text(cite.domain);
    const words = clip(text(cite.text).trim(), 80);
    const label = words && domain ? `${quoted(words)} (${domain})` : words || domain || "A link";
    const target = citingQuote(cite);
    const control = target
      ? showButton(h, label, target.quote, target.url, actions, live)
      : safeLink(h, cite.url, label) || h("span", {}, label);
    const body = h("span", {}, [control]);
    for (const sentence of said) body.appendChild(h("span", { class: "said" }, sentence));
    if (matched) {
      body.appendChild(
        h("span", { class: "found" }, `${CITATION_WORDS.found} ${quoted(clip(matched))}`),
      );
    }
    const marks = { good: "\u2713", bad: "\u2717", pending: "\u2026" };
    return h(
      "li",
      {
        class: tone,
        "data-state": text(check.state),
        "data-outcome": text(check.outcome),
        "data-verdict": text(check.support && check.support.verdict),
      },
      [h("span", { class: "mark", "aria-hidden": "true" }, marks[tone] || "\u2013"), body],
    );
  }

  /** The sourcing group's block about cited links: a tally, then the problems and the verified
   *  quotes, then the rest folded away. Null when there is nothing to say. */
  function citationChecks(h, report, view, actions, live) {
    const checks = citationChecksOf(report);
    const cites = checkedCitations(report);
    if (!checks && !cites.length) return null;
    const state = checks ? checks.state : "ready";
    const box = h("div", { class: "citation-checks", "data-state": state });
    const checked = Number(checks && checks.checked);
    const total = Number(checks && checks.total);
    const numbers = Number.isInteger(checked) && Number.isInteger(total) && total > 0;
    if (checks && !numbers && !cites.length) return null;
    const later = view.outletRefresh === "later";
    const tally = [];
    if (numbers) tally.push(counted(CITATION_WORDS.tally, total, { checked, total }));
    if (state === "pending") {
      tally.push(later ? CITATION_WORDS.later : CITATION_WORDS.watching);
    }
    if (tally.length) {
      const line = h("p", { class: "tally" }, tally.join(". "));
      if (state === "pending") {
        line.setAttribute("role", "status");
        line.setAttribute("aria-live", "polite");
      }
      box.appendChild(line);
    }
    const items = cites.map((cite) => ({ cite, said: citationSaid(cite.check, report, later) }));
    const first = items.filter((i) => i.said.tone === "bad");
    const verified = items.filter((i) => i.said.verified);
    const rest = items.filter((i) => !first.includes(i) && !verified.includes(i));
    const list = (entries) => {
      const ul = h("ul", { class: "cited", "aria-label": "Checked links" });
      for (const i of entries) ul.appendChild(citationItem(h, i.cite, i.said, actions, live));
      return ul;
    };
    const shown = [...first, ...verified];
    if (shown.length) box.appendChild(list(shown));
    if (rest.length) {
      const words = shown.length ? CITATION_WORDS.more : CITATION_WORDS.all;
      box.appendChild(
        h("details", { class: "more" }, [
          h("summary", {}, counted(words, rest.length, { n: rest.length })),
          list(rest),
        ]),
      );
    }
    return box;
  }

  function clip(value, max = 200) {
    return value.length > max ? `${value.slice(0, max - 1)}\u2026` : value;
  }

  function stateCard(h, state, view, actions, live) {
    const d = describe(state);
    const badgeText = state.kind === "not_article" ? "\u2013" : d.busy ? "\u2026" : "!";
    const badge = h("span", { class: "badge", "aria-hidden": "true" }, badgeText);
    const main = h("div", { class: "card-main" }, [
      h("p", { class: "title" }, d.title),
      h("p", { class: "message" }, d.message),
    ]);
    if (d.detail) main.appendChild(h("p", { class: "detail" }, text(d.detail)));
    const buttons = [];
    for (const name of d.actions) {
      if (name === "report") {
        if (view.fullReport) buttons.push(reportButton(h, actions, "Open the server's page for it"));
      } else {
        buttons.push(actionButton(h, ACTION_LABELS[name], actions[ACTION_CALLBACKS[name] || name]));
      }
    }
    if (buttons.length) main.appendChild(h("div", { class: "actions" }, buttons));
    const card = h("div", { class: "card", role: d.busy ? "status" : "alert" }, [
      badge,
      main,
      moveButton(h, actions, view),
      dismissButton(h, actions),
    ]);
    if (d.busy) card.setAttribute("aria-busy", "true");
    return card;
  }

  const ACTION_LABELS = {
    retry: "Try again",
    options: "Open options",
    scoreAnyway: "Score this page anyway",
    allowSite: "Turn back on for this site",
  };
  // Action names in describe() map onto the callbacks' names.
  const ACTION_CALLBACKS = { options: "openOptions" };

  /** Run `handler` when the reader presses `button`: mouse, touch, Enter or Space all end in a
   *  click the browser marks as trusted. Clicks a script made (`el.click()`, dispatchEvent)
   *  are ignored, so a page cannot press the overlay's buttons. */
  function onPress(button, handler) {
    button.addEventListener("click", (event) => {
      if (event.isTrusted) handler(event);
    });
  }

  function actionButton(h, label, callback) {
    const button = h("button", { type: "button" }, label);
    onPress(button, () => callback && callback());
    return button;
  }

  /** The server's page for this report. The extension opens it in a new tab: its address
   *  (the server's) never appears in the page. */
  function reportButton(h, actions, label) {
    const button = h("button", { type: "button", class: "report-link" }, label);
    onPress(button, () => actions.openReport && actions.openReport());
    return button;
  }

  /** Move the overlay to the other side of the window (and remember it): the reader decides
   *  what it may cover. */
  function moveButton(h, actions, view) {
    const toLeft = view.dock !== "left";
    const label = toLeft ? "Move to the left side" : "Move to the right side";
    const button = h(
      "button",
      { type: "button", class: "move", "aria-label": label, title: label },
      toLeft ? "\u21e4" : "\u21e5",
    );
    onPress(button, () => actions.move && actions.move(toLeft ? "left" : "right"));
    return button;
  }

  function dismissButton(h, actions) {
    const button = h(
      "button",
      { type: "button", class: "dismiss", "aria-label": "Dismiss for this page", title: "Dismiss" },
      "\u00d7",
    );
    onPress(button, () => actions.dismiss && actions.dismiss());
    return button;
  }

  /** Only http(s) links from the server become clickable; anything else stays text. */
  function safeUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      const u = new URL(value);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (_e) {
      return null;
    }
  }

  function safeLink(h, value, label) {
    const href = safeUrl(value);
    if (!href) return null;
    const a = h("a", { href, target: "_blank", rel: "noopener noreferrer" }, label);
    return a;
  }

  function bandAttr(rating) {
    return Object.prototype.hasOwnProperty.call(Bands.COLOURS, rating) ? rating : "other";
  }

  function text(value) {
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    return "";
  }

  function makeBuilder(ownerDoc) {
    const h = function (tag, attrs, children) {
      const el = ownerDoc.createElement(tag);
      for (const [name, value] of Object.entries(attrs || {})) el.setAttribute(name, value);
      const list = children == null ? [] : Array.isArray(children) ? children : [children];
      for (const child of list) {
        if (child == null) continue;
        el.appendChild(typeof child === "string" ? ownerDoc.createTextNode(child) : child);
      }
      return el;
    };
    h.doc = ownerDoc;
    return h;
  }

  const api = {
    HOST_TAG,
    HIGHLIGHT_NAME,
    HOST_STYLE,
    CSS_TEXT,
    mount,
    render,
    describe,
    setDock,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ProvenanceOverlay = api;
})(typeof self !== "undefined" ? self : this);
