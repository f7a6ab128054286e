"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { JSDOM } = require("jsdom");
const { read, settle } = require("./helpers.js");

/** The real options.html with settings.js and options.js, and a fake chrome. */
async function openOptions({ stored = {}, grant = true, granted = [] } = {}) {
  let sync = { ...stored };
  const requested = [];
  const chrome = {
    storage: {
      sync: {
        get: async () => ({ ...sync }),
        set: async (values) => {
          sync = { ...sync, ...values };
        },
      },
    },
    permissions: {
      request: ({ origins }) => {
        requested.push(JSON.parse(JSON.stringify(origins))); // out of the jsdom realm
        return Promise.resolve(grant);
      },
      contains: async ({ origins }) => origins.every((o) => granted.includes(o)),
    },
    runtime: { sendMessage: async () => ({ ok: true }) },
  };
  const { window } = new JSDOM(read("options.html"), {
    url: "chrome-extension://test-extension-id/options.html",
    runScripts: "outside-only",
  });
  window.chrome = chrome;
  window.eval(read("settings.js"));
  window.eval(read("options.js"));
  await window.provenanceOptionsReady;
  const doc = window.document;
  return {
    window,
    doc,
    requested,
    stored: () => sync,
    field: (id) => doc.getElementById(id),
    async save() {
      doc.getElementById("save").click();
      for (let i = 0; i < 5; i++) await settle();
    },
  };
}

test("the form shows the stored settings", async () => {
  const o = await openOptions({
    stored: { backendUrl: "https://prov.example", apiKey: "k1", mode: "auto", sendHtml: true, neverSites: ["a.example"] },
  });
  assert.equal(o.field("backendUrl").value, "https://prov.example");
  assert.equal(o.field("apiKey").value, "k1");
  assert.equal(o.field("mode-auto").checked, true);
  assert.equal(o.field("sendHtml").checked, true);
  assert.deepEqual([...o.doc.querySelectorAll("#never li span")].map((s) => s.textContent), ["a.example"]);
});

test("defaults: local server, score on click, URL only", async () => {
  const o = await openOptions();
  assert.equal(o.field("backendUrl").value, "http://127.0.0.1:8000");
  assert.equal(o.field("mode-click").checked, true);
  assert.equal(o.field("sendHtml").checked, false);
  assert.equal(o.field("never-empty").hidden, false);
});

test("an invalid address is explained next to the field and nothing is saved", async () => {
  const o = await openOptions({ stored: { backendUrl: "http://127.0.0.1:8000" } });
  o.field("backendUrl").value = "ftp://prov.example";
  await o.save();
  const error = o.field("backendUrl-error");
  assert.equal(error.hidden, false);
  assert.equal(error.textContent, "The address must start with http:// or https://.");
  assert.equal(o.field("backendUrl").getAttribute("aria-invalid"), "true");
  assert.equal(o.doc.activeElement, o.field("backendUrl"));
  assert.deepEqual(o.requested, []);
  assert.equal(o.stored().backendUrl, "http://127.0.0.1:8000");
  assert.match(o.field("status").textContent, /Nothing was saved/);
});

test("saving asks for the server's host permission, then stores the normalised settings", async () => {
  const o = await openOptions();
  o.field("backendUrl").value = "https://prov.example:8443/lens/";
  o.field("apiKey").value = " key-1 ";
  o.field("sendHtml").checked = true;
  await o.save();
  assert.deepEqual(o.requested, [["https://prov.example/*"]]);
  assert.deepEqual(o.stored(), {
    backendUrl: "https://prov.example:8443/lens",
    apiKey: "key-1",
    mode: "click",
    sendHtml: true,
  });
  assert.equal(o.field("status").textContent, "Saved.");
  assert.equal(o.field("backendUrl").value, "https://prov.example:8443/lens");
});

test("automatic scoring also asks for access to the pages the reader opens", async () => {
  const o = await openOptions();
  o.field("mode-auto").checked = true;
  await o.save();
  assert.deepEqual(o.requested, [["http://127.0.0.1/*", "http://*/*", "https://*/*"]]);
  assert.equal(o.stored().mode, "auto");
});

test("back in click mode, the reader learns that all-sites access is still granted", async () => {
  const o = await openOptions({ stored: { mode: "auto" }, granted: ["http://*/*", "https://*/*"] });
  o.field("mode-click").checked = true;
  await o.save();
  assert.equal(o.stored().mode, "click");
  assert.match(o.field("status").textContent, /still read all sites/);
});

test("a refused permission leaves the settings as they were", async () => {
  const o = await openOptions({ grant: false, stored: { backendUrl: "http://127.0.0.1:8000" } });
  o.field("backendUrl").value = "https://prov.example";
  await o.save();
  assert.equal(o.stored().backendUrl, "http://127.0.0.1:8000");
  assert.match(o.field("status").textContent, /Not saved: .*permission to contact https:\/\/prov\.example/);
});

test("a plain-http server on another machine is saved with a visible warning", async () => {
  const o = await openOptions();
  o.field("backendUrl").value = "http://prov.example";
  await o.save();
  assert.equal(o.field("backendUrl-warning").hidden, false);
  assert.match(o.field("backendUrl-warning").textContent, /unencrypted/);
  assert.equal(o.stored().backendUrl, "http://prov.example");
});

test("a bad API key is refused", async () => {
  const o = await openOptions();
  o.field("apiKey").value = "two words";
  await o.save();
  assert.equal(o.field("apiKey-error").hidden, false);
  assert.equal(o.doc.activeElement, o.field("apiKey"));
  assert.deepEqual(o.requested, []);
});

test("sites turned off can be turned back on", async () => {
  const o = await openOptions({ stored: { neverSites: ["a.example", "b.example"] } });
  const button = o.doc.querySelector('#never button[aria-label="Turn Provenance Lens back on for a.example"]');
  button.click();
  for (let i = 0; i < 3; i++) await settle();
  assert.deepEqual(o.stored().neverSites, ["b.example"]);
  assert.deepEqual([...o.doc.querySelectorAll("#never li span")].map((s) => s.textContent), ["b.example"]);
});
