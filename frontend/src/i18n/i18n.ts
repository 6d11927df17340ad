/**
 * The panel's two languages. The tables are JSON files (en.json is the reference: its keys are
 * the `Key` type, so a missing English string does not compile; a test checks zh-Hans has the
 * same keys and placeholders). Placeholders are written `{name}` as in HA's translations.
 */

import en from "./en.json";
import zhHans from "./zh-Hans.json";
import type { HomeAssistant } from "../hass";

export type Key = keyof typeof en;
export type Language = "en" | "zh-Hans";
export type Placeholders = Record<string, string | number>;
export type Translate = (key: Key, placeholders?: Placeholders) => string;

const TABLES: Record<Language, Record<Key, string>> = { en, "zh-Hans": zhHans };

/** Every Chinese variant HA offers reads simplified Chinese better than English. */
export function languageOf(hass: Pick<HomeAssistant, "language" | "locale"> | undefined): Language {
  const tag = (hass?.locale?.language ?? hass?.language ?? "en").toLowerCase();
  return tag === "zh" || tag.startsWith("zh-") ? "zh-Hans" : "en";
}

export function fill(text: string, placeholders: Placeholders = {}): string {
  return text.replace(/\{([a-z_0-9]+)\}/g, (whole, name: string) =>
    name in placeholders ? String(placeholders[name]) : whole,
  );
}

export function translator(language: Language): Translate {
  const table = TABLES[language];
  return (key, placeholders) => fill(table[key] ?? en[key] ?? key, placeholders);
}

/** Whether `key` is a translation key (for keys built from backend values). */
export function hasKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(en, key);
}
