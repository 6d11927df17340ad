/** Strangers (陌生人): clusters, naming, merging, "not this person", the watch list. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { calls, fieldError, openPanel, screenshot, sharedBrowser, texts, expectCount } from "./helpers";

const browser = sharedBrowser();

test("clusters with visits, first and last seen, places and sample crops", async () => {
  const { page, errors, unsigned, close } = await openPanel(browser(), { path: "/strangers" });
  await page.waitForSelector("sc-strangers-view [data-cluster]");
  assert.deepEqual(await texts(page, "sc-strangers-view [data-cluster] h3"), ["陌生人 #12", "陌生人 #7", "陌生人 #3"]);
  const first = await page.locator('sc-strangers-view [data-cluster="anon-12"]').innerText();
  assert.match(first, /出现 22 次/);
  assert.match(first, /出现地点: 5栋1单元、东门/);
  await expectCount(page.locator('sc-strangers-view [data-cluster="anon-12"] [data-sample]'), 3);
  assert.match(await page.locator('sc-strangers-view [data-cluster="anon-7"]').innerText(), /重点关注/);
  await page.locator("sc-strangers-view select[name=sort]").selectOption("visits");
  await page.waitForFunction(() => window.__backend.calls.some((c) => c.params.sort === "visits"));
  await screenshot(page, "strangers");
  assert.deepEqual(errors, []);
  assert.deepEqual(unsigned, []);
  await close();
});

test("naming a stranger after a registered person", async () => {
  const { page, close } = await openPanel(browser(), { path: "/strangers" });
  await page.waitForSelector("sc-strangers-view [data-cluster]");
  await page.locator('sc-strangers-view [data-cluster="anon-12"] [data-action=name]').click();
  await page.locator("sc-strangers-view sc-dialog [name=person_id]").fill("陈");
  await page.locator('sc-strangers-view [data-candidate="P00005"]').click();
  await page.waitForSelector("sc-strangers-view [role=status]");
  assert.equal(await page.locator("sc-strangers-view [role=status]").innerText(), "陌生人 #12 已命名为 陈静。");
  await expectCount(page.locator('sc-strangers-view [data-cluster="anon-12"]'), 0);
  assert.deepEqual(await calls(page, "smart_community/strangers/name"), [
    { entry_id: "entry-hfjy", cluster_id: "anon-12", person_id: "P00005" },
  ]);
  await close();
});

test("a new resident registered from a stranger gets the stranger's face", async () => {
  const { page, close } = await openPanel(browser(), { path: "/strangers" });
  await page.waitForSelector("sc-strangers-view [data-cluster]");
  await page.locator('sc-strangers-view [data-cluster="anon-3"] [data-action=name]').click();
  await page.locator("sc-strangers-view sc-dialog button", { hasText: "新住户" }).click();
  const form = "sc-people-view [data-form=person]";
  await page.waitForSelector(form);
  assert.match(await page.locator("sc-people-view sc-dialog .notice").innerText(), /陌生人 #3 的人脸将归属此人/);
  await page.locator(`${form} [name=name]`).fill("周敏");
  await page.locator(`${form} [name=building]`).fill("4");
  await page.locator(`${form} [name=unit]`).fill("2");
  await page.locator(`${form} [name=room]`).fill("602");
  await page.locator(`${form} button[type=submit]`).click();
  await page.waitForSelector("sc-people-view [role=status]");
  assert.equal(await page.locator("sc-people-view [role=status]").innerText(), "陌生人 #3 已命名为 周敏。");
  assert.deepEqual((await calls(page, "smart_community/strangers/name"))[0], {
    entry_id: "entry-hfjy",
    cluster_id: "anon-3",
    person_id: "P00008",
  });
  await close();
});

test("merging two strangers, and the watch list needs a reason", async () => {
  const { page, close } = await openPanel(browser(), { path: "/strangers", language: "en" });
  await page.waitForSelector("sc-strangers-view [data-cluster]");
  await page.locator('sc-strangers-view [data-cluster="anon-3"] [data-action=merge]').click();
  await page.locator("sc-strangers-view sc-dialog select[name=into]").selectOption("anon-12");
  await page.locator("sc-strangers-view sc-dialog button[type=submit]").click();
  await page.waitForSelector("sc-strangers-view [role=status]");
  assert.equal(await page.locator("sc-strangers-view [role=status]").innerText(), "Stranger #3 merged into Stranger #12.");
  assert.match(await page.locator('sc-strangers-view [data-cluster="anon-12"]').innerText(), /24 visits/);

  await page.locator('sc-strangers-view [data-cluster="anon-12"] [data-action=watch]').click();
  await page.locator("sc-strangers-view sc-dialog select[name=watch_list]").selectOption("black_list");
  await page.locator("sc-strangers-view sc-dialog button[type=submit]").click();
  assert.equal(await fieldError(page, "sc-strangers-view sc-dialog", "reason"), "reason is required.");
  await page.locator("sc-strangers-view sc-dialog [name=reason]").fill("Tried doors at night");
  await page.locator("sc-strangers-view sc-dialog button[type=submit]").click();
  await page.waitForFunction(() => {
    const view = document.querySelector("smart-community-panel")!.shadowRoot!.querySelector("sc-strangers-view")!;
    return view.shadowRoot!.querySelector('[data-cluster="anon-12"] .badge')?.textContent?.includes("Black list");
  });
  await close();
});

test("'not this person' takes a wrong crop out of a cluster", async () => {
  const { page, close } = await openPanel(browser(), { path: "/strangers", language: "en" });
  await page.waitForSelector("sc-strangers-view [data-cluster]");
  await page.locator('sc-strangers-view [data-cluster="anon-12"] [data-sample="1014"] button').click();
  await page.waitForSelector("sc-strangers-view [role=status]");
  assert.match(await page.locator("sc-strangers-view [role=status]").innerText(), /kept as a negative example/);
  await expectCount(page.locator('sc-strangers-view [data-cluster="anon-12"] [data-sample]'), 2);
  assert.deepEqual(await calls(page, "smart_community/faces/not_this_person"), [
    { entry_id: "entry-hfjy", record_id: 1014, cluster_id: "anon-12" },
  ]);
  await close();
});

test("'not this person' on a wrong recognition, from the record", async () => {
  const { page, close } = await openPanel(browser(), { path: "/live", language: "en" });
  await page.waitForSelector('sc-live-view .event[data-record="1001"]');
  await page.locator('sc-live-view .event[data-record="1001"]').click();
  await page.locator("sc-record-dialog button.danger").click();
  await page.waitForSelector("sc-record-dialog [role=status]");
  assert.match(
    await page.locator("sc-record-dialog [role=status]").innerText(),
    /Removed from 张伟: the capture is now Stranger #101/,
  );
  assert.equal((await page.locator("sc-record-dialog [data-subject]").innerText()).trim(), "Stranger #101");
  await close();
});
