// Builds the panel, the test page and the tests into a temporary folder, then runs the tests
// with node's test runner (browser tests drive Debian's Chromium through playwright-core).
//   node test/run.mjs                  build and run every test
//   node test/run.mjs live records     only test/browser/live.test.ts and records.test.ts
//   node test/run.mjs --build-only DIR build into DIR (inside frontend/) and stop; pytest runs them
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { panelOptions } from "../build.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");

export async function buildAll(out) {
  mkdirSync(join(out, "tests"), { recursive: true });
  await build(panelOptions(join(out, "panel.js")));
  await build({
    absWorkingDir: root,
    entryPoints: ["test/harness/harness.ts"],
    outfile: join(out, "harness.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    logLevel: "warning",
  });
  copyFileSync(join(here, "harness", "index.html"), join(out, "index.html"));
  const tests = [];
  for (const folder of ["unit", "browser"]) {
    for (const name of readdirSync(join(here, folder))) {
      if (name.endsWith(".test.ts")) tests.push(`test/${folder}/${name}`);
    }
  }
  await build({
    absWorkingDir: root,
    entryPoints: tests.sort(),
    outdir: join(out, "tests"),
    outbase: "test",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    packages: "external",
    logLevel: "warning",
  });
  return readdirSync(join(out, "tests"), { recursive: true })
    .filter((name) => String(name).endsWith(".test.mjs"))
    .map((name) => join(out, "tests", String(name)))
    .sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === "--build-only") {
    const files = await buildAll(resolve(args[1]));
    console.log(files.join("\n"));
  } else {
    // Inside the package: the built tests import playwright-core from node_modules.
    mkdirSync(join(root, ".test-build"), { recursive: true });
    const out = mkdtempSync(join(root, ".test-build", "run-"));
    try {
      const files = (await buildAll(out)).filter(
        (file) => args.length === 0 || args.some((name) => file.endsWith(`${name}.test.mjs`)),
      );
      const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], {
        stdio: "inherit",
        env: { ...process.env, SC_HARNESS_DIR: out },
        cwd: root,
      });
      process.exitCode = result.status ?? 1;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
}
