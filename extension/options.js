/*
 * The options page: edits the settings in chrome.storage.sync, validates the server address,
 * and asks the browser for the host permissions the chosen settings need.
 */
(function () {
  "use strict";

  const Settings = globalThis.ProvenanceSettings;
  const $ = (id) => document.getElementById(id);
  const form = $("options");
  const status = $("status");

  let current = Settings.normalize({});

  async function load() {
    current = Settings.normalize(await chrome.storage.sync.get(null));
    $("backendUrl").value = current.backendUrl;
    $("apiKey").value = current.apiKey;
    $(`mode-${current.mode}`).checked = true;
    $("sendHtml").checked = current.sendHtml;
    renderNeverSites(current.neverSites);
  }

  function renderNeverSites(sites) {
    const list = $("never");
    list.replaceChildren();
    $("never-empty").hidden = sites.length > 0;
    for (const site of sites) {
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "Turn back on";
      remove.setAttribute("aria-label", `Turn Provenance Lens back on for ${site}`);
      remove.addEventListener("click", async () => {
        const neverSites = current.neverSites.filter((s) => s !== site);
        await chrome.storage.sync.set({ neverSites });
        current.neverSites = neverSites;
        renderNeverSites(neverSites);
        say(`Provenance Lens is back on for ${site}.`);
      });
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = site;
      item.append(name, " ", remove);
      list.appendChild(item);
    }
  }

  function showFieldError(field, message) {
    const el = $(`${field}-error`);
    el.textContent = message || "";
    el.hidden = !message;
    $(field).setAttribute("aria-invalid", message ? "true" : "false");
  }

  function showWarning(message) {
    const el = $("backendUrl-warning");
    el.textContent = message || "";
    el.hidden = !message;
  }

  function say(message) {
    status.textContent = message;
  }

  /** Read and check the form; returns the values to store, or null after showing the errors. */
  function readForm() {
    const backend = Settings.validateBackendUrl($("backendUrl").value);
    const key = Settings.validateApiKey($("apiKey").value);
    showFieldError("backendUrl", backend.ok ? "" : backend.error);
    showFieldError("apiKey", key.ok ? "" : key.error);
    showWarning(backend.ok ? backend.warning : "");
    if (!backend.ok || !key.ok) {
      $(backend.ok ? "apiKey" : "backendUrl").focus();
      return null;
    }
    return {
      backendUrl: backend.url,
      apiKey: key.key,
      mode: $("mode-auto").checked ? "auto" : "click",
      sendHtml: $("sendHtml").checked,
    };
  }

  function onSubmit(event) {
    event.preventDefault();
    const values = readForm();
    if (!values) {
      say("Nothing was saved: please correct the address above.");
      return Promise.resolve(false);
    }
    const origins = [Settings.originPattern(values.backendUrl)];
    if (values.mode === "auto") origins.push(...Settings.AUTO_ORIGINS);
    // Requested straight from the click: browsers only grant permissions during a user gesture.
    return chrome.permissions.request({ origins }).then(async (granted) => {
      if (!granted) {
        say(
          values.mode === "auto"
            ? "Not saved: automatic scoring needs permission to read the pages you open, and " +
                "the server address needs permission to be contacted."
            : `Not saved: Provenance Lens needs your permission to contact ${new URL(values.backendUrl).origin}.`,
        );
        return false;
      }
      await chrome.storage.sync.set(values);
      current = { ...current, ...values };
      $("backendUrl").value = values.backendUrl;
      // Withdrawing the all-sites grant here would also withdraw the server's own host
      // permission (browsers treat http://*/* as covering it), so the reader is told instead.
      const allSites =
        values.mode === "click" &&
        (await chrome.permissions.contains({ origins: Settings.AUTO_ORIGINS }));
      say(
        allSites
          ? "Saved. Provenance Lens can still read all sites, from automatic scoring; you can " +
              "withdraw that in your browser's extension settings."
          : "Saved.",
      );
      return true;
    });
  }

  async function onTest() {
    const backend = Settings.validateBackendUrl($("backendUrl").value);
    showFieldError("backendUrl", backend.ok ? "" : backend.error);
    if (!backend.ok) return;
    say(`Contacting ${backend.url}\u2026`);
    const answer = await chrome.runtime.sendMessage({
      type: "checkBackend",
      backendUrl: backend.url,
    });
    say(answer && answer.ok ? `A server answered at ${backend.url}.` : answer.error);
  }

  form.addEventListener("submit", onSubmit);
  $("test").addEventListener("click", onTest);
  globalThis.provenanceOptionsReady = load();
})();
