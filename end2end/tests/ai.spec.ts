import { test, expect } from "@playwright/test";
import { axe, collectErrors, hydrated, totp } from "../support";

// An admin of its own (scripts/test.sh creates it with `tiranyx admin
// create`): the demo admin's two-factor is switched on by admin.spec.ts,
// which runs in parallel.
const WRITER_EMAIL = process.env.AI_ADMIN_EMAIL ?? "penulis.ai@tiranyx.test";
const WRITER_PASSWORD = process.env.AI_ADMIN_PASSWORD ?? "kopi susu gula aren 2026";

test("admin drafts a post with the AI assistant, edits it, saves it as a draft", async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const violations: string[] = [];
  const stamp = Date.now();

  // First login of a new admin: two-factor is enrolled before anything else.
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(WRITER_EMAIL);
  await page.getByLabel("Kata sandi").fill(WRITER_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page).toHaveURL(/\/admin\/login\/enrol$/);
  // The enrolment page has no admin layout (no data-hydrated mark): wait
  // for the bundle to load and hydrate the form.
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Mulai aktivasi" }).click();
  const secret = (await page.locator("[data-totp-secret]").textContent())!.trim();
  await page.getByLabel("Kode dari aplikasi").fill(totp(secret, Date.now()));
  await page.getByRole("button", { name: "Aktifkan" }).click();
  await expect(page.locator("[data-recovery-codes] li")).toHaveCount(10);
  await page.getByRole("link", { name: "Lanjut ke panel admin" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await hydrated(page);

  // A new post: the assistant drafts it from the title and keywords.
  await page.goto("/admin/posts/new");
  await hydrated(page);
  // The server renders the editor in several passes; every load must match
  // what the browser hydrates (a last pass with the assistant's quota still
  // loading once broke one load in four, with a hydration panic).
  for (let i = 0; i < 8; i++) {
    await page.reload();
    await hydrated(page);
  }
  const title = `Panduan SEO Lokal ${stamp}`;
  await page.getByLabel("Judul", { exact: true }).fill(title);
  await page.getByLabel("Kata kunci untuk asisten").fill("umkm, google maps");
  violations.push(...(await axe(page)));
  await page.getByRole("button", { name: "Tulis draf pertama" }).click();
  // Streamed into the result, then shown sanitized for review.
  await expect(page.locator("[data-ai-status]")).toContainText("Saran siap", { timeout: 30_000 });
  await expect(page.locator("[data-ai-result] h2").first()).toHaveText("Mengapa ini penting");
  const body = page.getByLabel("Isi artikel");
  await expect(body).toHaveValue("");
  violations.push(...(await axe(page)));
  await page.getByRole("button", { name: "Ganti seluruh isi" }).click();
  await expect(body).toHaveValue(new RegExp(`Banyak pemilik usaha bertanya tentang ${title}`));
  await expect(page.locator("[data-preview] h2").first()).toHaveText("Mengapa ini penting");

  // The admin edits the draft, then lets the assistant write the SEO fields.
  const edited = (await body.inputValue()).replace("[lengkapi: angka target]", "naik 20% dalam 3 bulan");
  await body.fill(`${edited}\n\nDiperiksa oleh tim Tiranyx.`);
  await page.getByRole("button", { name: "Judul & deskripsi SEO" }).click();
  await expect(page.locator("[data-ai-status]")).toContainText("Saran siap");
  await page.getByRole("button", { name: "Ganti judul & deskripsi SEO" }).click();
  await expect(page.getByLabel("Judul SEO")).toHaveValue(/\| Tiranyx$/);
  await expect(page.getByLabel("Deskripsi SEO")).toHaveValue(/^Pelajari panduan seo lokal/);

  // Saved as a draft, by the admin's own save.
  await page.getByLabel("Ringkasan").fill("Draf dari asisten, disunting admin.");
  await page.getByLabel("Kategori").fill("Panduan");
  await page.getByLabel("Penulis").fill("Tim Tiranyx");
  await expect(page.getByLabel("Status")).toHaveValue("draft");
  await page.getByRole("button", { name: "Simpan" }).click();
  await expect(page).toHaveURL(/\/admin\/posts\/\d+\?tersimpan=1$/);
  await hydrated(page);
  await expect(page.getByRole("status")).toContainText("Tersimpan");
  await expect(page.getByLabel("Isi artikel")).toHaveValue(/naik 20% dalam 3 bulan[\s\S]*Diperiksa oleh tim Tiranyx\./);
  await expect(page.locator(".badge")).toHaveText("Draf");

  // Each request is in the audit log, under this admin.
  await page.goto("/admin/audit");
  await hydrated(page);
  await page.getByLabel("Cari (admin, aksi, ringkasan)").fill("ai.");
  await page.getByLabel("Cari (admin, aksi, ringkasan)").press("Enter");
  await expect(page.locator("tbody tr", { hasText: "ai.draft" }).first()).toContainText(WRITER_EMAIL);
  await expect(page.locator("tbody tr", { hasText: "ai.seo" }).first()).toBeVisible();

  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});
