/**
 * Times: the backend sends ISO 8601 with the community's offset; the panel shows them in the
 * community's (HA server's) time zone and sends form times without an offset, which the
 * backend reads as community-local time, as the actions do.
 */

import type { Language } from "../i18n/i18n";
import type { IsoDateTime } from "../api/types";

const LOCALES: Record<Language, string> = { en: "en-GB", "zh-Hans": "zh-CN" };

function parts(date: Date, timeZone: string): Record<string, string> {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(date)) out[part.type] = part.value;
  return out;
}

/** `2026-03-01T10:05` (the value of an `<input type="datetime-local">`) in `timeZone`. */
export function toLocalInput(moment: Date | IsoDateTime, timeZone: string): string {
  const p = parts(typeof moment === "string" ? new Date(moment) : moment, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** `2026-03-01` in `timeZone`. */
export function toDateInput(moment: Date | IsoDateTime, timeZone: string): string {
  return toLocalInput(moment, timeZone).slice(0, 10);
}

/** A datetime-local value as the backend takes it (no offset: community-local). */
export function fromLocalInput(value: string): IsoDateTime | undefined {
  if (!value) return undefined;
  return value.length === 16 ? `${value}:00` : value;
}

const DAY: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit" };
const CLOCK: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

function format(moment: Date, language: Language, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(LOCALES[language], { timeZone, ...options }).format(moment);
}

export function formatDateTime(iso: IsoDateTime, language: Language, timeZone: string): string {
  return format(new Date(iso), language, timeZone, { ...DAY, ...CLOCK });
}

export function formatTime(iso: IsoDateTime, language: Language, timeZone: string): string {
  return format(new Date(iso), language, timeZone, { ...CLOCK, second: "2-digit" });
}

export function formatDate(iso: string, language: Language, timeZone: string): string {
  // A bare date is a calendar day: format it as such, not as UTC midnight moved to the zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return format(new Date(`${iso}T00:00:00Z`), language, "UTC", DAY);
  return format(new Date(iso), language, timeZone, DAY);
}

/** `2 h 05 min` / `2小时05分`. */
export function formatMinutes(minutes: number, language: Language): string {
  const hours = Math.floor(minutes / 60);
  const rest = String(minutes % 60).padStart(hours ? 2 : 1, "0");
  if (language === "zh-Hans") return hours ? `${hours}小时${rest}分` : `${rest}分钟`;
  return hours ? `${hours} h ${rest} min` : `${rest} min`;
}

/** `5 minutes ago` relative to `now` (tests fix the clock). */
export function formatAgo(iso: IsoDateTime, language: Language, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(LOCALES[language], { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, "second");
  if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return format.format(Math.round(seconds / 3600), "hour");
  return format.format(Math.round(seconds / 86400), "day");
}

export function formatMoney(amount: string, language: Language): string {
  return language === "zh-Hans" ? `¥${amount}` : `CNY ${amount}`;
}
