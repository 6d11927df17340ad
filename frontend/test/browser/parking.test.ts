/** Parking (停车): cars inside with fees due, settling at the exit, manual entry, unpaid fees. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { calls, fieldError, openPanel, screenshot, sharedBrowser, texts, expectCount } from "./helpers";

const browser = sharedBrowser();

test("free spaces, cars inside with the fee due, and settling a paid exit", async () => {
  const { page, errors, close } = await openPanel(browser(), { path: "/parking" });
  await page.waitForSelector("sc-parking-view tr[data-car]");
  assert.equal(await page.locator("sc-parking-view [data-stat=free]").innerText(), "117");
  assert.equal(await page.locator("sc-parking-view [data-stat=unpaid]").innerText(), "¥20.00");
  const car = await page.locator('sc-parking-view tr[data-car="苏E99887"]').innerText();
  assert.match(car, /临时车/);
  assert.match(car, /2小时15分/);
  assert.match(car, /¥15.00/);
  await screenshot(page, "parking");
  await page.locator('sc-parking-view tr[data-car="苏E99887"] [data-action=settle]').click();
  assert.match(await page.locator("sc-parking-view sc-dialog .fee").innerText(), /¥15.00/);
  await page.locator("sc-parking-view [data-action=paid]").click();
  await page.waitForSelector("sc-parking-view [data-settled]");
  assert.equal(
    await page.locator("sc-parking-view [data-settled]").innerText(),
    "苏E99887 已出场：费用 ¥15.00，已付 ¥15.00，欠费 ¥0.00。",
  );
  assert.deepEqual(await calls(page, "smart_community/parking/settle"), [{ entry_id: "entry-hfjy", plate: "苏E99887", paid: true }]);
  await page.waitForFunction(() => {
    const view = document.querySelector("smart-community-panel")!.shadowRoot!.querySelector("sc-parking-view")!;
    return view.shadowRoot!.querySelector("[data-stat=free]")?.textContent === "118";
  });
  assert.deepEqual(errors, []);
  await close();
});

test("letting a car out owing, then collecting the fee later", async () => {
  const { page, close } = await openPanel(browser(), { path: "/parking", language: "en" });
  await page.waitForSelector("sc-parking-view tr[data-car]");
  await page.locator('sc-parking-view tr[data-car="皖A88888"] [data-action=settle]').click();
  await page.locator("sc-parking-view [data-action=owing]").click();
  await page.waitForSelector("sc-parking-view [data-settled]");
  await page.waitForFunction(() => {
    const view = document.querySelector("smart-community-panel")!.shadowRoot!.querySelector("sc-parking-view")!;
    return view.shadowRoot!.querySelector("[data-stat=unpaid]")?.textContent === "CNY 25.00";
  });
  await page.locator("sc-parking-view [name=unpaid_only]").check();
  await page.waitForFunction(() => window.__backend.calls.some((c) => c.params.unpaid_only === true));
  await page.waitForSelector("sc-parking-view tr[data-session] [data-action=collect]");
  await expectCount(page.locator("sc-parking-view tr[data-session]"), 2);
  assert.deepEqual(await texts(page, "sc-parking-view tr[data-session] b"), ["皖A88888", "浙B55555"]);
  await page.locator("sc-parking-view tr[data-session] [data-action=collect]").first().click();
  // the exit's message may still be shown: wait for the collection's own
  const collected = page.locator("sc-parking-view [role=status]", { hasText: "collected for 皖A88888" }).first();
  await collected.waitFor();
  assert.match(await collected.innerText(), /CNY 5.00 collected for 皖A88888/);
  await close();
});

test("manual entry: the plate's errors on the plate field", async () => {
  const { page, close } = await openPanel(browser(), { path: "/parking" });
  const form = "sc-parking-view [data-form=enter]";
  await page.waitForSelector(form);
  await page.locator(`${form} [name=plate]`).fill("12345");
  await page.locator(`${form} button[type=submit]`).click();
  assert.equal(await fieldError(page, form, "plate"), "12345 不是有效的车牌号码。");
  await page.locator(`${form} [name=plate]`).fill("皖A12345");
  await page.locator(`${form} button[type=submit]`).click();
  assert.equal(await fieldError(page, form, "plate"), "皖A12345 已在场内。");
  await page.locator(`${form} [name=plate]`).fill("皖B24680");
  await page.locator(`${form} [name=gate]`).selectOption("南门");
  await page.locator(`${form} button[type=submit]`).click();
  await page.waitForSelector('sc-parking-view tr[data-car="皖B24680"]');
  await close();
});
