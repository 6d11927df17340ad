/** The visitor pass QR code decodes back to its token (jsQR), and the site plan keeps distances. */

import assert from "node:assert/strict";
import { test } from "node:test";
import jsQR from "jsqr";
import type { PlanDevice } from "../../src/api/types";
import { project } from "../../src/util/plan";
import { qrModules, qrPath } from "../../src/util/qr";

function decode(text: string): string | null {
  const modules = qrModules(text);
  const scale = 6;
  const size = modules.length * scale;
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dark = modules[Math.floor(y / scale)]![Math.floor(x / scale)];
      const i = (y * size + x) * 4;
      pixels.set(dark ? [0, 0, 0, 255] : [255, 255, 255, 255], i);
    }
  }
  return jsQR(pixels, size, size)?.data ?? null;
}

test("pass tokens of every length decode back", () => {
  for (const token of ["SCV1.V00001.x", `SCV1.V00042.${"a".repeat(60)}`, "SCV1." + "Zz9-_".repeat(40)]) {
    assert.equal(decode(token), token);
  }
});

test("the SVG path draws exactly the dark modules inside a quiet zone", () => {
  const { size, path } = qrPath("SCV1.V00001.x");
  const modules = qrModules("SCV1.V00001.x");
  assert.equal(size, modules.length);
  assert.equal(path.split("M").length - 1, modules.flat().filter(Boolean).length);
  for (let i = 0; i < 4; i++) assert.ok(modules[i]!.every((dark) => !dark), "quiet zone");
});

const at = (device: string, longitude: number | null, latitude: number | null): PlanDevice => ({
  device,
  name: device,
  kind: "face_camera",
  longitude,
  latitude,
  building: null,
  unit: null,
  gate: null,
  online: true,
});

test("the plan keeps metres: 100 m east and 100 m north are drawn the same length", () => {
  // At 31.85° N one degree of longitude is cos(31.85°) of a degree of latitude.
  const northDegrees = 100 / 111_320;
  const eastDegrees = northDegrees / Math.cos((31.85 * Math.PI) / 180);
  const points = project([at("o", 117.25, 31.85), at("e", 117.25 + eastDegrees, 31.85), at("n", 117.25, 31.85 + northDegrees), at("x", null, null)]);
  assert.equal(points.length, 3, "devices without coordinates are left off");
  const [o, e, n] = points;
  const east = Math.hypot(e!.x - o!.x, e!.y - o!.y);
  const north = Math.hypot(n!.x - o!.x, n!.y - o!.y);
  assert.ok(Math.abs(east - north) / north < 0.002, `${east} vs ${north}`);
  assert.ok(n!.y < o!.y, "north is up");
  assert.ok(e!.x > o!.x, "east is right");
});

test("a single device is drawn in the middle", () => {
  const [only] = project([at("o", 117.25, 31.85)]);
  assert.equal(Math.round(only!.x), 400);
  assert.equal(Math.round(only!.y), 260);
});
