/**
 * Opening the panel in headless Chromium (Debian's /usr/bin/chromium through playwright-core):
 * every request of the page is answered here (no port, no network), images only for signed
 * URLs, and the page's clock is fixed to the fixtures' "now".
 */

import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import type { Role } from "../../src/api/types";
import { NOW_MS, TIME_ZONE } from "../fake/fixtures";

/** The repository (both runners start node in frontend/). */
const REPO = resolve(process.env.SC_REPO_DIR ?? join(process.cwd(), ".."));
const HARNESS = process.env.SC_HARNESS_DIR ?? "";
export const ARTIFACTS = process.env.SC_ARTIFACTS_DIR ?? join(REPO, "artifacts", "panel");
const CHROMIUM = process.env.SC_CHROMIUM ?? "/usr/bin/chromium";
const ORIGIN = "http://panel.test";

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch(): Promise<Browser> {
  if (!HARNESS) throw new Error("SC_HARNESS_DIR is not set: run the tests with `node test/run.mjs`");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** One browser for a test file (launched before its tests, closed after). */
export function sharedBrowser(): () => Browser {
  let browser: Browser | null = null;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("the browser is not launched yet");
    return browser;
  };
}

export interface OpenOptions {
  role?: Role;
  language?: string;
  narrow?: boolean;
  dark?: boolean;
  twoCommunities?: boolean;
  path?: string;
  width?: number;
  height?: number;
}

export interface Opened {
  page: Page;
  /** Uncaught errors and console errors of the page. */
  errors: string[];
  /** API requests made without a signature (must stay empty: pictures only through signed URLs). */
  unsigned: string[];
  close(): Promise<void>;
}

function avatar(name: string): string {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 112 112"><rect width="112" height="112" fill="hsl(${hash},35%,80%)"/>
<circle cx="56" cy="46" r="24" fill="hsl(${hash},30%,55%)"/><rect x="22" y="76" width="68" height="40" rx="30" fill="hsl(${hash},30%,55%)"/></svg>`;
}

const PICTURES: Record<string, string> = {
  "scene.jpg": join(REPO, "tests", "data", "recognition", "plate_yellow_720p.jpg"),
  "plate.jpg": join(REPO, "tests", "data", "recognition", "no_plate.jpg"),
};

export async function openPanel(browser: Browser, options: OpenOptions = {}): Promise<Opened> {
  const narrow = options.narrow ?? false;
  const context = await browser.newContext({
    viewport: { width: options.width ?? (narrow ? 390 : 1280), height: options.height ?? (narrow ? 844 : 900) },
    deviceScaleFactor: 1,
    timezoneId: TIME_ZONE,
    locale: options.language === "en" ? "en-GB" : "zh-CN",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const unsigned: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.clock.setFixedTime(NOW_MS);
  await page.addInitScript((harness) => {
    (window as unknown as { __harnessOptions: unknown }).__harnessOptions = harness;
  }, {
    role: options.role ?? "admin",
    language: options.language ?? "zh-Hans",
    narrow,
    dark: options.dark ?? false,
    twoCommunities: options.twoCommunities ?? false,
  });
  await context.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const path = url.pathname;
    if (path === "/harness.js" || path === "/panel.js") {
      return route.fulfill({ contentType: "text/javascript", body: readFileSync(join(HARNESS, path.slice(1))) });
    }
    if (path.startsWith("/api/")) {
      if (!url.searchParams.get("authSig")) {
        unsigned.push(path);
        return route.fulfill({ status: 401, body: "401: Unauthorized" });
      }
      const name = decodeURIComponent(path.split("/").pop() ?? "");
      if (path.startsWith("/api/smart_community/image/")) {
        if (name.endsWith(".svg")) return route.fulfill({ contentType: "image/svg+xml", body: avatar(name) });
        const file = PICTURES[name];
        if (file) return route.fulfill({ contentType: "image/jpeg", body: readFileSync(file) });
      }
      if (path.startsWith("/api/smart_community/download/")) {
        return route.fulfill({
          contentType: "application/octet-stream",
          headers: { "Content-Disposition": `attachment; filename="${name}"` },
          body: "exported",
        });
      }
      return route.fulfill({ status: 404, body: "404" });
    }
    return route.fulfill({ contentType: "text/html", body: readFileSync(join(HARNESS, "index.html")) });
  });
  await page.goto(`${ORIGIN}/smart-community${options.path ?? ""}`);
  await page.waitForSelector("smart-community-panel nav a");
  return { page, errors, unsigned, close: () => context.close() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The texts of the elements matching `selector` (Playwright's CSS pierces shadow roots). */
export function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allInnerTexts();
}

/** What the panel sent for `type`, in order. */
export function calls(page: Page, type: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(
    (t) => window.__backend.calls.filter((c) => c.type === t).map((c) => c.params),
    type,
  );
}

export function read(path: string): string {
  return readFileSync(path, "utf8");
}

/** Decode the QR code drawn by `selector` (an sc-qr) with jsQR, from the rendered SVG. */
export async function decodeQr(page: Page, selector: string): Promise<string | null> {
  await page.addScriptTag({ path: join(REPO, "frontend", "node_modules", "jsqr", "dist", "jsQR.js") });
  const svg = await page.locator(`${selector} svg`).evaluate((element) => element.outerHTML);
  return page.evaluate(async (markup) => {
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = 400;
    canvas.height = 400;
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0, 400, 400);
    const pixels = context.getImageData(0, 0, 400, 400);
    const decode = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR;
    return decode(pixels.data, 400, 400)?.data ?? null;
  }, svg);
}

/** The text of the error shown next to form field `name` inside `scope`. */
export function fieldError(page: Page, scope: string, name: string): Promise<string> {
  return page.locator(`${scope} [data-error-for="${name}"]`).innerText();
}

/**
 * Assert that `locator` matches `expected` elements once the panel has rendered: the count is
 * polled (up to `timeout` ms) because a response that has arrived may not have been rendered yet.
 */
export async function expectCount(locator: Locator, expected: number, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  let count = await locator.count();
  while (count !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = await locator.count();
  }
  assert.equal(count, expected, `${locator} matched ${count} elements, expected ${expected}`);
}
