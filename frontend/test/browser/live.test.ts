/** Live (实时): the feed follows the subscription, gates open (or say why not), alarms clear. */

import assert from "node:assert/strict";
import { test } from "node:test";
import type { RecordRow } from "../../src/api/types";
import { ago, image } from "../fake/fixtures";
import { calls, openPanel, screenshot, sharedBrowser, texts, expectCount } from "./helpers";

const browser = sharedBrowser();

const NEW_EVENT: RecordRow = {
  id: 7001,
  time: ago(0),
  kind: "recognition",
  device: "34010449971328001001",
  device_name: "蜀山区华府骏苑东门入口人脸抓拍机",
  gate: "东门",
  building: null,
  unit: null,
  person_id: "P00005",
  person_name: "陈静",
  role: "owner",
  cluster_id: null,
  stranger_number: null,
  plate: null,
  plate_color: null,
  method: "face",
  outcome: "allow",
  reason: "resident",
  similarity: 0.74,
  alarm: null,
  images: [image("face", "face-5"), image("scene", "s")],
  clips: [],
  falling: null,
  acknowledged_by: null,
  acknowledged_at: null,
};

test("the feed shows the snapshot, then each event as it happens, in Chinese", async () => {
  const { page, errors, unsigned, close } = await openPanel(browser(), { path: "/live" });
  await page.waitForSelector("sc-live-view .event");
  const first = await texts(page, "sc-live-view .event .who");
  assert.equal(first.length, 50);
  assert.match(first.join("|"), /陌生人 #12/);
  assert.match(first.join("|"), /张伟 \(业主\)/);
  await page.evaluate((event) => window.__backend.emit({ type: "event", event }), NEW_EVENT);
  await page.waitForSelector('sc-live-view .event[data-record="7001"]');
  const top = await page.locator("sc-live-view .event").first().innerText();
  assert.match(top, /陈静 \(业主\)/);
  assert.match(top, /东门/);
  assert.match(top, /人脸识别/);
  assert.match(top, /放行/);
  assert.match(top, /住户/);
  const counts = await page.locator("sc-live-view .counts").innerText();
  assert.match(counts, /场内人数/);
  await screenshot(page, "live-zh");
  assert.deepEqual(errors, []);
  assert.deepEqual(unsigned, []);
  await close();
});

test("a click opens the record with its pictures and decision", async () => {
  const { page, close } = await openPanel(browser(), { path: "/live", language: "en" });
  await page.waitForSelector("sc-live-view .event");
  await page.locator('sc-live-view .event[data-record="1001"]').click();
  await page.locator("sc-record-dialog dialog").waitFor();
  const text = (await page.locator("sc-record-dialog sc-dialog").textContent()) ?? "";
  assert.equal(await page.locator("sc-record-dialog sc-dialog").getAttribute("heading"), "Recognition");
  assert.match(text, /张伟 \(owner\)/);
  assert.match(text, /Allowed/);
  assert.match(text, /71\.0 %/);
  const pictures = await page.locator("sc-record-dialog .pictures img").evaluateAll((imgs) =>
    imgs.map((img) => (img as HTMLImageElement).getAttribute("src")),
  );
  assert.equal(pictures.length, 2);
  for (const src of pictures) assert.match(String(src), /authSig=/);
  await screenshot(page, "live-record-en");
  await close();
});

test("filters keep only vehicles or alarms", async () => {
  const { page, close } = await openPanel(browser(), { path: "/live", language: "en" });
  await page.waitForSelector("sc-live-view .event");
  await page.locator('sc-live-view [data-filter="vehicles"]').click();
  const vehicles = await texts(page, "sc-live-view .event .where");
  assert.ok(vehicles.length > 0);
  for (const line of vehicles) assert.match(line, /Plate read/);
  await page.locator('sc-live-view [data-filter="alarms"]').click();
  const alarms = await texts(page, "sc-live-view [data-section=feed] .event .where");
  assert.equal(alarms.length, 2);
  await close();
});

test("a guard opens a gate; an offline gate says why it cannot open", async () => {
  const { page, close } = await openPanel(browser(), { path: "/live", role: "guard" });
  await page.waitForSelector("sc-live-view .gate");
  await page.locator('sc-live-view [data-gate="34010449011398001010"] button').click();
  await page.waitForSelector('sc-live-view [data-gate="34010449011398001010"] [role=status]');
  const opened = await page.locator('sc-live-view [data-gate="34010449011398001010"]').innerText();
  assert.match(opened, /已由 赵保安 开启/);
  assert.match(opened, /已开/);
  await page.locator('sc-live-view [data-gate="34010449011398001011"] button').click();
  const refused = await page.locator('sc-live-view [data-gate="34010449011398001011"] [role=alert]').innerText();
  assert.equal(refused, "东门出口闸机 无法接收指令：接入方式 rs485 未连接。");
  assert.deepEqual(await calls(page, "smart_community/gates/open"), [
    { entry_id: "entry-hfjy", device: "34010449011398001010" },
    { entry_id: "entry-hfjy", device: "34010449011398001011" },
  ]);
  await screenshot(page, "live-guard-gates");
  await close();
});

test("acknowledging an alarm takes it off the open list", async () => {
  const { page, close } = await openPanel(browser(), { path: "/live" });
  await page.waitForSelector("sc-live-view .alarm");
  await expectCount(page.locator("sc-live-view .alarm"), 2);
  await page.locator('sc-live-view .alarm[data-alarm="999"] button').click();
  await page.waitForFunction(() => {
    const view = document.querySelector("smart-community-panel")?.shadowRoot?.querySelector("sc-live-view");
    return view?.shadowRoot?.querySelectorAll(".alarm").length === 1;
  });
  assert.deepEqual(await calls(page, "smart_community/alarms/acknowledge"), [{ entry_id: "entry-hfjy", record_id: 999 }]);
  await close();
});

const THROW: RecordRow = {
  ...NEW_EVENT,
  id: 7002,
  kind: "alarm",
  device: "34010449971328001401",
  device_name: "3栋南侧高空抛物摄像机",
  gate: null,
  person_id: null,
  person_name: null,
  role: null,
  method: null,
  outcome: null,
  reason: null,
  similarity: null,
  alarm: "falling_object",
  images: [image("scene", "s")],
  clips: [{ url: "/api/smart_community/media/entry-hfjy/throw.mp4?authSig=signed-clip" }],
  falling: { floor: 12, floor_low: 11, floor_high: 13, column: 2, confidence: 0.87 },
};

test("a thrown object's alarm names the floor and window; its record plays the clip", async () => {
  const { page, errors, unsigned, close } = await openPanel(browser(), { path: "/live" });
  await page.waitForSelector("sc-live-view .alarm");
  await page.evaluate((alarm) => window.__backend.emit({ type: "alarm", alarm }), THROW);
  const line = page.locator('sc-live-view .alarm[data-alarm="7002"]');
  await line.waitFor();
  assert.match(await line.innerText(), /高空抛物 · 12 层第 2 列/);
  await line.locator(".text").click();
  await page.locator("sc-record-dialog dialog").waitFor();
  const origin = await page.locator("sc-record-dialog [data-origin]").innerText();
  assert.equal(origin, "约 12 层（11-13 层）第 2 列窗户，置信度 87%");
  const clip = page.locator("sc-record-dialog .pictures video");
  assert.equal(await clip.getAttribute("src"), THROW.clips[0]?.url);
  assert.equal(await clip.getAttribute("controls"), "");
  assert.match(await page.locator("sc-record-dialog .pictures").innerText(), /视频证据/);
  await screenshot(page, "live-falling-object");
  assert.deepEqual(unsigned, []);
  assert.deepEqual(
    errors.filter((error) => !/404/.test(error)),
    [],
    "the fake serves no MP4; nothing else may fail",
  );
  await close();
});

test("leaving the view ends the subscription", async () => {
  const { page, close } = await openPanel(browser(), { path: "/live" });
  await page.waitForSelector("sc-live-view .event");
  assert.equal(await page.evaluate(() => window.__backend.subscriberCount), 1);
  await page.locator('smart-community-panel nav a[data-view="visitors"]').click();
  await page.waitForSelector("sc-visitors-view");
  await page.waitForFunction(() => window.__backend.subscriberCount === 0);
  await close();
});
