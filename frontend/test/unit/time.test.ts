/** Times in the community's zone whatever the browser's zone. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { formatMinutes, fromLocalInput, toDateInput, toLocalInput } from "../../src/util/time";

test("an instant shown in the community's zone for the form", () => {
  assert.equal(toLocalInput("2026-02-28T18:30:00Z", "Asia/Shanghai"), "2026-03-01T02:30");
  assert.equal(toDateInput("2026-02-28T18:30:00Z", "Asia/Shanghai"), "2026-03-01");
  assert.equal(toLocalInput(new Date(Date.UTC(2026, 2, 1, 2, 0)), "Europe/Berlin"), "2026-03-01T03:00");
});

test("form times go to the backend without an offset (community-local)", () => {
  assert.equal(fromLocalInput("2026-03-01T10:00"), "2026-03-01T10:00:00");
  assert.equal(fromLocalInput("2026-03-01T10:00:30"), "2026-03-01T10:00:30");
  assert.equal(fromLocalInput(""), undefined);
});

test("durations", () => {
  assert.equal(formatMinutes(135, "zh-Hans"), "2小时15分");
  assert.equal(formatMinutes(5, "en"), "5 min");
  assert.equal(formatMinutes(65, "en"), "1 h 05 min");
});
