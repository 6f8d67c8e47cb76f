// Helpers the browser tests share: the outbox the server writes e-mails to
// (MAIL_OUTBOX_DIR, passed as OUTBOX_DIR), and a signed-in member.
import { expect, Page } from "@playwright/test";
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
