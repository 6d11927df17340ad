/** QR modules for the visitor pass (encoder: the `uqr` package, error correction M). */

import { encode } from "uqr";

/** The code's modules, quiet zone included (`true`: dark). */
export function qrModules(text: string): boolean[][] {
  return encode(text, { ecc: "M", border: 4 }).data;
}

/** The SVG path of the dark modules, one unit square each. */
export function qrPath(text: string): { size: number; path: string } {
  const data = qrModules(text);
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return { size: data.length, path };
}

