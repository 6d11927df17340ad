/**
 * People (住户): the building → unit → room tree, the person form with the registry's errors
 * next to their fields, photos from a file with each accepted or rejected and why, vehicles,
 * moving out, care residents.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { calls, fieldError, openPanel, screenshot, sharedBrowser, texts, expectCount } from "./helpers";

const PHOTO = join(process.cwd(), "..", "tests", "data", "recognition", "plate_yellow_720p.jpg");
const FORM = "sc-people-view [data-form=person]";

const browser = sharedBrowser();

async function openRoom(page: Page): Promise<void> {
  await page.locator('sc-people-view [data-node="5栋"]').click();
  await page.locator('sc-people-view [data-node="1单元"]').click();
  await page.locator('sc-people-view [data-node="1502室"]').click();
  await page.waitForFunction(() => {
    const view = document.querySelector("smart-community-panel")!.shadowRoot!.querySelector("sc-people-view")!;
    return view.shadowRoot!.querySelectorAll("tr[data-person]").length === 2;
  });
}

async function submitPerson(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const input = page.locator(`${FORM} [name="${name}"]`);
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await page.locator(`${FORM} button[type=submit]`).click();
}

test("the tree narrows the list to a room; the household is shown with the person", async () => {
  const { page, errors, close } = await openPanel(browser(), { path: "/people" });
  await page.waitForSelector("sc-people-view [data-person]");
  await openRoom(page);
  assert.deepEqual(await texts(page, "sc-people-view tr[data-person] td:first-child"), ["张伟", "李娜"]);
  assert.deepEqual((await calls(page, "smart_community/people/list")).at(-1), {
    entry_id: "entry-hfjy",
    building: "5",
    unit: "1",
    room: "1502",
    limit: 100,
  });
  await page.locator('sc-people-view tr[data-person="P00001"]').click();
  await page.waitForSelector('sc-people-view [data-detail="P00001"]');
  const household = await page.locator("sc-people-view [data-section=household]").innerText();
  assert.match(household, /李娜 · 家庭成员/);
  const vehicles = await page.locator("sc-people-view [data-section=vehicles]").innerText();
  assert.match(vehicles, /皖A12345/);
  assert.match(vehicles, /月卡至 2026\/12\/31/);
  await screenshot(page, "people-detail");
  assert.deepEqual(errors, []);
  await close();
});

test("registry errors appear next to their fields, and nothing is added until they are fixed", async () => {
  const { page, close } = await openPanel(browser(), { path: "/people" });
  await page.waitForSelector("sc-people-view [data-person]");
  await openRoom(page);
  await page.locator("sc-people-view [data-action=add-person]").click();
  await page.waitForSelector(FORM);
  assert.equal(await page.locator(`${FORM} [name=building]`).inputValue(), "5");
  assert.equal(await page.locator(`${FORM} [name=room]`).inputValue(), "1502");

  await submitPerson(page, { name: "张小明", role: "family", id_number: "340121198001011231" });
  assert.equal(await fieldError(page, FORM, "id_number"), "身份证号码无效(GB 11643)：InvalidChecksum。");

  await submitPerson(page, { id_number: "11010519491231002X", mobile: "12345" });
  assert.equal(await fieldError(page, FORM, "mobile"), "12345 不是有效的大陆手机号码。");
  await expectCount(page.locator(`${FORM} [data-error-for=id_number]`), 0);

  await submitPerson(page, { mobile: "13800138000", room: "15A" });
  assert.equal(await fieldError(page, FORM, "room"), "房号 15A 无效(楼层加两位门牌，如 1502)。");

  await submitPerson(page, { room: "1502", building: "9" });
  assert.equal(await fieldError(page, FORM, "building"), "一机一档中没有 9 栋。");

  await submitPerson(page, { building: "5", role: "tenant" });
  assert.equal(await fieldError(page, FORM, "move_in"), "缺少必填项：入住日期。");

  await submitPerson(page, { move_in: "2026-03-01", move_out: "2026-02-01" });
  assert.equal(await fieldError(page, FORM, "move_out"), "租期的结束时间早于开始时间。");
  await screenshot(page, "people-form-errors");

  const added = await page.evaluate(() => window.__backend.people.length);
  assert.equal(added, 7, "a refused form added nobody");
  await submitPerson(page, { move_out: "2027-02-28" });
  await page.waitForSelector('sc-people-view [data-detail="P00008"]');
  const sent = (await calls(page, "smart_community/people/add")).at(-1);
  assert.deepEqual(sent, {
    entry_id: "entry-hfjy",
    name: "张小明",
    role: "tenant",
    id_number: "11010519491231002X",
    mobile: "13800138000",
    building: "5",
    unit: "1",
    room: "1502",
    move_in: "2026-03-01",
    move_out: "2027-02-28",
    watch_list: "none",
  });
  assert.match(await page.locator("sc-people-view [role=status]").innerText(), /已保存 张小明/);
  await close();
});

test("photos from a file: scaled down, each accepted or rejected with the reason", async () => {
  const { page, close } = await openPanel(browser(), { path: "/people", language: "en" });
  await page.waitForSelector("sc-people-view [data-person]");
  await page.locator('sc-people-view tr[data-person="P00005"]').click();
  await page.waitForSelector('sc-people-view [data-detail="P00005"]');
  await page.evaluate(() => {
    window.__backend.photoOutcomes = [
      { accepted: true, reason: "enrolled", issues: [], faces: 1 },
      { accepted: false, reason: "several_faces", issues: [], faces: 3 },
      { accepted: false, reason: "poor_quality", issues: ["blurred", "turned"], faces: 1 },
    ];
  });
  await page.locator("sc-people-view sc-photo-picker #file").setInputFiles([PHOTO, PHOTO, PHOTO]);
  await page.waitForFunction(() => {
    const view = document.querySelector("smart-community-panel")!.shadowRoot!.querySelector("sc-people-view")!;
    return view.shadowRoot!.querySelectorAll("[data-photo-result=accepted],[data-photo-result=rejected]").length === 3;
  });
  const results = await texts(page, "sc-people-view [data-photo-result] div");
  assert.deepEqual(results.slice(0, 4), [
    "Accepted: enrolled",
    "Rejected: 3 faces in the photo: use a photo of one person",
    "Rejected: poor quality",
    "blurred、face turned aside",
  ]);
  const sizes = await page.evaluate(() => window.__backend.photoSizes);
  assert.equal(sizes.length, 3);
  for (const size of sizes) assert.ok(Math.max(size.width, size.height) <= 1600 && size.bytes < 2 * 1024 * 1024);
  assert.equal((await calls(page, "smart_community/people/photos/enroll"))[0]?.filename, "plate_yellow_720p.jpg");
  assert.match(await page.locator("sc-people-view [data-section=photos] h3").innerText(), /1 enrolled/);
  await screenshot(page, "people-photos");
  await close();
});

test("a file that is not a picture is refused before anything is sent", async () => {
  const { page, close } = await openPanel(browser(), { path: "/people", language: "en" });
  await page.waitForSelector("sc-people-view [data-person]");
  await page.locator('sc-people-view tr[data-person="P00005"]').click();
  await page.locator("sc-people-view sc-photo-picker #file").setInputFiles({
    name: "notes.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from("not a jpeg at all"),
  });
  const error = await page.locator("sc-people-view [data-photo-result=error]").innerText();
  assert.equal(error, "notes.jpg: Not a readable picture.");
  assert.equal((await calls(page, "smart_community/people/photos/enroll")).length, 0);
  await close();
});

test("vehicles: a bad plate is shown on the plate field; a good one is added", async () => {
  const { page, close } = await openPanel(browser(), { path: "/people" });
  await page.waitForSelector("sc-people-view [data-person]");
  await page.locator('sc-people-view tr[data-person="P00005"]').click();
  const form = "sc-people-view [data-form=vehicle]";
  await page.locator(`${form} [name=plate]`).fill("AB123");
  await page.locator(`${form} button[type=submit]`).click();
  assert.equal(await fieldError(page, form, "plate"), "AB123 不是有效的车牌号码。");
  await page.locator(`${form} [name=plate]`).fill("皖A54321");
  await page.locator(`${form} [name=monthly_pass_from]`).fill("2026-03-01");
  await page.locator(`${form} [name=monthly_pass_until]`).fill("2026-02-01");
  await page.locator(`${form} button[type=submit]`).click();
  assert.equal(await fieldError(page, form, "monthly_pass_until"), "月卡的结束时间早于开始时间。");
  await page.locator(`${form} [name=monthly_pass_until]`).fill("2026-05-31");
  await page.locator(`${form} button[type=submit]`).click();
  await page.waitForSelector('sc-people-view [data-vehicle="皖A54321"]');
  await close();
});

test("moving out: a tenant gets a move-out date; an owner with a car cannot be removed", async () => {
  const { page, close } = await openPanel(browser(), { path: "/people" });
  await page.waitForSelector("sc-people-view [data-person]");
  await page.locator('sc-people-view tr[data-person="P00003"]').click();
  await page.locator("sc-people-view [data-action=move-out]").click();
  await page.locator("sc-people-view [data-form=move-out] [name=move_out]").fill("2026-03-15");
  await page.locator("sc-people-view [data-form=move-out] button[type=submit]").click();
  await page.waitForFunction(() => window.__backend.people.find((p) => p.person_id === "P00003")?.move_out === "2026-03-15");
  await page.locator("sc-people-view [role=status]", { hasText: /王芳 已登记搬离/ }).waitFor();
  await page.keyboard.press("Escape");

  await page.locator('sc-people-view tr[data-person="P00001"]').click();
  await page.locator("sc-people-view [data-action=move-out]").click();
  await page.locator("sc-people-view [data-form=move-out] button[type=submit]").click();
  assert.equal(await fieldError(page, "sc-people-view [data-form=move-out]", "form"), "P00001 仍被 皖A12345 引用。");
  assert.ok(await page.evaluate(() => window.__backend.people.some((p) => p.person_id === "P00001")));
  await close();
});

test("care residents: last seen and the threshold", async () => {
  const { page, close } = await openPanel(browser(), { path: "/people", language: "en" });
  await page.waitForSelector("sc-people-view [data-person]");
  await page.locator('sc-people-view [data-node="Care residents"]').click();
  await page.waitForFunction(() => {
    const view = document.querySelector("smart-community-panel")!.shadowRoot!.querySelector("sc-people-view")!;
    return view.shadowRoot!.querySelectorAll("tr[data-person]").length === 1;
  });
  const row = await page.locator('sc-people-view tr[data-person="P00004"]').innerText();
  assert.match(row, /2 days ago/);
  assert.match(row, /alert after 24 h/);
  await screenshot(page, "people-care");
  await close();
});
