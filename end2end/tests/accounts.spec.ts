import { test, expect } from "@playwright/test";
import { axe, collectErrors, signedInMember } from "../support";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const OUTBOX = process.env.OUTBOX_DIR ?? "../data/outbox";

async function linkFromOutbox(to: string, path: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    let entries;
    try {
      entries = readdirSync(OUTBOX, { withFileTypes: true });
    } catch {
      entries = []; // the worker creates the folder with the first message
    }
    const files = entries
      .filter((f) => f.isFile() && f.name.endsWith(".eml"))
      .map((f) => join(OUTBOX, f.name));
    for (const file of files.sort().reverse()) {
      const raw = readFileSync(file, "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      if (!raw.includes(to)) continue;
      const m = raw.match(new RegExp(`https?://[^\\s"<>]+${path}\\?token=[0-9a-f]+`));
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no e-mail with ${path} for ${to} in ${OUTBOX}`);
}

test("register → verify from the outbox → log in → dashboard → profile → log out", async ({ page }) => {
  const errors = collectErrors(page);
  const email = `rina.${Date.now()}@example.id`;
  const password = "nasi goreng kampung pedas";

  const loaded: string[] = [];
  page.on("request", (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto("/register");
  await page.getByLabel("Nama").fill("Rina Wulandari");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Daftar" }).click();
  await expect(page.getByRole("status")).toContainText("Hampir selesai!");

  const link = await linkFromOutbox(email, "/verify-email");
  await page.goto(new URL(link).pathname + new URL(link).search);
  await page.getByRole("button", { name: "Verifikasi email saya" }).click();
  await expect(page).toHaveURL(/\/login\?terverifikasi=1/);
  await expect(page.getByRole("status")).toContainText("sudah terverifikasi");

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByLabel("Ingat saya selama 7 hari").check();
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Halo, Rina Wulandari!" })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === "trx_user")!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");
  expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 6 * 24 * 3600);

  // The dashboard is hydrated: client-side navigation and server actions.
  await expect(page.locator("main[data-hydrated=true]")).toBeAttached();
  // ... by the member area's own bundle (no admin code), named by its
  // content (hash-files), kept a year.
  const preloads = page.locator('link[rel="modulepreload"]');
  const bundle = await preloads.first().getAttribute("href");
  expect(bundle).toMatch(/^\/pkg\/tiranyx-member\.[\w-]{22}\.js$/);
  const wasm = await page.locator('link[rel="preload"][as="fetch"]').getAttribute("href");
  expect(wasm).toMatch(/^\/pkg\/tiranyx-member\.[\w-]{22}\.wasm$/);
  // The loader of the pages split out of the bundle: the overview needs
  // none of their code, so a first visit fetches no split file.
  const loader = await preloads.nth(1).getAttribute("href");
  expect(loader).toMatch(/^\/pkg\/__wasm_split\.[\w-]{22}\.js$/);
  expect(loaded.filter((url) => url.includes("/pkg/")).sort()).toEqual([bundle!, loader!, wasm!].sort());
  for (const file of [bundle!, loader!, wasm!]) {
    const res = await page.request.get(file, { headers: { "accept-encoding": "br" } });
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    // Precompressed by the release build (--precompress), and said to vary.
    expect(res.headers()["content-encoding"]).toBe("br");
    expect(res.headers()["vary"]).toContain("accept-encoding");
  }
  // A link out of the area (the member bundle has no public pages) loads
  // the page whole, and Back returns to the dashboard.
  await page.getByRole("navigation", { name: "Menu dashboard" }).getByRole("link", { name: "Tools" }).click();
  await expect(page.getByRole("link", { name: "Lihat produk" })).toBeVisible();
  // The tools page's code came in its own file when the page was first shown.
  expect(loaded.filter((url) => /^\/pkg\/split_\w*member_purchases\w*\.[\w-]{22}\.wasm$/.test(url))).toHaveLength(1);
  await page.getByRole("link", { name: "Lihat produk" }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).name)).toMatch(/\/products$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard\/tools$/);
  await expect(page.locator("main[data-hydrated=true]")).toBeAttached();
  await page.getByRole("navigation", { name: "Menu dashboard" }).getByRole("link", { name: "Profil & keamanan" }).click();
  await expect(page.getByRole("heading", { name: "Profil & keamanan" })).toBeVisible();
  await page.getByLabel("Nama").fill("Rina W.");
  await page.getByLabel("Nomor telepon").fill("0812 3456 7890");
  await page.getByRole("button", { name: "Simpan profil" }).click();
  await expect(page.getByText("Profil tersimpan.")).toBeVisible();
  expect(await axe(page)).toEqual([]);
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Halo, Rina W.!" })).toBeVisible();
  expect(await axe(page)).toEqual([]);
  await expect(page.getByRole("heading", { name: "Aktivitas terbaru" })).toBeVisible();

  await page.getByRole("button", { name: "Keluar" }).click();
  await expect(page).toHaveURL(/\/login\?keluar=1/);
  await page.goto("/dashboard/profile");
  await expect(page).toHaveURL(/\/login\?next=\/dashboard\/profile/);
  expect(errors).toEqual([]);
});

test("a page whose code cannot be fetched is loaded whole from the server", async ({ page }) => {
  const errors = collectErrors(page);
  const stamp = Date.now();
  await signedInMember(page, `kode.${stamp}@contoh.id`, "Sari Kode", `kopi-luwak-${stamp}`);
  await expect(page.locator("main[data-hydrated=true]")).toBeAttached();
  // The profile page's code cannot be fetched, also on the retry (a deploy
  // replaced the files this visit began with, or the network is down).
  let refused = 0;
  await page.route(/\/pkg\/split_\w*member_profile\w*\.[\w-]{22}\.wasm$/, (route) => {
    refused += 1;
    return route.abort();
  }, { times: 2 });
  await page.getByRole("navigation", { name: "Menu dashboard" }).getByRole("link", { name: "Profil & keamanan" }).click();
  await expect(page).toHaveURL(/\/dashboard\/profile$/);
  await expect(page.getByRole("heading", { name: "Profil & keamanan" })).toBeVisible();
  // Loaded whole, then hydrated with the code fetched again.
  await expect
    .poll(() => page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).name))
    .toMatch(/\/dashboard\/profile$/);
  await expect(page.locator("main[data-hydrated=true]")).toBeAttached();
  expect(refused).toBe(2);
  await page.getByLabel("Nama").fill("Sari K.");
  await page.getByRole("button", { name: "Simpan profil" }).click();
  await expect(page.getByText("Profil tersimpan.")).toBeVisible();
  // Only the refused fetch and its report, no panic.
  const unexpected = errors.filter(
    (e) => !/could not be loaded|Failed to load resource|Failed to fetch|net::ERR_FAILED|TypeError/.test(e),
  );
  expect(unexpected).toEqual([]);
});

test("the login page works without JavaScript and keeps next", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/dashboard/orders");
  await expect(page).toHaveURL(/\/login\?next=\/dashboard\/orders/);
  await page.getByLabel("Email").fill("tidak.ada@example.id");
  await page.getByLabel("Kata sandi").fill("salah sekali kata sandinya");
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("status")).toContainText("Email atau kata sandi salah.");
  await context.close();
});

test("auth pages meet WCAG 2.2 AA", async ({ page }) => {
  for (const path of ["/login", "/register", "/forgot-password", "/verify-email", "/reset-password?token=abc"]) {
    await page.goto(path);
    expect(await axe(page)).toEqual([]);
  }
});
