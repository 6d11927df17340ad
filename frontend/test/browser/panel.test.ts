/** The panel in HA: views by permission, language, phone layout, dark theme, communities. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { openPanel, screenshot, sharedBrowser, texts, expectCount } from "./helpers";

const browser = sharedBrowser();

test("a manager sees every view; the tabs follow hass.language", async () => {
  const { page, errors, close } = await openPanel(browser(), { path: "/live", role: "manager" });
  assert.deepEqual(await texts(page, "smart-community-panel nav a"), ["实时", "住户", "访客", "记录", "轨迹", "陌生人", "停车", "设备"]);
  assert.equal(await page.locator("smart-community-panel [data-role]").innerText(), "物业经理");
  await page.evaluate(() => {
    const panel = document.querySelector("smart-community-panel") as unknown as { hass: unknown };
    panel.hass = { ...window.__hass, language: "en", locale: { language: "en", time_zone: "server" } };
  });
  await page.waitForFunction(() =>
    document.querySelector("smart-community-panel")?.shadowRoot?.querySelector("nav a")?.textContent?.includes("Live"),
  );
  assert.deepEqual(await texts(page, "smart-community-panel nav a"), [
    "Live",
    "People",
    "Visitors",
    "Records",
    "Trajectory",
    "Strangers",
    "Parking",
    "Devices",
  ]);
  assert.deepEqual(errors, []);
  await close();
});

test("a guard sees Live and Visitors only; a manager's link falls back and the backend refuses", async () => {
  const { page, close } = await openPanel(browser(), { path: "/records?person_id=P00001", role: "guard" });
  assert.deepEqual(await texts(page, "smart-community-panel nav a"), ["实时", "访客"]);
  await page.waitForSelector("sc-live-view");
  assert.equal(await page.evaluate(() => window.location.pathname), "/smart-community/live");
  await expectCount(page.locator("sc-records-view"), 0);
  // The same commands sent by hand are refused (the panel hiding them is not the protection).
  const answers = await page.evaluate(async () => {
    const out: string[] = [];
    for (const type of ["smart_community/records/search", "smart_community/people/add", "smart_community/devices/register"]) {
      try {
        await window.__hass.callWS({ type, entry_id: "entry-hfjy", name: "x", role: "owner" });
        out.push("answered");
      } catch (error) {
        out.push((error as { code: string }).code);
      }
    }
    return out;
  });
  assert.deepEqual(answers, ["unauthorized", "unauthorized", "unauthorized"]);
  await screenshot(page, "guard-live");
  await close();
});

test("on a phone: narrow layout, a menu button that opens HA's sidebar, dark theme", async () => {
  const { page, errors, close } = await openPanel(browser(), { path: "/live", narrow: true, dark: true });
  await page.waitForSelector("sc-live-view .event");
  await page.locator("smart-community-panel button.menu").click();
  assert.equal(await page.evaluate(() => window.__menuToggles), 1);
  const layout = await page.evaluate(() => {
    const view = document.querySelector("smart-community-panel")!.shadowRoot!.querySelector("sc-live-view")!;
    const columns = getComputedStyle(view.shadowRoot!.querySelector(".layout")!).gridTemplateColumns.split(" ").length;
    const body = getComputedStyle(document.querySelector("smart-community-panel")!).backgroundColor;
    return { columns, body, width: document.documentElement.scrollWidth };
  });
  assert.equal(layout.columns, 1);
  assert.equal(layout.body, "rgb(17, 17, 17)");
  assert.ok(layout.width <= 390, `the page scrolls sideways: ${layout.width}px`);
  await screenshot(page, "phone-dark-live");
  await page.locator('smart-community-panel nav a[data-view="people"]').click();
  await page.waitForSelector("sc-people-view [data-person]");
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
  await screenshot(page, "phone-dark-people");
  assert.deepEqual(errors, []);
  await close();
});

test("several communities: a selector, and the views load the chosen one", async () => {
  const { page, close } = await openPanel(browser(), { path: "/devices", twoCommunities: true, language: "en" });
  await page.waitForSelector("sc-devices-view [data-code]");
  await page.locator("smart-community-panel header select").selectOption("entry-fhc");
  await page.waitForFunction(() =>
    window.__backend.calls.some((c) => c.type === "smart_community/devices/register" && c.params.entry_id === "entry-fhc"),
  );
  assert.equal(await page.evaluate(() => window.localStorage.getItem("smart_community.entry_id")), "entry-fhc");
  await close();
});

test("without the console backend the panel says so instead of staying blank", async () => {
  const { page, close } = await openPanel(browser(), { path: "/live", language: "en" }).catch(() => {
    throw new Error("panel did not open");
  });
  await page.evaluate(() => {
    const panel = document.querySelector("smart-community-panel") as unknown as { hass: unknown };
    const refuse = async () => {
      throw { code: "unknown_command", message: "Unknown command." };
    };
    panel.hass = { ...window.__hass, callWS: refuse, connection: { subscribeMessage: refuse } };
  });
  const alert = page.locator("smart-community-panel main > [role=alert]");
  await alert.waitFor();
  assert.match(await alert.innerText(), /console's backend is not available/);
  await close();
});
