/** Trajectory (轨迹): a timeline with pictures and the numbered path on the site plan. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldError, openPanel, screenshot, sharedBrowser, expectCount } from "./helpers";

const browser = sharedBrowser();

test("a person's trajectory: timeline in time order and numbered stops on the plan", async () => {
  const { page, errors, close } = await openPanel(browser(), { path: "/trajectory?person_id=P00001" });
  await page.waitForSelector("sc-trajectory-view li[data-point]");
  const points = page.locator("sc-trajectory-view li[data-point]");
  await expectCount(points, 12);
  const times = await page.locator("sc-trajectory-view li[data-point] .muted").allInnerTexts();
  assert.deepEqual([...times].sort(), times, "in time order");
  assert.match(await page.locator("sc-trajectory-view [data-section=timeline] h2").innerText(), /张伟 \(业主\)/);
  // 12 stops drawn, on the devices that saw him; buildings drawn from the register.
  await expectCount(page.locator("sc-trajectory-view sc-site-plan [data-stop]"), 12);
  await expectCount(page.locator("sc-trajectory-view sc-site-plan path.path"), 1);
  assert.deepEqual(
    await page.locator("sc-trajectory-view sc-site-plan [data-building]").evaluateAll((g) => g.map((e) => e.getAttribute("data-building"))),
    ["5", "3"],
  );
  assert.match(await page.locator("sc-trajectory-view sc-site-plan .unplaced").innerText(), /硬盘录像机/);
  await points.nth(3).click();
  await expectCount(page.locator('sc-trajectory-view sc-site-plan [data-stop="4"] circle.selected'), 1);
  await screenshot(page, "trajectory");
  assert.deepEqual(errors, []);
  await close();
});

test("a stranger's trajectory, and the error when neither or both are given", async () => {
  const { page, close } = await openPanel(browser(), { path: "/trajectory", language: "en" });
  await page.waitForSelector("sc-trajectory-view form");
  await page.locator("sc-trajectory-view form button[type=submit]").click();
  assert.equal(await fieldError(page, "sc-trajectory-view form", "person_id"), "Give either a person or a face cluster.");
  await page.locator("sc-trajectory-view form [name=cluster_id]").fill("anon-7");
  await page.locator("sc-trajectory-view form button[type=submit]").click();
  await page.waitForSelector("sc-trajectory-view li[data-point]");
  assert.equal(await page.locator("sc-trajectory-view [data-section=timeline] h2").innerText(), "Stranger #7");
  await close();
});
