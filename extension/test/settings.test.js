"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Settings = require("../settings.js");

test("a backend address is normalised: no trailing slash, path prefix kept", () => {
  assert.deepEqual(Settings.validateBackendUrl(" http://127.0.0.1:8000/ "), {
    ok: true,
    url: "http://127.0.0.1:8000",
  });
  assert.deepEqual(Settings.validateBackendUrl("https://Prov.Example/lens/"), {
    ok: true,
    url: "https://prov.example/lens",
  });
  assert.equal(Settings.validateBackendUrl("http://localhost:8000").warning, undefined);
  assert.equal(Settings.validateBackendUrl("http://[::1]:8000").warning, undefined);
});

test("plain http to another machine is allowed with a warning about the API key", () => {
  const r = Settings.validateBackendUrl("http://prov.example");
  assert.equal(r.ok, true);
  assert.match(r.warning, /unencrypted/);
});

test("bad backend addresses are refused with a sentence that says how to fix them", () => {
  const cases = [
    ["", /Enter the address of your Provenance Lens server/],
    ["   ", /Enter the address/],
    ["not a url", /not a web address/],
    ["127.0.0.1:8000", /must start with http:\/\/ or https:\/\//],
    ["ftp://prov.example", /must start with http:\/\/ or https:\/\//],
    ["javascript:alert(1)", /must start with http:\/\/ or https:\/\//],
    ["https://user:pw@prov.example", /use the API key field/],
    ["https://prov.example/?key=1", /without \? or #/],
    ["https://prov.example/#x", /without \? or #/],
    ["https://prov.example/?", /without \? or #/],
  ];
  for (const [input, message] of cases) {
    const r = Settings.validateBackendUrl(input);
    assert.equal(r.ok, false, input);
    assert.match(r.error, message, input);
  }
});

test("API keys must be header-safe", () => {
  assert.deepEqual(Settings.validateApiKey("  k-123_ABC.~  "), { ok: true, key: "k-123_ABC.~" });
  assert.deepEqual(Settings.validateApiKey(""), { ok: true, key: "" });
  for (const bad of ["two words", "line\nbreak", "caf\u00e9", "tab\tkey"]) {
    assert.equal(Settings.validateApiKey(bad).ok, false, JSON.stringify(bad));
  }
});

test("host permission patterns carry no port", () => {
  assert.equal(Settings.originPattern("http://127.0.0.1:8000"), "http://127.0.0.1/*");
  assert.equal(Settings.originPattern("https://prov.example/lens"), "https://prov.example/*");
  assert.equal(Settings.originPattern("http://[::1]:8000"), "http://[::1]/*");
});

test("stored settings fall back to safe defaults when malformed", () => {
  assert.deepEqual(Settings.normalize(undefined), {
    backendUrl: "http://127.0.0.1:8000",
    apiKey: "",
    mode: "click",
    sendHtml: false,
    neverSites: [],
  });
  assert.deepEqual(
    Settings.normalize({
      backendUrl: "javascript:alert(1)",
      apiKey: "bad key",
      mode: "always",
      sendHtml: "yes",
      neverSites: ["news.example", 3, ""],
    }),
    { backendUrl: "http://127.0.0.1:8000", apiKey: "", mode: "click", sendHtml: false, neverSites: ["news.example"] },
  );
  const ok = Settings.normalize({ backendUrl: "https://prov.example/", apiKey: "k", mode: "auto", sendHtml: true });
  assert.deepEqual([ok.backendUrl, ok.apiKey, ok.mode, ok.sendHtml], ["https://prov.example", "k", "auto", true]);
});

test("sites are host names without www", () => {
  assert.equal(Settings.siteOf("https://WWW.News.Example/a?b"), "news.example");
  assert.equal(Settings.siteOf("http://localhost:8080/"), "localhost");
  assert.equal(Settings.siteOf("not a url"), "");
});

test("the report page link encodes the article address", () => {
  assert.equal(
    Settings.reportPageUrl("http://127.0.0.1:8000", "https://news.example/a?b=1&c=2"),
    "http://127.0.0.1:8000/report?url=https%3A%2F%2Fnews.example%2Fa%3Fb%3D1%26c%3D2",
  );
});
