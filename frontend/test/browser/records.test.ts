/** Records (记录): filters, paging, thumbnails, exports, search by face photo. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { calls, fieldError, openPanel, screenshot, sharedBrowser, texts, expectCount } from "./helpers";

const PHOTO = join(process.cwd(), "..", "tests", "data", "recognition", "plate_yellow_720p.jpg");
const FORM = "sc-records-view form#filters";

const browser = sharedBrowser();

test("pages of 50 with signed thumbnails, next and previous", async () => {
  const { page, errors, unsigned, close } = await openPanel(browser(), { path: "/records" });
  await page.waitForSelector("sc-records-view tr[data-record]");
  await expectCount(page.locator("sc-records-view [data-section=results] tr[data-record]"), 50);
  const thumbs = await page.locator("sc-records-view [data-section=results] img.thumb").evaluateAll((imgs) =>
    imgs.map((img) => (img as HTMLImageElement).src),
  );
  assert.ok(thumbs.length > 40);
  for (const src of thumbs) assert.match(src, /\/api\/smart_community\/image\/.*authSig=signed-thumb/);
  await page.locator("sc-records-view [data-page=next]").click();
  await page.waitForFunction(() => window.__backend.calls.filter((c) => c.type === "smart_community/records/search").length === 2);
  await page.locator("sc-records-view [data-page=next]").click();
  await page.waitForFunction(() => window.__backend.calls.filter((c) => c.type === "smart_community/records/search").length === 3);
  await expectCount(page.locator("sc-records-view [data-section=results] tr[data-record]"), 32);
  assert.ok(await page.locator("sc-records-view [data-page=next]").isDisabled());
  await page.locator("sc-records-view [data-page=previous]").click();
  await page.waitForFunction(() => window.__backend.calls.filter((c) => c.type === "smart_community/records/search").length === 4);
  const cursors = (await calls(page, "smart_community/records/search")).map((c) => c.cursor ?? null);
  assert.deepEqual(cursors, [null, "o:50", "o:100", "o:50"]);
  await screenshot(page, "records");
  assert.deepEqual(errors, []);
  assert.deepEqual(unsigned, []);
  await close();
});

test("filters by plate, kind and time; a range that ends before it starts is shown on 'until'", async () => {
  const { page, close } = await openPanel(browser(), { path: "/records", language: "en" });
  await page.waitForSelector("sc-records-view tr[data-record]");
  await page.locator(`${FORM} [name=plate]`).fill("皖A12345");
  await page.locator(`${FORM} [name=kind]`).selectOption("plate_read");
  await page.locator(`${FORM} [name=start]`).fill("2026-03-01T08:00");
  await page.locator(`${FORM} [name=end]`).fill("2026-03-01T07:00");
  await page.locator(`${FORM} button[type=submit]`).click();
  assert.equal(await fieldError(page, FORM, "end"), "The search's end time is not valid.");
  await page.locator(`${FORM} [name=end]`).fill("2026-03-01T10:00");
  await page.locator(`${FORM} button[type=submit]`).click();
  await page.waitForFunction(() => window.__backend.calls.filter((c) => c.type === "smart_community/records/search").length === 3);
  assert.deepEqual((await calls(page, "smart_community/records/search")).at(-1), {
    entry_id: "entry-hfjy",
    plate: "皖A12345",
    kind: "plate_read",
    start: "2026-03-01T08:00:00",
    end: "2026-03-01T10:00:00",
    limit: 50,
  });
  // the search's answer has arrived; its two rows replace the first page's 50 when rendered
  await expectCount(page.locator("sc-records-view [data-section=results] tr[data-record]"), 2);
  const kinds = await texts(page, "sc-records-view [data-section=results] tr[data-record] td:nth-child(3)");
  assert.equal(kinds.length, 2);
  for (const kind of kinds) assert.equal(kind, "Plate read");
  await close();
});

test("exports download through a signed URL; unmasked only for admins", async () => {
  const admin = await openPanel(browser(), { path: "/records" });
  await admin.page.waitForSelector("sc-records-view tr[data-record]");
  await admin.page.locator(`${FORM} [name=full]`).check();
  const [download] = await Promise.all([
    admin.page.waitForEvent("download"),
    admin.page.locator('sc-records-view [data-export="xlsx"]').click(),
  ]);
  assert.equal(download.suggestedFilename(), "records-2026-03-01.xlsx");
  assert.match(download.url(), /authSig=/);
  assert.match(await admin.page.locator("sc-records-view [role=status]").innerText(), /未脱敏/);
  assert.equal((await calls(admin.page, "smart_community/records/export"))[0]?.full, true);
  await admin.close();

  const manager = await openPanel(browser(), { path: "/records", role: "manager" });
  await manager.page.waitForSelector("sc-records-view tr[data-record]");
  await expectCount(manager.page.locator(`${FORM} [name=full]`), 0);
  await Promise.all([manager.page.waitForEvent("download"), manager.page.locator('sc-records-view [data-export="csv"]').click()]);
  assert.match(await manager.page.locator("sc-records-view [role=status]").innerText(), /已脱敏/);
  assert.equal((await calls(manager.page, "smart_community/records/export"))[0]?.full, false);
  await manager.close();
});

test("search by face photo: every capture of that face, or why not", async () => {
  const { page, close } = await openPanel(browser(), { path: "/records", language: "en" });
  await page.waitForSelector("sc-records-view tr[data-record]");
  await page.evaluate(() => {
    window.__backend.faceSearch = { faces: 0, person: null, cluster: "anon-12" };
  });
  await page.locator("sc-records-view sc-photo-picker #file").setInputFiles(PHOTO);
  assert.equal(await fieldError(page, "sc-records-view [data-section=face-search]", "image"), "No face found in the photo.");
  await page.evaluate(() => {
    window.__backend.faceSearch = { faces: 2, person: null, cluster: "anon-12" };
  });
  await page.locator("sc-records-view sc-photo-picker #camera").setInputFiles(PHOTO);
  await page.waitForSelector("sc-records-view [data-face-result]");
  const summary = await page.locator("sc-records-view [data-face-result]").innerText();
  assert.match(summary, /2 face\(s\) in the photo/);
  assert.match(summary, /Not a registered person/);
  assert.match(summary, /22 captures found/);
  const rows = page.locator("sc-records-view [data-section=face-search] tr[data-record]");
  await expectCount(rows, 22);
  assert.match(await rows.first().innerText(), /Stranger #12[\s\S]*82\.0 %/);
  await screenshot(page, "records-face-search");
  await close();
});

test("a person's link opens their records", async () => {
  const { page, close } = await openPanel(browser(), { path: "/records?person_id=P00002" });
  await page.waitForSelector("sc-records-view tr[data-record]");
  assert.equal((await calls(page, "smart_community/records/search"))[0]?.person_id, "P00002");
  assert.equal(await page.locator(`${FORM} [name=person_id]`).inputValue(), "P00002");
  await close();
});
