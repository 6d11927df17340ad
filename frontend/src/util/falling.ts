/** How the console says where a thrown object came from (the integration's video analysis). */

import type { FallingOrigin } from "../api/types";
import type { Translate } from "../i18n/i18n";

/** "about floor 12 (floors 11–13), window column 2, confidence 87 %"; the band only when it
 * is wider than the floor itself. */
export function fallingOriginText(origin: FallingOrigin, t: Translate): string {
  const band =
    origin.floor_low === origin.floor && origin.floor_high === origin.floor
      ? ""
      : t("falling.band", { low: origin.floor_low, high: origin.floor_high });
  const confidence =
    origin.confidence === null ? "" : t("falling.confidence", { pct: Math.round(origin.confidence * 100) });
  return t("falling.origin", { floor: origin.floor, band, column: origin.column, confidence });
}

/** "floor 12, column 2": for one line of the live feed. */
export function fallingOriginShort(origin: FallingOrigin, t: Translate): string {
  return t("falling.short", { floor: origin.floor, column: origin.column });
}
