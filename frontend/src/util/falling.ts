/** How the console says where a thrown object came from (the integration's video analysis). */

import type { FallingOrigin } from "../api/types";
import type { Translate } from "../i18n/i18n";

/** "about floor 12 (floors 11–13), window column 2, confidence 87 %". */
export function fallingOriginText(origin: FallingOrigin, t: Translate): string {
  const placeholders = {
    floor: origin.floor,
    low: origin.floor_low,
    high: origin.floor_high,
    column: origin.column,
  };
  return origin.confidence === null
    ? t("falling.origin", placeholders)
    : t("falling.origin_confidence", { ...placeholders, pct: Math.round(origin.confidence * 100) });
}

/** "floor 12, column 2": for one line of the live feed. */
export function fallingOriginShort(origin: FallingOrigin, t: Translate): string {
  return t("falling.short", { floor: origin.floor, column: origin.column });
}
