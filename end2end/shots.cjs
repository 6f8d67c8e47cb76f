// Screenshots of changed pages at 390 and 1280 px (not a test; run by hand).
const { chromium } = require("@playwright/test");
const BASE = process.env.BASE_URL;
const OUT = process.env.OUT || "/tmp/shots";
const pages = (process.env.PAGES || "").split(",").filter(Boolean);
(async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  for (const width of [390, 1280]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await ctx.newPage();
    // WHO=client signs in the demo agency client, else the demo admin.
    if (process.env.WHO === "client") {
      await page.goto(BASE + "/client/login");
      await page.getByLabel("Email").fill("klien@tiranyx.test");
      await page.getByLabel("Kata sandi").fill("demo-klien-tiranyx");
      await page.getByRole("button", { name: "Masuk ke portal" }).click();
      await page.waitForURL(/\/client$/);
    } else {
      await page.goto(BASE + "/admin/login");
      await page.getByLabel("Email").fill("admin@tiranyx.test");
      await page.getByLabel("Kata sandi").fill("demo-admin-tiranyx");
      await page.getByRole("button", { name: "Masuk" }).click();
      await page.waitForURL(/\/admin/);
    }
    for (const p of pages) {
      await page.goto(BASE + p);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(800);
      const name = p.replace(/[^a-z0-9]+/gi, "_") || "home";
      await page.screenshot({ path: `${OUT}/${name}-${width}.png`, fullPage: true });
    }
    await ctx.close();
  }
  await browser.close();
})();
