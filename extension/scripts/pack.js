#!/usr/bin/env node
/*
 * Build the store packages: dist/provenance-lens-<version>-chrome.zip for the Chrome Web Store
 * and dist/provenance-lens-<version>-firefox.zip for addons.mozilla.org.
 *
 * The Firefox package differs only in its manifest: Firefox runs MV3 background code as event
 * page scripts rather than a service worker, and wants its add-on id and data-collection
 * declaration. The zips are reproducible: sorted entries, fixed timestamps, no extra tools.
 *
 *   node scripts/pack.js [--out DIR]
 *   node scripts/pack.js --unpacked-firefox DIR    (the Firefox build as a folder)
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const ROOT = path.resolve(__dirname, "..");
const RUNTIME_EXTENSIONS = new Set([".js", ".json", ".html", ".css", ".png"]);
const NOT_SHIPPED = new Set(["package.json", "package-lock.json"]);

// 140: the first Firefox with both CSS custom highlights (the evidence highlight) and the
// data-collection declaration below; 142 is the first Firefox for Android with the latter.
const GECKO = {
  id: "provenance-lens@addons",
  strict_min_version: "140.0",
  // The page address (and, if the reader opts in, its HTML) goes to the server they configure.
  data_collection_permissions: { required: ["browsingActivity", "websiteContent"] },
};

/** The files the extension runs on: the top level and icons/, never tests or tooling. */
function runtimeFiles(root = ROOT) {
  const files = [];
  for (const dir of ["", "icons"]) {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (!entry.isFile() || NOT_SHIPPED.has(rel)) continue;
      if (RUNTIME_EXTENSIONS.has(path.extname(entry.name))) files.push(rel);
    }
  }
  return files.sort();
}

function firefoxManifest(manifest) {
  const out = JSON.parse(JSON.stringify(manifest));
  const worker = manifest.background.service_worker;
  // The service worker loads these with importScripts(); Firefox loads them in order instead.
  out.background = { scripts: ["settings.js", "bands.js", worker] };
  delete out.minimum_chrome_version;
  out.browser_specific_settings = { gecko: GECKO, gecko_android: { strict_min_version: "142.0" } };
  return out;
}

// --- a minimal, deterministic ZIP writer (deflate, no extra fields) ---

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01

function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, "utf8");
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(useDeflate ? 8 : 0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(0, 38); // external attributes
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const centralBuf = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBuf, end]);
}

/** The Firefox build as a folder (for `web-ext lint` and temporary installs). */
function unpackedFirefox(outDir, root = ROOT) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "manifest.json"), "utf8"));
  for (const name of runtimeFiles(root)) {
    fs.mkdirSync(path.dirname(path.join(outDir, name)), { recursive: true });
    const data =
      name === "manifest.json"
        ? `${JSON.stringify(firefoxManifest(manifest), null, 2)}\n`
        : fs.readFileSync(path.join(root, name));
    fs.writeFileSync(path.join(outDir, name), data);
  }
  return outDir;
}

/** Write both packages into outDir; returns their paths. */
function pack(outDir = path.join(ROOT, "dist"), root = ROOT) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "manifest.json"), "utf8"));
  const files = runtimeFiles(root).map((name) => ({
    name,
    data: fs.readFileSync(path.join(root, name)),
  }));
  const withManifest = (m) =>
    files.map((f) =>
      f.name === "manifest.json"
        ? { name: f.name, data: Buffer.from(`${JSON.stringify(m, null, 2)}\n`) }
        : f,
    );
  fs.mkdirSync(outDir, { recursive: true });
  const base = `provenance-lens-${manifest.version}`;
  const chrome = path.join(outDir, `${base}-chrome.zip`);
  const firefox = path.join(outDir, `${base}-firefox.zip`);
  fs.writeFileSync(chrome, zip(withManifest(manifest)));
  fs.writeFileSync(firefox, zip(withManifest(firefoxManifest(manifest))));
  return { chrome, firefox };
}

module.exports = { pack, unpackedFirefox, runtimeFiles, firefoxManifest, crc32 };

if (require.main === module) {
  const u = process.argv.indexOf("--unpacked-firefox");
  if (u > 0) {
    console.log(unpackedFirefox(path.resolve(process.argv[u + 1])));
    process.exit(0);
  }
  const i = process.argv.indexOf("--out");
  const out = i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
  const built = pack(out);
  for (const file of Object.values(built)) {
    console.log(`${path.relative(process.cwd(), file)}  ${fs.statSync(file).size} bytes`);
  }
}
