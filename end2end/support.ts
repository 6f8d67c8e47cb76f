// Helpers the browser tests share: the WCAG check, the hydration mark, an
// authenticator's TOTP code, the outbox the server writes e-mails to
// (MAIL_OUTBOX_DIR, passed as OUTBOX_DIR), and a signed-in member.
import { expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const OUTBOX = process.env.OUTBOX_DIR ?? "../data/outbox";

/** The newest link to `path` in the e-mails to `to` (quoted-printable undone). */
export async function mailedLink(to: string, path: string): Promise<string> {
  for (let i = 0; i < 75; i++) {
    let names: string[] = [];
    try {
      names = readdirSync(OUTBOX).filter((n) => n.endsWith(".eml")).sort();
    } catch {
      names = [];
    }
    for (const n of names.reverse()) {
      const raw = readFileSync(join(OUTBOX, n), "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      if (!raw.includes(to)) continue;
      const m = raw.match(new RegExp(`https?://[^\\s"<>]+${path}[^\\s"<>]+`));
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no e-mail to ${to} with ${path}`);
}

/** The e-mail verification link sent to `to`. */
export async function verifyLink(to: string): Promise<string> {
  return mailedLink(to, "/verify-email\\?token=");
}

/** Registers `email`, verifies it through the outbox link and logs in. */
export async function signedInMember(page: Page, email: string, name: string, password: string): Promise<void> {
  // Each member is a client of their own, as behind nginx (the test server
  // trusts 127.0.0.1 as its proxy): the per-client limits on registering and
  // logging in (5 a minute) are then not shared by every test at once.
  const ip = `198.51.100.${1 + Math.floor(Math.random() * 254)}`;
  await page.context().setExtraHTTPHeaders({ "x-forwarded-for": ip });
  await page.goto("/register");
  await page.getByLabel("Nama").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Daftar" }).click();
  await expect(page.getByRole("status")).toContainText("Hampir selesai!");
  const link = new URL(await verifyLink(email));
  await page.goto(link.pathname + link.search);
  await page.getByRole("button", { name: "Verifikasi email saya" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** The WCAG 2.2 A/AA violations axe-core finds on the page, one line each. */
export async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations.map((v) => `${page.url()}: ${v.id}: ${v.help} (${v.nodes[0]?.target})`);
}

/** Every uncaught error and console error the page reports, with the address
 * it happened on: a wasm panic's message reaches only the console (the page
 * error itself is just "unreachable"). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  return errors;
}

/** Waits for the hydrated layout's mark and every editor field's. The admin
 * bundle is the largest; on a busy 2-core machine its first load has taken
 * more than the default 5 s. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("main[data-hydrated=true]")).toBeVisible({ timeout: 15_000 });
  // An editor's fields hydrate after the layout (their data loads first).
  await expect(page.locator("[data-field]:not([data-hydrated=true])")).toHaveCount(0, { timeout: 15_000 });
}

function base32Decode(input: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of input.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it. */
export function totp(secret: string, at: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = h[h.length - 1] & 0xf;
  return ((h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, "0");
}
