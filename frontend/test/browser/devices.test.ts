/** Devices (设备 / 一机一档): problems per cell, a file checked before import, exports, compliance. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { calls, fieldError, openPanel, screenshot, sharedBrowser, expectCount } from "./helpers";

const BAD_REGISTER = [
  "设备编码,设备名称,设备厂商,行政区域,IPV4地址,经度,纬度,录像保存天数,设备种类",
  "34010449971328001001,蜀山区华府骏苑东门入口人脸抓拍机,1,340104,192.168.1.10,117.254201,31.851402,30,face_camera",
  "3401044997132800100,蜀山区华府骏苑北门入口人脸抓拍机,1,340104,192.168.1.300,117.2542,31.851402,30,face_camera",
  "34010449971328001099,蜀山区华府骏苑西门入口人脸抓拍机,1,340104,192.168.1.99,117.250001,31.850001,30,face_camera",
].join("\n");

const browser = sharedBrowser();

test("the register: online state and every problem on its cell", async () => {
  const { page, errors, close } = await openPanel(browser(), { path: "/devices" });
  await page.waitForSelector("sc-devices-view tr[data-code]");
  await expectCount(page.locator("sc-devices-view tr[data-code]"), 12);
  const nvr = page.locator('sc-devices-view tr[data-code="34010449111188001001"]');
  assert.equal(await nvr.locator("td.problem").getAttribute("data-cell"), "retention_days");
  assert.equal(await nvr.locator("td.problem .cell-problem").innerText(), "is required");
  await expectCount(page.locator('sc-devices-view tr[data-code="34010449011398001011"] .dot.offline'), 1);
  await page.locator("sc-devices-view [name=only_problems]").check();
  await expectCount(page.locator("sc-devices-view tr[data-code]"), 1);
  await screenshot(page, "devices-register");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator('sc-devices-view [data-export="police-xlsx"]').click(),
  ]);
  assert.equal(download.suggestedFilename(), "police-register-2026-03-01.xlsx");
  assert.deepEqual(await calls(page, "smart_community/devices/export"), [{ entry_id: "entry-hfjy", police: true, format: "xlsx" }]);
  assert.deepEqual(errors, []);
  await close();
});

test("an uploaded register is checked first: problems on their cells, nothing imported until confirmed", async () => {
  const { page, close } = await openPanel(browser(), { path: "/devices", language: "en" });
  await page.locator('sc-devices-view [data-tab="import"]').click();
  await page.locator("sc-devices-view [data-section=import] input[type=file]").setInputFiles({
    name: "register.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\uFEFF${BAD_REGISTER}`, "utf8"),
  });
  await page.waitForSelector("sc-devices-view [data-preview]");
  const summary = await page.locator("sc-devices-view [data-preview] .summary").innerText();
  assert.match(summary, /3 rows/);
  assert.match(summary, /3 problems/);
  assert.match(summary, /2 new/);
  const bad = page.locator('sc-devices-view [data-preview] tr[data-row="3"]');
  assert.deepEqual(
    await bad.locator("td.problem").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-cell"))),
    ["code", "ipv4", "longitude"],
  );
  assert.match(await bad.locator('td[data-cell="ipv4"]').innerText(), /192\.168\.1\.300 is not an IPv4 address/);
  assert.equal(await page.locator("sc-devices-view [data-preview] th[data-column=ipv4]").innerText(), "IPv4 address");
  await screenshot(page, "devices-import-preview");

  await page.locator("sc-devices-view [data-form=import] button[type=submit]").click();
  assert.match(await fieldError(page, "sc-devices-view [data-form=import]", "form"), /The register has 3 problems and nothing was imported/);
  await page.locator("sc-devices-view [data-form=import] [name=accept_good_rows]").check();
  await page.locator("sc-devices-view [data-form=import] button[type=submit]").click();
  await page.waitForSelector("sc-devices-view [data-imported]");
  assert.match(await page.locator("sc-devices-view [data-imported]").innerText(), /Imported: 1 added/);
  const sent = await calls(page, "smart_community/devices/import_file");
  assert.equal(sent.length, 2);
  assert.equal(Buffer.from(String(sent[1]?.data), "base64").toString("utf8"), `\uFEFF${BAD_REGISTER}`);
  assert.equal(sent[1]?.accept_good_rows, true);
  await close();
});

test("a file that is not a register is refused on the file field", async () => {
  const { page, close } = await openPanel(browser(), { path: "/devices", language: "en" });
  await page.locator('sc-devices-view [data-tab="import"]').click();
  await page.locator("sc-devices-view [data-section=import] input[type=file]").setInputFiles({
    name: "photo.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0xc3, 0x28]),
  });
  assert.equal(
    await fieldError(page, "sc-devices-view [data-section=import]", "data"),
    "The register file cannot be read: not a UTF-8 CSV or an .xlsx file",
  );
  await close();
});

test("a manager sees the register but cannot import", async () => {
  const { page, close } = await openPanel(browser(), { path: "/devices", role: "manager" });
  await page.locator('sc-devices-view [data-tab="import"]').click();
  assert.ok(await page.locator("sc-devices-view [data-section=import] input[type=file]").isDisabled());
  const code = await page.evaluate(async () => {
    try {
      await window.__hass.callWS({ type: "smart_community/devices/import_file", entry_id: "entry-hfjy", filename: "x.csv", data: "", accept_good_rows: true, replace: true });
      return "answered";
    } catch (error) {
      return (error as { code: string }).code;
    }
  });
  assert.equal(code, "unauthorized");
  await close();
});

test("the compliance checklist of the tier with its open items", async () => {
  const { page, close } = await openPanel(browser(), { path: "/devices" });
  await page.locator('sc-devices-view [data-tab="compliance"]').click();
  await page.waitForSelector("sc-devices-view [data-requirement]");
  assert.equal(await page.locator("sc-devices-view [data-compliant]").innerText(), "2 项未满足");
  const open = await page.locator('sc-devices-view [data-requirement="high_unit_access"]').innerText();
  assert.match(open, /每个单元门配置门禁终端和楼道人脸抓拍机/);
  assert.match(open, /4栋2单元: 单元楼道人脸抓拍机/);
  await screenshot(page, "devices-compliance");
  await close();
});
