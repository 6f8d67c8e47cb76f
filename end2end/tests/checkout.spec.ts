import { test, expect, Page } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { axe, mailedLink, OUTBOX, signedInMember, verifyLink } from "../support";

/**
 * The strings a PDF page shows: follows startxref → trailer /Root →
 * /Pages → /Kids → /Contents, then reads the literal strings of the
 * content stream's text operators. Enough of PDF to read our invoice.
 */
function pdfText(pdf: Buffer): string[] {
  const src = pdf.toString("latin1");
  const startxref = Number(src.slice(src.lastIndexOf("startxref") + 9).trim().split(/\s/)[0]);
  const xref = src.slice(startxref);
  const offsets = new Map<number, number>();
  const head = xref.match(/^xref\s+(\d+)\s+(\d+)\s+/);
  if (!head) throw new Error("no xref table");
  let pos = head[0].length;
  const first = Number(head[1]);
  for (let i = 0; i < Number(head[2]); i++) {
    const entry = xref.slice(pos, pos + 20);
    if (entry.includes(" n")) offsets.set(first + i, Number(entry.slice(0, 10)));
    pos += 20;
  }
  const obj = (n: number): string => {
    const at = offsets.get(n);
    if (at === undefined) throw new Error(`object ${n} missing`);
    return src.slice(at, src.indexOf("endobj", at));
  };
  const ref = (dict: string, key: string): number => Number(dict.match(new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`))![1]);
  const trailer = xref.slice(xref.indexOf("trailer"));
  const pages = obj(ref(obj(ref(trailer, "Root")), "Pages"));
  const kid = Number(pages.match(/\/Kids\s*\[\s*(\d+)\s+0\s+R/)![1]);
  const contents = obj(ref(obj(kid), "Contents"));
  let stream = contents.slice(contents.indexOf("stream") + 6).replace(/^\r?\n/, "");
  stream = stream.slice(0, stream.lastIndexOf("endstream"));
  if (/\/FlateDecode/.test(contents)) stream = inflateSync(Buffer.from(stream, "latin1")).toString("latin1");
  const out: string[] = [];
  for (const m of stream.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
    out.push(
      m[1]
        .replace(/\\([0-7]{1,3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)))
        .replace(/\\(.)/g, "$1"),
    );
  }
  return out;
}

test("a member buys a product through the payment simulator and downloads the paid invoice", async ({ page }) => {
  const email = `pembeli.${Date.now()}@example.id`;
  const password = "rendang padang pedas sekali";
  await page.goto("/register");
  await page.getByLabel("Nama").fill("Dewi Lestari");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Daftar" }).click();
  await expect(page.getByRole("status")).toContainText("Hampir selesai!");
  const link = new URL(await verifyLink(email));
  await page.goto(link.pathname + link.search);
  await page.getByRole("button", { name: "Verifikasi email saya" }).click();
  await expect(page).toHaveURL(/\/login\?terverifikasi=1/);

  // A guest sees the price and "Masuk untuk membeli", and comes back after.
  await page.context().clearCookies();
  await page.goto("/products/faktur-kilat-aplikasi-invoice");
  await page.getByRole("link", { name: "Masuk untuk membeli" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page).toHaveURL(/\/products\/faktur-kilat-aplikasi-invoice$/);
  await expect(page.getByRole("button", { name: "Beli sekarang" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await axe(page)).toEqual([]);

  await page.getByRole("button", { name: "Beli sekarang" }).click();
  await expect(page.getByRole("heading", { name: "Pembayaran Midtrans (simulasi)" })).toBeVisible();
  await expect(page.getByText("Rp 199.000")).toBeVisible();
  expect(await axe(page)).toEqual([]);
  await page.getByRole("button", { name: "Bayar (berhasil)" }).click();

  // Back on the orders page, the status was asked of "Midtrans".
  await expect(page).toHaveURL(/\/dashboard\/orders\?status=success&order_id=TRX-/);
  await expect(page.locator("[data-confirmed]")).toContainText("berhasil");
  const row = page.locator("tr[data-order]").first();
  await expect(row).toContainText(/Lunas|Selesai/);
  expect(await axe(page)).toEqual([]);

  // Clicking the link downloads the file under its invoice name.
  const invoice = row.locator("[data-invoice]");
  await expect(invoice).toHaveAttribute("download", "");
  const [download] = await Promise.all([page.waitForEvent("download"), invoice.click()]);
  expect(download.suggestedFilename()).toMatch(/^faktur-INV-\d{4}-\d{6}\.pdf$/);
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const text = pdfText(pdf).join(" ");
  expect(text).toContain("LUNAS");
  expect(text).toContain("Rp 199.000");
  expect(text).toMatch(/INV\/\d{4}\/\d{6}/);
  expect(text).toContain("Faktur Kilat");
});

test("a member pays in US dollars through the PayPal simulator", async ({ page }) => {
  await signedInMember(page, `dunia.${Date.now()}@example.id`, "Made Wirawan", "soto betawi kuah santan");

  // With JavaScript, PayPal's own button (the SDK; the simulator's stand-in
  // here) takes the place of "Beli sekarang" for dollars.
  await page.goto("/products/rangka-ui-kit-dashboard");
  await page.waitForLoadState("networkidle");
  await page.getByLabel(/Dolar AS/).check();
  await expect(page.getByRole("button", { name: "Beli sekarang" })).toBeHidden();
  await page.getByRole("button", { name: "Bayar dengan PayPal" }).click();
  const approval = page.getByRole("dialog", { name: "Persetujuan PayPal (simulasi)" });
  await expect(approval).toBeVisible();
  await expect(approval.getByText("US$15.90")).toBeVisible();
  expect(await axe(page)).toEqual([]);
  await approval.getByRole("button", { name: "Setujui pembayaran" }).click();

  // Captured by the server; the orders page shows what it knows.
  await expect(page).toHaveURL(/\/dashboard\/orders\?order_id=TRX-/);
  await expect(page.locator("[data-confirmed]")).toContainText("berhasil");
  const row = page.locator("tr[data-order]").first();
  await expect(row).toContainText("US$15.90");
  await expect(row).toContainText(/Lunas|Selesai/);

  // Rupiah is still "Beli sekarang".
  await page.goto("/products/rangka-ui-kit-dashboard");
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("button", { name: "Beli sekarang" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Bayar dengan PayPal" })).toBeHidden();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("PayPal's approve page pays in US dollars", async ({ page }) => {
    await signedInMember(page, `tanpajs.${Date.now()}@example.id`, "Sekar Ayu", "gudeg jogja manis legit");

    await page.goto("/products/rangka-ui-kit-dashboard");
    await page.getByLabel(/Dolar AS/).check();
    await page.getByRole("button", { name: "Beli sekarang" }).click();
    await expect(page.getByRole("heading", { name: "Persetujuan PayPal (simulasi)" })).toBeVisible();
    await expect(page.getByText("US$15.90")).toBeVisible();
    await page.getByRole("button", { name: "Setujui pembayaran" }).click();

    await expect(page).toHaveURL(/\/dashboard\/orders\?order_id=TRX-/);
    const row = page.locator("tr[data-order]").first();
    await expect(row).toContainText("US$15.90");
    await expect(row).toContainText(/Lunas|Selesai/);
  });
});


test("a bought file arrives by e-mail link and downloads with the right bytes", async ({ page }) => {
  const email = `berkas.${Date.now()}@example.id`;
  await signedInMember(page, email, "Rani Pratiwi", "pempek kapal selam cuko");

  await page.goto("/products/nusa-landing-template-umkm");
  await page.getByRole("button", { name: "Beli sekarang" }).click();
  await page.getByRole("button", { name: "Bayar (berhasil)" }).click();
  await expect(page.locator("[data-confirmed]")).toContainText("berhasil");

  // The delivery job mails the link; it opens the file.
  const link = await mailedLink(email, "/api/files/deliverables/");
  const res = await page.request.get(link);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toContain('filename="nusa-landing-template-umkm-panduan.md"');
  const bytes = await res.body();
  expect(bytes.toString("utf8")).toMatch(/^# Nusa Landing — Template Landing Page UMKM\n/);
  expect(Number(res.headers()["content-length"])).toBe(bytes.length);

  // The downloads page has a fresh link; clicking it downloads the same bytes.
  await page.goto("/dashboard/downloads");
  const fresh = page.locator("[data-file-link]").first();
  await expect(fresh).toHaveText("nusa-landing-template-umkm-panduan.md");
  await expect(page.getByText("1 dari 5 unduhan terpakai")).toBeVisible();
  expect(await axe(page)).toEqual([]);
  const [download] = await Promise.all([page.waitForEvent("download"), fresh.click()]);
  expect(readFileSync((await download.path())!)).toEqual(bytes);
});

test("a bought licence activates on as many instances as it allows, then refuses with its code", async ({ page }) => {
  const email = `lisensi.${Date.now()}@example.id`;
  await signedInMember(page, email, "Bayu Saputra", "rawon surabaya hitam pekat");
  await page.goto("/products/faktur-kilat-aplikasi-invoice");
  await page.getByRole("button", { name: "Beli sekarang" }).click();
  await page.getByRole("button", { name: "Bayar (berhasil)" }).click();
  await expect(page.locator("[data-confirmed]")).toContainText("berhasil");

  // The key is only in its e-mail.
  let key = "";
  for (let i = 0; i < 75 && !key; i++) {
    for (const n of readdirSync(OUTBOX).filter((f) => f.endsWith(".eml"))) {
      const raw = readFileSync(join(OUTBOX, n), "utf8").replace(/=\r?\n/g, "");
      if (!raw.includes(email)) continue;
      const m = raw.match(/TRX(?:-[A-Z0-9]{5}){6}/);
      if (m) key = m[0];
    }
    if (!key) await new Promise((r) => setTimeout(r, 200));
  }
  expect(key).toMatch(/^TRX(-[A-Z0-9]{5}){6}$/);

  // Faktur Kilat allows two activations.
  const activate = (name: string) =>
    page.request.post("/api/licenses/activate", { data: { license_key: key, instance_name: name } });
  for (const name of ["Laptop kantor", "PC kasir"]) {
    const res = await activate(name);
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.activated).toBe(true);
    expect(body.instance.name).toBe(name);
  }
  const refused = await activate("Laptop rumah");
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error).toBe("activation_limit_reached");

  // The member sees both activations in the dashboard.
  await page.goto("/dashboard/downloads");
  await expect(page.getByText("2 dari 2 aktivasi terpakai")).toBeVisible();
  expect(await axe(page)).toEqual([]);
});
