/**
 * The site plan's geometry: register coordinates (WGS-84 degrees) to view-box points,
 * equirectangular with the longitude shrunk by cos(latitude), which is exact enough over the
 * few hundred metres of a community, fitted and centred in the view box.
 */

import type { PlanDevice } from "../api/types";

export const WIDTH = 800;
export const HEIGHT = 520;
const PAD = 48;

export interface PlanPoint {
  device: string;
  /** Shown on the marker (1, 2, 3 … in time order). */
  label: string;
}

export interface Projected {
  device: PlanDevice;
  x: number;
  y: number;
}

/** Metres-proportional x/y for every device that has coordinates, fitted into the view box. */
export function project(devices: PlanDevice[]): Projected[] {
  const placed = devices.filter(
    (d): d is PlanDevice & { longitude: number; latitude: number } =>
      d.longitude !== null && d.latitude !== null,
  );
  if (placed.length === 0) return [];
  const lats = placed.map((d) => d.latitude);
  const lons = placed.map((d) => d.longitude);
  const meanLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const shrink = Math.cos((meanLat * Math.PI) / 180);
  const xs = lons.map((lon) => lon * shrink);
  const minX = Math.min(...xs);
  const maxY = Math.max(...lats);
  const spanX = Math.max(...xs) - minX;
  const spanY = maxY - Math.min(...lats);
  const span = Math.max(spanX / (WIDTH - 2 * PAD), spanY / (HEIGHT - 2 * PAD)) || 1;
  const offsetX = (WIDTH - spanX / span) / 2;
  const offsetY = (HEIGHT - spanY / span) / 2;
  return placed.map((device, i) => ({
    device,
    x: offsetX + ((xs[i] ?? 0) - minX) / span,
    y: offsetY + (maxY - device.latitude) / span,
  }));
}

