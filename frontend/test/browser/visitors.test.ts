/** Visitors (访客): issue a pass (errors on their fields), its QR code scans back, revoke, lists. */

import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { calls, decodeQr, fieldError, openPanel, screenshot, sharedBrowser, texts } from "./helpers";

const FORM = "sc-visitors-view [data-form=visitor]";

const browser = sharedBrowser();

async function chooseHost(page: Page, query: string, personId: string): Promise<void> {
  await page.locator(`${FORM} [name=host]`).fill(query);
  await page.locator(`sc-visitors-view [data-candidate="${personId}"]`).click();
}

test("a guard issues a pass: the host is searched, the window defaults to now + 4 h, the QR code scans", async () => {
  const { page, errors, close } = await openPanel(browser(), { path: "/visitors", role: "guard" });
  await page.waitForSelector(FORM);
  assert.equal(await page.locator(`${FORM} [name=valid_from]`).inputValue(), "2026-03-01T10:00");
  assert.equal(await page.locator(`${FORM} [name=valid_until]`).inputValue(), "2026-03-01T14:00");
  await chooseHost(page, "张", "P00001");
  await page.locator(`${FORM} [name=name]`).fill("钱多多");
  await page.locator(`${FORM} [name=plate]`).fill("皖A77777");
  await page.locator(`${FORM} input[name=gates][value="东门"]`).check();
  await page.locator(`${FORM} button[type=submit]`).click();
  await page.waitForSelector("sc-visitors-view [data-section=issued] sc-qr");
  const sent = (await calls(page, "smart_community/visitors/issue"))[0];
  assert.deepEqual(sent, {
    entry_id: "entry-hfjy",
    host_id: "P00001",
    name: "钱多多",
    valid_from: "2026-03-01T10:00:00",
    valid_until: "2026-03-01T14:00:00",
    gates: ["东门"],
    plate: "皖A77777",
  });
  const issued = await page.locator("sc-visitors-view [data-section=issued]").innerText();
  assert.match(issued, /被访人: 张伟 · 5栋1单元1502/);
  assert.match(issued, /可通行出入口: 东门/);
  assert.equal(await page.locator(`${FORM} [name=valid_from]`).inputValue(), "2026-03-01T10:00", "ready for the next");
  assert.equal(await page.locator(`${FORM} [name=name]`).inputValue(), "");
  const token = await page.evaluate(() => window.__backend.passes[0]!.qr);
  assert.equal(await decodeQr(page, "sc-visitors-view [data-section=issued] sc-qr"), token);
  await screenshot(page, "visitors-issued");
  assert.deepEqual(errors, []);
  await close();
});

test("errors land on their fields even when the backend names no field", async () => {
  const { page, close } = await openPanel(browser(), { path: "/visitors", language: "en" });
  await page.waitForSelector(FORM);
  // A host typed by id that does not exist: the error names the id, the panel finds the field.
  await page.locator(`${FORM} [name=host]`).fill("P09999");
  await page.locator(`${FORM} [name=name]`).fill("Li Lei");
  await page.locator(`${FORM} button[type=submit]`).click();
  assert.equal(await fieldError(page, FORM, "host"), "No registered person P09999.");

  await chooseHost(page, "P00004", "P00004");
  await page.locator(`${FORM} [name=valid_until]`).fill("2026-03-01T09:00");
  await page.locator(`${FORM} button[type=submit]`).click();
  assert.equal(await fieldError(page, FORM, "valid_until"), "The visit period ends before it starts.");

  await page.locator(`${FORM} [name=valid_until]`).fill("2026-03-01T12:00");
  await page.locator(`${FORM} [name=mobile]`).fill("1380013800");
  await page.locator(`${FORM} button[type=submit]`).click();
  assert.equal(await fieldError(page, FORM, "mobile"), "1380013800 is not a mainland mobile number.");

  await page.locator(`${FORM} [name=mobile]`).fill("");
  await page.locator(`${FORM} [name=plate]`).fill("皖A88888");
  await page.locator(`${FORM} button[type=submit]`).click();
  // overlapping_pass names the other pass, not a field: it goes on the window.
  assert.match(await fieldError(page, FORM, "valid_from"), /V00001 already has a pass from .* that overlaps/);

  await page.locator(`${FORM} [name=valid_from]`).fill("");
  await page.locator(`${FORM} button[type=submit]`).click();
  assert.match(await fieldError(page, FORM, "valid_from"), /The request was refused: Invalid datetime specified/);
  await screenshot(page, "visitors-errors");
  assert.equal(await page.evaluate(() => window.__backend.passes.length), 3, "no pass was issued");
  await close();
});

test("active, upcoming and expired passes; revoking one", async () => {
  const { page, close } = await openPanel(browser(), { path: "/visitors" });
  await page.waitForSelector("sc-visitors-view tr[data-pass]");
  assert.deepEqual(await texts(page, "sc-visitors-view [data-section=passes] tr[data-pass] b"), ["周杰"]);
  await page.locator('sc-visitors-view [data-status="upcoming"]').click();
  await page.waitForSelector('sc-visitors-view tr[data-pass="V00002"]');
  await page.locator('sc-visitors-view [data-status="expired"]').click();
  await page.waitForSelector('sc-visitors-view tr[data-pass="V00003"]');
  await page.locator('sc-visitors-view [data-status="active"]').click();
  await page.waitForSelector('sc-visitors-view tr[data-pass="V00001"]');
  await page.locator('sc-visitors-view tr[data-pass="V00001"] [data-action=qr]').click();
  assert.equal(await decodeQr(page, "sc-visitors-view sc-dialog sc-qr"), await page.evaluate(() => window.__backend.passes[0]!.qr));
  await page.keyboard.press("Escape");
  await page.locator('sc-visitors-view tr[data-pass="V00001"] [data-action=revoke]').click();
  await page.waitForSelector("sc-visitors-view [role=status]");
  assert.match(await page.locator("sc-visitors-view [role=status]").innerText(), /已撤销 周杰 的通行证/);
  await page.waitForFunction(() => {
    const view = document.querySelector("smart-community-panel")!.shadowRoot!.querySelector("sc-visitors-view")!;
    return view.shadowRoot!.querySelectorAll("[data-section=passes] tr[data-pass]").length === 0;
  });
  await close();
});
