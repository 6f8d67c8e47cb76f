import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The W3C Nu HTML checker (the `vnu-jar` npm package, run on the machine's
// Java): every public page must pass with no message at all, not even a
// warning or an info.
const VNU = String(require("vnu-jar"));

test("every public page passes the W3C Nu HTML checker with no message", async ({ request }) => {
  test.setTimeout(180_000);
  const sitemap = await (await request.get("/sitemap.xml")).text();
  const fromSitemap = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  const paths = [
    ...new Set([
      ...fromSitemap,
      "/contact",
      "/blog?halaman=2",
      "/login",
      "/register",
      "/forgot-password",
      "/verify-email",
      "/admin/login",
      "/halaman-yang-tidak-ada",
    ]),
  ];
  expect(paths.length).toBeGreaterThan(20);
  const dir = mkdtempSync(join(tmpdir(), "tiranyx-vnu-"));
  const files: Record<string, string> = {};
  for (const [i, path] of paths.entries()) {
    const res = await request.get(path);
    const file = join(dir, `page-${i}.html`);
    writeFileSync(file, await res.text());
    files[`file:${file}`] = path;
  }
  const out = execFileSync(
    "java",
    ["-jar", VNU, "--format", "json", "--stdout", "--exit-zero-always", ...Object.keys(files).map((f) => f.slice(5))],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const messages = (JSON.parse(out).messages as { url: string; type: string; message: string; extract?: string }[]).map(
    (m) => `${files[m.url] ?? m.url}: ${m.type}: ${m.message} ${m.extract ?? ""}`.trim(),
  );
  expect(messages).toEqual([]);
});
