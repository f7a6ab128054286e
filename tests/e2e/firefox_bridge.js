/*
 * Drives Firefox for the pytest e2e tests (tests/e2e/firefox.py) through puppeteer-core over
 * WebDriver BiDi. One JSON command per line on stdin: {id, code, args}, where `code` is the
 * source of an async function (state, helpers, ...args); one JSON answer per line on stdout:
 * {id, value} or {id, error}. `state` keeps the browser and its page between commands.
 */
"use strict";

const path = require("node:path");
const readline = require("node:readline");

const puppeteer = require(
  require.resolve("puppeteer-core", { paths: [path.resolve(__dirname, "../../extension")] }),
);

const HOST = "provenance-lens-overlay";

const helpers = {
  puppeteer,

  /** Firefox with the unpacked extension installed as a temporary add-on. */
  async launch(state, { executable, extension, prefs }) {
    state.browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: executable,
      headless: true,
      // Lets the tests run privileged code in the browser window (chrome scope), as a toolbar
      // click does: WebDriver BiDi has no command for the extension's button.
      args: ["--remote-allow-system-access"],
      extraPrefsFirefox: { "xpinstall.signatures.required": false, ...prefs },
    });
    state.addonId = await state.browser.installExtension(extension);
    state.page = (await state.browser.pages())[0] || (await state.browser.newPage());
    return { pid: state.browser.process().pid, addonId: state.addonId };
  },

  /** Run `expression` (async code, `addonId` in scope) in the browser window's chrome scope. */
  async chrome(state, body, arg) {
    const connection = state.browser.connection;
    const tree = await connection.send("browsingContext.getTree", { "moz:scope": "chrome" });
    const context = tree.result.contexts[0].context;
    const expression = `(async (addonId, arg) => {
      const { ExtensionParent } = ChromeUtils.importESModule(
        "resource://gre/modules/ExtensionParent.sys.mjs");
      const extension = ExtensionParent.GlobalManager.getExtension(addonId);
      const win = Services.wm.getMostRecentWindow("navigator:browser");
      ${body}
    })(${JSON.stringify(state.addonId)}, ${JSON.stringify(arg === undefined ? null : arg)})`;
    const answer = await connection.send("script.evaluate", {
      target: { context },
      expression,
      awaitPromise: true,
      resultOwnership: "none",
    });
    if (answer.result.type === "exception") {
      throw new Error(answer.result.exceptionDetails.text);
    }
    const { BidiDeserializer } = require(
      require.resolve("puppeteer-core/lib/cjs/puppeteer/bidi/Deserializer.js", {
        paths: [path.resolve(__dirname, "../../extension")],
      }),
    );
    return BidiDeserializer.deserialize(answer.result.result);
  },

  /** The overlay's closed shadow root as a handle, or null. WebDriver BiDi serializes shadow
   *  roots of every mode when asked (`includeShadowTree: "all"`); page scripts cannot. */
  async overlayRoot(state) {
    const realm = state.page.mainFrame().mainRealm();
    const answer = await realm.realm.callFunction(
      `() => document.querySelector(${JSON.stringify(HOST)})`,
      true,
      {
        serializationOptions: { maxDomDepth: 0, includeShadowTree: "all" },
        resultOwnership: "root",
      },
    );
    const value = answer.result && answer.result.value;
    return value && value.shadowRoot ? realm.createHandle(value.shadowRoot) : null;
  },
};

const state = {};
const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(() => run(line));
});
lines.on("close", async () => {
  await queue;
  if (state.browser) await state.browser.close().catch(() => undefined);
  process.exit(0);
});

async function run(line) {
  const { id, code, args } = JSON.parse(line);
  let answer;
  try {
    const fn = (0, eval)(`(${code})`);
    const value = await fn(state, helpers, ...(args || []));
    answer = { id, value: value === undefined ? null : value };
  } catch (e) {
    answer = { id, error: String((e && e.stack) || e) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
