/** Both languages translate every value the contract can send, and the language follows HA's. */

import assert from "node:assert/strict";
import { test } from "node:test";
import * as contract from "../../src/api/types";
import en from "../../src/i18n/en.json";
import { fill, languageOf, translator } from "../../src/i18n/i18n";
import zh from "../../src/i18n/zh-Hans.json";

/** Enumerations of the contract and the prefix of their labels. */
const LABELLED: Array<[string, readonly string[]]> = [
  ["record_kind", contract.RECORD_KINDS],
  ["decision", contract.DECISIONS],
  ["reason", contract.DECISION_REASONS],
  ["role", contract.PERSON_ROLES],
  ["role_console", contract.ROLES],
  ["method", contract.ACCESS_METHODS],
  ["alarm", contract.ALARM_TYPES],
  ["plate_color", contract.PLATE_COLORS],
  ["image", contract.IMAGE_TYPES],
  ["watch", contract.WATCH_KINDS],
  ["gate_kind", contract.GATE_KINDS],
  ["tier", contract.TIERS],
  ["photo_reason", contract.PHOTO_REASONS],
  ["quality", contract.QUALITY_ISSUES],
  ["pass_status", contract.PASS_STATUSES],
  ["parking_kind", contract.PARKING_KINDS],
  ["column", contract.REGISTER_COLUMN_KEYS],
  ["error", contract.ERROR_KEYS],
  ["view", contract.VIEWS.map((v) => v.id)],
];

test("every value of the contract has a label in English and in Chinese", () => {
  const missing: string[] = [];
  for (const [prefix, values] of LABELLED) {
    for (const value of values) {
      const key = `${prefix}.${value}`;
      if (!(key in en)) missing.push(`en ${key}`);
      if (!(key in zh)) missing.push(`zh-Hans ${key}`);
    }
  }
  assert.deepEqual(missing, []);
});

test("the Chinese table is a translation, not a copy", () => {
  const same = Object.entries(en).filter(([key, text]) => (zh as Record<string, string>)[key] === text && /[a-z]{3}/i.test(text));
  // Standard codes and units may stay as they are; words may not.
  assert.deepEqual(same.map(([key]) => key), []);
});

test("HA's language picks the table: every Chinese variant reads simplified Chinese", () => {
  assert.equal(languageOf({ language: "zh-Hans" }), "zh-Hans");
  assert.equal(languageOf({ language: "zh-Hant" }), "zh-Hans");
  assert.equal(languageOf({ language: "en", locale: { language: "zh-Hans" } }), "zh-Hans");
  assert.equal(languageOf({ language: "de" }), "en");
  assert.equal(languageOf(undefined), "en");
  assert.equal(translator("zh-Hans")("view.live"), "实时");
  assert.equal(translator("en")("stranger.number", { number: 7 }), "Stranger #7");
});

test("placeholders are filled, unknown ones left visible", () => {
  assert.equal(fill("{a} and {b}", { a: 1 }), "1 and {b}");
});
