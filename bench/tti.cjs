// Time to interactive and bytes transferred on a first visit to a hydrated
// area, in headless Chromium (issue 17): signed in, browser cache emptied,
// then the page is opened and timed until its layout marks hydration done
// (`main[data-hydrated=true]`, set by an effect once the wasm has run).
// Not a test: run by hand against a release server, see bench/README.md.
//
//   BASE_URL=http://127.0.0.1:3000 NODE_PATH=end2end/node_modules node bench/tti.cjs
// The server must trust loopback as a proxy (TRUSTED_PROXIES=127.0.0.1) and
// run the demo content (DEMO_CONTENT=true), from a release build made with
// --precompress, like production.
const { chromium } = require("@playwright/test");
const BASE = process.env.BASE_URL || "http://127.0.0.1:3000";
const RUNS = Number(process.env.RUNS || 5);

// The demo client is also a member: it opens both /dashboard and /client.
const clientLogin = async (page) => {
  await page.goto(BASE + "/client/login");
  await page.getByLabel("Email").fill("klien@tiranyx.test");
  await page.getByLabel("Kata sandi").fill("demo-klien-tiranyx");
  await page.getByRole("button", { name: "Masuk ke portal" }).click();
  await page.waitForURL(/\/client$/);
};

const areas = [
  { page: "/dashboard", login: clientLogin },
  { page: "/client", login: clientLogin },
  {
    page: "/admin",
    login: async (page) => {
      await page.goto(BASE + "/admin/login");
      await page.getByLabel("Email").fill("admin@tiranyx.test");
      await page.getByLabel("Kata sandi").fill("demo-admin-tiranyx");
      await page.getByRole("button", { name: "Masuk" }).click();
      await page.waitForURL(/\/admin/);
    },
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
  });
  console.log("| page | time to interactive, median of " + RUNS + " (ms) | JS + wasm transferred (KiB) | everything transferred (KiB) |");
  console.log("|------|------:|------:|------:|");
  for (const area of areas) {
    const times = [];
    let scriptBytes = 0;
    let allBytes = 0;
    let pieces = [];
    for (let run = 0; run < RUNS; run++) {
      // A client address of its own per run (the server trusts loopback's
      // X-Forwarded-For, as behind nginx), so the login limits never stop
      // a run.
      const ctx = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${10 + run}` },
      });
      const page = await ctx.newPage();
      await area.login(page);
      const cdp = await ctx.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.clearBrowserCache");
      const types = new Map();
      let scripts = 0;
      let all = 0;
      const wasm = [];
      cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.response.url));
      cdp.on("Network.loadingFinished", (e) => {
        all += e.encodedDataLength;
        const url = types.get(e.requestId) || "";
        if (/\.(js|wasm)(\?|$)/.test(url)) scripts += e.encodedDataLength;
        // The pieces of a split bundle (cargo-leptos --split), by name
        // without the content hash: which areas' code this visit loaded.
        const piece = url.match(/\/pkg\/([\w-]+)\.[\w-]{22}\.wasm/);
        if (piece) wasm.push(`${piece[1]} ${(e.encodedDataLength / 1024).toFixed(1)}`);
      });
      const start = Date.now();
      await page.goto(BASE + area.page);
      await page.locator("main[data-hydrated=true]").waitFor({ state: "attached", timeout: 30_000 });
      times.push(Date.now() - start);
      await page.waitForLoadState("networkidle");
      scriptBytes = scripts;
      allBytes = all;
      pieces = wasm.sort();
      await ctx.close();
    }
    console.log(`| ${area.page} | ${median(times)} | ${(scriptBytes / 1024).toFixed(1)} | ${(allBytes / 1024).toFixed(1)} |`);
    console.error(`${area.page} loaded wasm (KiB transferred): ${pieces.join(", ")}`);
  }
  await browser.close();
})();
