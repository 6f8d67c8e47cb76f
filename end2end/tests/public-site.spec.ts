import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

const NAV = ["Layanan", "Portofolio", "Produk", "SaaS", "Blog", "Tentang", "Kontak"];
const FOOTER = ["Demo aplikasi", "Sumber daya", "Daftar tunggu", "Kebijakan privasi", "Disclaimer"];

async function visitEveryPage(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.goto("/");
  for (const name of NAV) {
    await page.getByRole("navigation", { name: "Navigasi utama" }).getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    seen.push(new URL(page.url()).pathname);
  }
  for (const name of FOOTER) {
    await page.locator("footer").getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    seen.push(new URL(page.url()).pathname);
  }
  // One detail page of each kind, reached by clicking through.
  for (const [list, card] of [
    ["/blog", "main li a"],
    ["/services", "main li a"],
    ["/products", "main li a"],
    ["/saas", "main li a"],
    ["/resources", "main li a"],
    ["/portfolio", "main li a"],
    ["/waitlist", "main li a"],
  ]) {
    await page.goto(list);
    await page.locator(card).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    seen.push(new URL(page.url()).pathname);
  }
  return seen;
}

test("every page is reachable from the navbar and footer, each with its own title", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const titles = new Set<string>();
  const paths = await visitEveryPage(page);
  expect(paths).toContain("/products");
  expect(paths).toContain("/privacy-policy");
  for (const path of paths) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    const title = await page.title();
    expect(titles.has(title), `duplicate title ${title}`).toBe(false);
    titles.add(title);
    expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toContain(path);
    // Headings never skip a level (h1 → h3 is what the W3C checker flags),
    // and no Rust source leaked into the page as text.
    const levels = await page.locator("h1, h2, h3, h4, h5, h6").evaluateAll((hs) =>
      hs.map((h) => Number(h.tagName.slice(1))),
    );
    levels.reduce((prev, level) => {
      expect(level, `${path}: h${prev} followed by h${level}`).toBeLessThanOrEqual(prev + 1);
      return level;
    }, 1);
    expect(await page.locator("main").innerText(), path).not.toMatch(/move \|\s*_?\s*\||on\s*:\s*click|=>/);
  }
});

test("public pages meet WCAG 2.2 AA and stay within the JavaScript budget", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const paths = await visitEveryPage(page);
  for (const path of ["/", "/contact", "/blog?halaman=2", ...paths]) {
    // The bodies are requested inside the handler and all awaited before
    // the check, so no script is missed for arriving after `off`.
    const bodies: Promise<Buffer>[] = [];
    const onResponse = (r: import("@playwright/test").Response) => {
      const type = r.request().resourceType();
      if (type === "script" || r.url().endsWith(".wasm")) {
        bodies.push(r.body());
      }
    };
    page.on("response", onResponse);
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    page.off("response", onResponse);
    const scriptBytes = (await Promise.all(bodies)).reduce((sum, b) => sum + b.length, 0);
    // Uncompressed bytes: an upper bound of the 50 KB (brotli) budget.
    expect(scriptBytes, `${path} loads ${scriptBytes} bytes of JS/wasm`).toBeLessThanOrEqual(50 * 1024);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    expect(results.violations.map((v) => `${path}: ${v.id}: ${v.help} (${v.nodes[0]?.target})`)).toEqual([]);
  }
});

test("contact form with JavaScript: inline errors, then success without a reload", async ({ page }) => {
  await page.goto("/contact");
  // A marker that a full page load would wipe out.
  await page.evaluate(() => ((window as any).__noReload = true));
  await page.getByLabel("Nama").fill("A");
  await page.getByLabel("Email").fill("bukan-email");
  await page.getByRole("button", { name: "Kirim pesan" }).click();
  await expect(page.locator('[data-error-for="name"]')).toHaveText("Nama minimal 2 karakter.");
  await expect(page.locator('[data-error-for="email"]')).toHaveText("Alamat email tidak valid.");
  await expect(page.locator('[data-error-for="message"]')).toHaveText("Pesan wajib diisi.");
  await expect(page.getByLabel("Nama")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Nama").fill("Rina Wulandari");
  await page.getByLabel("Email").fill(`rina+${Date.now()}@example.co.id`);
  await page.getByLabel("Pesan").fill("Halo, kami butuh website company profile baru bulan depan.");
  await page.getByRole("button", { name: "Kirim pesan" }).click();
  await expect(page.getByRole("status")).toContainText("Terima kasih! Pesanmu sudah kami terima");
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  await expect(page).toHaveURL(/\/contact$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("contact form posts as plain HTML: errors, then success", async ({ page }) => {
    await page.goto("/contact");
    await page.getByLabel("Nama").fill("A");
    await page.getByLabel("Email").fill("bukan-email");
    await page.getByLabel("Pesan").fill("pendek");
    await page.getByRole("button", { name: "Kirim pesan" }).click();
    await expect(page.locator('[data-error-for="name"]')).toHaveText("Nama minimal 2 karakter.");
    await expect(page.locator('[data-error-for="message"]')).toHaveText("Pesan minimal 10 karakter.");
    // What was typed is still there.
    await expect(page.getByLabel("Email")).toHaveValue("bukan-email");
    await page.getByLabel("Nama").fill("Rina Wulandari");
    await page.getByLabel("Email").fill("rina.nojs@example.co.id");
    await page.getByLabel("Pesan").fill("Halo, kami butuh website company profile baru bulan depan.");
    await page.getByRole("button", { name: "Kirim pesan" }).click();
    await expect(page).toHaveURL(/\/contact\?terkirim=1$/);
    await expect(page.getByRole("status")).toContainText("Terima kasih!");
  });

  test("blog pagination and filters are plain links", async ({ page }) => {
    await page.goto("/blog");
    await page.getByRole("link", { name: "Berikutnya →" }).click();
    await expect(page).toHaveURL(/halaman=2/);
    await expect(page.getByText("Halaman 2 dari 2")).toBeVisible();
    await page.getByRole("navigation", { name: "Kategori" }).getByRole("link", { name: /Desain/ }).click();
    await expect(page.getByRole("link", { name: "Membangun Design System Sederhana untuk Tim Kecil" })).toBeVisible();
  });

  test("a product page is complete", async ({ page }) => {
    await page.goto("/products/nusa-landing-template-umkm");
    await expect(page.getByText("Rp 149.000")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Yang kamu terima" })).toBeVisible();
  });
});

test("joining a waitlist twice is fine and counted once", async ({ page }) => {
  const email = `dewi+${Date.now()}@example.id`;
  await page.goto("/waitlist/kode-sumber-toko-online-rust");
  const before = Number((await page.locator("[data-waitlist-count]").textContent())!.split(" ")[0]);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Masuk daftar tunggu" }).click();
  await expect(page.getByRole("status")).toContainText("Kamu sudah masuk daftar tunggu");
  await expect(page.locator("[data-waitlist-count]")).toHaveText(`${before + 1} orang sudah menunggu`);
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Masuk daftar tunggu" }).click();
  await expect(page.getByRole("status")).toContainText("sudah ada di daftar tunggu");
  await page.reload();
  await expect(page.locator("[data-waitlist-count]")).toHaveText(`${before + 1} orang sudah menunggu`);
});
