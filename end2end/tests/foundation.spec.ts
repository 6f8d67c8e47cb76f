import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

test("home page renders from the database", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Tiranyx/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("siap meluncur");
  await expect(page.getByRole("heading", { name: "Apa yang kami kerjakan" })).toBeVisible();
  await expect(page.getByText("Pengembangan Website & Aplikasi Web")).toBeVisible();
  await expect(page.locator("footer")).toContainText("halo@tiranyx.co.id");
});

test("security headers are present on pages and assets", async ({ page, request }) => {
  const response = await page.goto("/");
  const headers = response!.headers();
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["referrer-policy"]).toBeTruthy();
  const css = await page.locator('link[rel="stylesheet"]').getAttribute("href");
  const asset = await request.get(css!);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
  // The CSP does not block anything the page uses.
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") violations.push(m.text());
  });
  await page.reload();
  expect(violations).toEqual([]);
});

test("the mobile menu opens by keyboard on a 360px phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  const summary = page.locator("details.mobile-menu > summary");
  await summary.focus();
  await page.keyboard.press("Enter");
  const blog = page.locator("details.mobile-menu").getByRole("link", { name: "Blog" });
  await expect(blog).toBeVisible();
  await blog.click();
  await expect(page).toHaveURL(/\/blog$/);
  // Nothing overflows horizontally on a small phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("skip link moves focus to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Langsung ke konten" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#konten$/);
});

test("unknown pages are a 404 inside the layout", async ({ page }) => {
  const response = await page.goto("/halaman-yang-tidak-ada");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Tidak ditemukan" })).toBeVisible();
  await page.getByRole("link", { name: "Kembali ke beranda" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the home page is complete", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByText("Pengembangan Website & Aplikasi Web")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Tulisan terbaru" })).toBeVisible();
    await expect(page.locator("footer")).toContainText("halo@tiranyx.co.id");
  });
});

test("home and 404 meet WCAG 2.2 AA (axe-core)", async ({ page }) => {
  for (const path of ["/", "/tidak-ada"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    expect(results.violations.map((v) => `${path}: ${v.id}: ${v.help}`)).toEqual([]);
  }
});

test("the page loads no JavaScript or wasm", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (["script", "fetch", "xhr"].includes(r.resourceType()) || r.url().endsWith(".wasm")) {
      scripts.push(r.url());
    }
  });
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  expect(scripts).toEqual([]);
});
