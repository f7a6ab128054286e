"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");
const { pack, runtimeFiles, crc32 } = require("../scripts/pack.js");
const { EXT, read } = require("./helpers.js");

/** Read a zip's entries from its central directory, checking each CRC. */
function unzip(file) {
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, "end of central directory");
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    const data = method === 8 ? zlib.inflateRawSync(raw) : raw;
    assert.equal(crc32(data), crc, name);
    entries.set(name, data);
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

const temporary = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-pack-"));
  temporary.push(dir);
  return dir;
}
const out = tempDir();
const built = pack(out);
const chrome = unzip(built.chrome);
const firefox = unzip(built.firefox);
const manifestOf = (entries) => JSON.parse(entries.get("manifest.json").toString("utf8"));

test("both packages hold exactly the runtime files, never tests or tooling", () => {
  for (const entries of [chrome, firefox]) {
    assert.deepEqual([...entries.keys()], runtimeFiles());
    for (const name of entries.keys()) assert.doesNotMatch(name, /^(test|scripts|node_modules|dist)\/|package/);
    assert.deepEqual(entries.get("overlay.js"), fs.readFileSync(path.join(EXT, "overlay.js")));
  }
  assert.match(path.basename(built.chrome), /^provenance-lens-\d+\.\d+\.\d+-chrome\.zip$/);
});

test("every file the extension loads is in the package", () => {
  const manifest = manifestOf(chrome);
  const needed = [
    manifest.background.service_worker,
    manifest.options_ui.page,
    ...Object.values(manifest.icons),
    ...Object.values(manifest.action.default_icon),
  ];
  const background = read("background.js");
  const contentFiles = JSON.parse(/CONTENT_FILES = (\[[^\]]*\])/.exec(background)[1]);
  needed.push(...contentFiles, "auto.js");
  const imports = /importScripts\(([^)]*)\)/.exec(background)[1].match(/"[^"]+"/g).map((s) => JSON.parse(s));
  needed.push(...imports);
  for (const m of read("options.html").matchAll(/(?:src|href)="([^"]+)"/g)) needed.push(m[1]);
  for (const file of needed) assert.ok(chrome.has(file), file);
});

test("the Chrome manifest runs a service worker; the Firefox one runs the same code as scripts", () => {
  const c = manifestOf(chrome);
  const f = manifestOf(firefox);
  assert.equal(c.manifest_version, 3);
  assert.equal(c.background.service_worker, "background.js");
  assert.equal(c.browser_specific_settings, undefined);
  assert.equal(f.manifest_version, 3);
  assert.equal(f.background.service_worker, undefined);
  // The scripts the worker importScripts()s come first, in order, then the worker itself.
  const imports = /importScripts\(([^)]*)\)/.exec(read("background.js"))[1].match(/"[^"]+"/g).map((s) => JSON.parse(s));
  assert.deepEqual(f.background.scripts, [...imports, "background.js"]);
  assert.match(f.browser_specific_settings.gecko.id, /^[\w.-]+@[\w.-]+$/);
  assert.ok(f.browser_specific_settings.gecko.data_collection_permissions.required.includes("websiteContent"));
  assert.equal(f.minimum_chrome_version, undefined);
  const { background: _c, minimum_chrome_version: _m, ...chromeRest } = c;
  const { background: _f, browser_specific_settings: _b, ...firefoxRest } = f;
  assert.deepEqual(firefoxRest, chromeRest);
});

test("the manifest keeps permissions minimal and the extension pages' CSP strict", () => {
  const m = manifestOf(chrome);
  assert.deepEqual(m.permissions.sort(), ["activeTab", "scripting", "storage"]);
  assert.deepEqual(m.host_permissions, ["http://127.0.0.1/*"]);
  assert.deepEqual(m.optional_host_permissions, ["http://*/*", "https://*/*"]);
  assert.equal(m.content_scripts, undefined, "content scripts run only when asked");
  assert.equal(m.web_accessible_resources, undefined);
  const csp = m.content_security_policy.extension_pages;
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
});

test("packing is reproducible", () => {
  const again = pack(tempDir());
  assert.deepEqual(fs.readFileSync(again.chrome), fs.readFileSync(built.chrome));
  assert.deepEqual(fs.readFileSync(again.firefox), fs.readFileSync(built.firefox));
});

test.after(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});
