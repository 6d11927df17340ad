// Builds the panel bundle: one ES module, minified, reproducible (same sources and lockfile,
// same bytes: no timestamps, no absolute paths, esbuild's output order is deterministic).
//   node build.mjs                     -> ../custom_components/smart_community/frontend/smart-community-panel.js
//   node build.mjs --outfile FILE      -> FILE (the reproducibility test builds into a temp dir)
import { build } from "esbuild";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUTFILE = resolve(here, "../custom_components/smart_community/frontend/smart-community-panel.js");

export function panelOptions(outfile) {
  return {
    absWorkingDir: here,
    entryPoints: ["src/panel.ts"],
    outfile,
    bundle: true,
    format: "esm",
    target: ["es2021", "chrome100", "safari15"],
    minify: true,
    sourcemap: false,
    legalComments: "eof",
    charset: "utf8",
    logLevel: "warning",
    banner: {
      js: "// smart_community panel: built from frontend/ by scripts/build-frontend; do not edit.",
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--outfile");
  const outfile = at > 0 ? resolve(process.argv[at + 1]) : DEFAULT_OUTFILE;
  await build(panelOptions(outfile));
  console.log(outfile);
}
