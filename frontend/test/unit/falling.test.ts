/** Where a thrown object came from, in both languages. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { translator } from "../../src/i18n/i18n";
import { fallingOriginShort, fallingOriginText } from "../../src/util/falling";

const ORIGIN = { floor: 12, floor_low: 11, floor_high: 13, column: 2, confidence: 0.873 };

test("the origin names the floor, its band, the window column and the confidence", () => {
  assert.equal(fallingOriginText(ORIGIN, translator("zh-Hans")), "约 12 层（11-13 层）第 2 列窗户，置信度 87%");
  assert.equal(
    fallingOriginText(ORIGIN, translator("en")),
    "about floor 12 (floors 11–13), window column 2, confidence 87 %",
  );
  assert.equal(fallingOriginShort(ORIGIN, translator("zh-Hans")), "12 层第 2 列");
});

test("a band no wider than the floor and an unknown confidence are left out", () => {
  const exact = { ...ORIGIN, floor_low: 12, floor_high: 12, confidence: null };
  assert.equal(fallingOriginText(exact, translator("zh-Hans")), "约 12 层第 2 列窗户");
  assert.equal(fallingOriginText(exact, translator("en")), "about floor 12, window column 2");
});
