/**
 * The console end to end: headless Chromium (Debian's, through playwright-core from
 * frontend/node_modules) against a real Home Assistant that tests/browser/test_console.py
 * started. Run by that test; it passes what it needs in the environment:
 *
 *   SC_BASE            http://127.0.0.1:PORT of HA
 *   SC_CLIENT_ID       the OAuth client id the tokens were issued to
 *   SC_MANAGER_TOKENS  HA's token answer for the manager (JSON)
 *   SC_GUARD_TOKENS    the same for the guard (a non-admin HA user)
 *   SC_ENTRY_ID        the demo community's config entry
 *   SC_PHOTO           a real face photo (JPEG)
 *   SC_ARTIFACTS       where the screenshots go
 *   SC_REPO_DIR        the repository (playwright-core is resolved from frontend/)
 *
 * Exits 0 when every step held; prints one JSON line of findings for the test to check.
 */

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const REPO = env("SC_REPO_DIR");
const BASE = env("SC_BASE");
const ENTRY = env("SC_ENTRY_ID");
const ARTIFACTS = env("SC_ARTIFACTS");
const { chromium } = createRequire(join(REPO, "frontend", "package.json"))("playwright-core");

const MANAGER_VIEWS = ["live", "people", "visitors", "records", "trajectory", "strangers", "parking", "devices"];
const PERSON = "sc-people-view [data-form=person]";
const VISITOR = "sc-visitors-view [data-form=visitor]";
// Row 3: a 19-digit code, an address that is not IPv4 and a longitude with 4 decimals.
const BAD_REGISTER = [
  "设备编码,设备名称,设备厂商,行政区域,IPV4地址,经度,纬度,录像保存天数,设备种类",
  "34010449971328001001,蜀山区华府骏苑东门入口人脸抓拍机,1,340104,10.34.1.11,117.231560,31.846210,90,face_camera",
  "3401044997132800199,蜀山区华府骏苑北门入口人脸抓拍机,1,340104,192.168.1.300,117.2315,31.846210,90,face_camera",
].join("\n");

const findings = { views: {}, refused: {}, allowed: {} };
mkdirSync(ARTIFACTS, { recursive: true });

async function shot(page, name) {
  await page.waitForTimeout(400); // pictures and fonts settle
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  findings.views[name] = path;
}

/** A page logged in with `tokens` (HA's frontend reads them from localStorage). */
async function login(browser, tokens, viewport) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(`${BASE}/manifest.json`);
  const stored = {
    ...tokens,
    hassUrl: BASE,
    clientId: env("SC_CLIENT_ID"),
    expires: Date.now() + tokens.expires_in * 1000,
  };
  await page.evaluate((value) => localStorage.setItem("hassTokens", value), JSON.stringify(stored));
  return { context, page, errors };
}

async function openView(page, view) {
  await page.goto(`${BASE}/smart-community/${view}`);
  await page.waitForSelector(`smart-community-panel nav a[data-view="${view}"]`, { timeout: 60_000 });
  await page.waitForSelector(`sc-${view}-view`, { timeout: 30_000 });
}

async function navigate(page, view) {
  await page.keyboard.press("Escape"); // a record or person dialog left open
  await page.locator(`smart-community-panel nav a[data-view="${view}"]`).click();
  await page.waitForSelector(`sc-${view}-view`);
}

async function fill(page, form, values) {
  for (const [name, value] of Object.entries(values)) {
    const input = page.locator(`${form} [name="${name}"]`);
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
}

/** The websocket command's answer through the page's own HA connection. */
function callWS(page, message) {
  return page.evaluate(async (msg) => {
    const hass = document.querySelector("home-assistant").hass;
    try {
      return { ok: true, result: await hass.callWS(msg) };
    } catch (error) {
      return { ok: false, code: error.code, message: error.message };
    }
  }, message);
}

async function manager(browser) {
  const { context, page, errors } = await login(browser, JSON.parse(env("SC_MANAGER_TOKENS")), { width: 1280, height: 900 });
  await openView(page, "live");
  const views = await page.locator("smart-community-panel nav a[data-view]").evaluateAll((links) => links.map((a) => a.dataset.view));
  assert.deepEqual(views, MANAGER_VIEWS);
  await shot(page, "live");

  // People: a family (the owner with a real face photo, then a family member in the same room).
  await navigate(page, "people");
  await page.locator("sc-people-view [data-action=add-person]").click();
  await page.waitForSelector(PERSON);
  await fill(page, PERSON, {
    name: "陈建华",
    role: "owner",
    id_number: "11010519491231002X",
    mobile: "13800138000",
    building: "1",
    unit: "1",
    room: "101",
  });
  await page.locator(`${PERSON} button[type=submit]`).click();
  const detail = await page.waitForSelector("sc-people-view [data-detail]");
  const owner = await detail.getAttribute("data-detail");
  await page.locator("sc-people-view sc-photo-picker #file").setInputFiles([env("SC_PHOTO")]);
  const verdict = "sc-people-view [data-photo-result=accepted], sc-people-view [data-photo-result=rejected]";
  await page.waitForSelector(verdict, { timeout: 60_000 }); // the first enrolment loads the face models
  findings.photo = await page.locator(verdict).first().getAttribute("data-photo-result");
  assert.equal(findings.photo, "accepted");
  await shot(page, "people");
  await page.locator("sc-people-view [data-action=add-family]").click();
  await page.waitForSelector(PERSON);
  await fill(page, PERSON, { name: "陈小雨", role: "family" });
  await page.locator(`${PERSON} button[type=submit]`).click();
  await page.waitForFunction(
    (id) => {
      const view = document.querySelector("home-assistant")
        .shadowRoot.querySelector("home-assistant-main")
        .shadowRoot.querySelector("ha-panel-custom smart-community-panel")
        ?.shadowRoot?.querySelector("sc-people-view");
      const shown = view?.shadowRoot?.querySelector("[data-detail]");
      return shown && shown.getAttribute("data-detail") !== id;
    },
    owner,
    { timeout: 30_000 },
  ).catch(() => undefined);
  const family = await callWS(page, { type: "smart_community/people/get", entry_id: ENTRY, person_id: owner });
  assert.ok(family.ok, JSON.stringify(family));
  findings.household = (family.result.person.household ?? []).map((p) => p.name);
  findings.owner_faces = family.result.person.faces;

  // Visitors: a pass for a guest of the owner, its QR code, then revoked.
  await navigate(page, "visitors");
  await page.waitForSelector(VISITOR);
  await page.locator(`${VISITOR} [name=host]`).fill("陈建华");
  await page.locator(`sc-visitors-view [data-candidate="${owner}"]`).click();
  await page.locator(`${VISITOR} [name=name]`).fill("周杰");
  await page.locator(`${VISITOR} [name=plate]`).fill("皖A77777");
  await page.locator(`${VISITOR} input[name=gates][value="东门"]`).check();
  await page.locator(`${VISITOR} button[type=submit]`).click();
  await page.waitForSelector("sc-visitors-view [data-section=issued] sc-qr svg");
  await shot(page, "visitors");
  const pass = page.locator("sc-visitors-view [data-section=passes] tr[data-pass]").filter({ hasText: "周杰" });
  await pass.locator("[data-action=revoke]").click();
  await page.waitForSelector("sc-visitors-view [role=status]");
  findings.revoked = await page.locator("sc-visitors-view [role=status]").innerText();
  await page.waitForFunction(
    () => {
      const root = document.querySelector("home-assistant").shadowRoot.querySelector("home-assistant-main").shadowRoot;
      const view = root.querySelector("ha-panel-custom smart-community-panel").shadowRoot.querySelector("sc-visitors-view");
      return [...view.shadowRoot.querySelectorAll("[data-section=passes] tr[data-pass]")].every((row) => !row.textContent.includes("周杰"));
    },
    undefined,
    { timeout: 30_000 },
  );

  for (const view of ["records", "trajectory", "strangers", "parking"]) {
    await navigate(page, view);
    await page.waitForLoadState("networkidle").catch(() => undefined);
    await shot(page, view);
  }

  // Devices: the register, then a file with errors, each on its cell, nothing imported.
  await navigate(page, "devices");
  await page.waitForSelector("sc-devices-view tr[data-code]");
  findings.register_rows = await page.locator("sc-devices-view tr[data-code]").count();
  await shot(page, "devices");
  await page.locator('sc-devices-view [data-tab="import"]').click();
  const file = { name: "register.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${BAD_REGISTER}`, "utf8") };
  await page.locator("sc-devices-view [data-section=import] input[type=file]").setInputFiles(file);
  await page.waitForSelector("sc-devices-view [data-preview]");
  const bad = page.locator('sc-devices-view [data-preview] tr[data-row="3"]');
  findings.bad_cells = await bad.locator("td.problem").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-cell")));
  findings.ipv4_problem = await bad.locator('td[data-cell="ipv4"]').innerText();
  await shot(page, "devices-import");
  await page.locator("sc-devices-view [data-form=import] button[type=submit]").click();
  await page.waitForSelector('sc-devices-view [data-form=import] [data-error-for="form"]');
  const after = await callWS(page, { type: "smart_community/devices/register", entry_id: ENTRY });
  findings.register_after = after.ok ? after.result.rows.length : after;

  // The simulated face camera keeps showing the owner (another photo) and a stranger: the
  // live feed names the owner once the enrolled face is recognised.
  await navigate(page, "live");
  await page.locator("sc-live-view .event[data-record]").filter({ hasText: "陈建华" }).first().waitFor({ timeout: 60_000 });
  findings.live_named = await page.locator("sc-live-view .event[data-record]").filter({ hasText: "陈建华" }).first().innerText();
  findings.live_rows = await page.locator("sc-live-view .event[data-record]").count();
  await shot(page, "live");

  // Records: 以图搜图 with the owner's enrolment photo finds her captures.
  await navigate(page, "records");
  await page.locator("sc-records-view [data-section=face-search] sc-photo-picker #file").setInputFiles([env("SC_PHOTO")]);
  await page.waitForSelector("sc-records-view [data-face-result]", { timeout: 60_000 });
  findings.face_search = await page.locator("sc-records-view [data-face-result]").innerText();
  findings.face_search_rows = await page.locator("sc-records-view [data-section=face-search] tr[data-record]").count();
  await shot(page, "records-face-search");

  // Parking: a car let in by hand, then settled at the exit (paid).
  await navigate(page, "parking");
  await fill(page, "sc-parking-view [data-form=enter]", { plate: "皖A88888" });
  await page.locator("sc-parking-view [data-form=enter] button[type=submit]").click();
  const car = page.locator('sc-parking-view tr[data-car="皖A88888"]');
  await car.waitFor({ timeout: 30_000 });
  await car.locator("[data-action=settle]").click();
  await page.locator("sc-parking-view [data-form=settle] [data-action=paid]").click();
  await page.waitForSelector('sc-parking-view [data-settled="皖A88888"]', { timeout: 30_000 });
  findings.settled = await page.locator("sc-parking-view [data-settled]").innerText();
  findings.still_inside = await page.locator('sc-parking-view tr[data-car="皖A88888"]').count();
  await shot(page, "parking-settled");
  findings.manager_errors = errors;
  await context.close();
}

async function guard(browser) {
  const { context, page, errors } = await login(browser, JSON.parse(env("SC_GUARD_TOKENS")), { width: 412, height: 860 });
  await openView(page, "live");
  findings.guard_views = await page.locator("smart-community-panel nav a[data-view]").evaluateAll((links) => links.map((a) => a.dataset.view));
  await shot(page, "guard-live");
  await navigate(page, "visitors");
  await shot(page, "guard-visitors");
  const commands = {
    // people/list answers a guard: the visitor form finds hosts with it (masked rows)
    "people/get": { person_id: "P00001" },
    "people/add": { name: "冒名", role: "owner", building: "1", unit: "1", room: "102" },
    "records/search": {},
    "strangers/list": {},
    "parking/status": {},
    "devices/register": {},
    "records/trajectory": { person_id: "P1", start: "2026-01-01T00:00:00+08:00", end: "2026-01-02T00:00:00+08:00" },
  };
  for (const [name, params] of Object.entries(commands)) {
    const answer = await callWS(page, { type: `smart_community/${name}`, entry_id: ENTRY, ...params });
    findings.refused[name] = answer.ok ? "answered" : answer.code;
  }
  for (const [name, params] of Object.entries({ "visitors/list": { status: "active" }, "people/list": {} })) {
    const answer = await callWS(page, { type: `smart_community/${name}`, entry_id: ENTRY, ...params });
    findings.allowed[name] = answer.ok ? "answered" : answer.code;
  }
  findings.guard_errors = errors;
  await context.close();
}

const browser = await chromium.launch({
  executablePath: process.env.SC_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = null;
try {
  await manager(browser);
  await guard(browser);
} catch (error) {
  failed = String(error?.stack ?? error);
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ...findings, failed }));
process.exit(failed ? 1 : 0);
