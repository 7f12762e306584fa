// Times the templates' share of a scaffold inside one process, with the compiled-code cache warm as
// in a real run: requiring dist/templates.cjs, loadTemplates(), and planCreate() for the bench's
// scaffold (Next.js, every pattern), of which the time spent in render() is reported apart.
// Each round is a fresh Node process; medians over the rounds. Usage (after npm run build):
//   node scripts/measure-templates.mjs [--runs 40] [--no-cache]
// --no-cache: as a first run, with no compiled-code cache (NODE_DISABLE_COMPILE_CACHE=1).
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 40;
const scratch = mkdtempSync(path.join(os.tmpdir(), "cia-measure-"));

// planCreate and its catalogue, bundled apart: the templates come from the built dist/templates.cjs,
// loaded with Node's compile cache on (Node 22.1+) as the CLI loads them.
for (const [name, contents] of [
  ["plan.cjs", `export { planCreate } from "./src/plan/create-plan.ts";`],
]) {
  await build({ stdin: { contents, resolveDir: root, loader: "ts" }, bundle: true, format: "cjs", platform: "node", outfile: path.join(scratch, name), logLevel: "warning" });
}
for (const file of readdirSync(path.join(root, "dist")).filter((name) => name.startsWith("template"))) copyFileSync(path.join(root, "dist", file), path.join(scratch, file));

const child = `
const { performance } = require("node:perf_hooks");
require("node:module").enableCompileCache?.();
const { planCreate } = require(${JSON.stringify(path.join(scratch, "plan.cjs"))});
const t0 = performance.now();
const { loadTemplates } = require(${JSON.stringify(path.join(scratch, "templates.cjs"))});
const t1 = performance.now();
const templates = loadTemplates();
const t2 = performance.now();
let renderMs = 0;
const timed = { keys: templates.keys, render(key, context) {
  const start = performance.now();
  try { return templates.render(key, context); } finally { renderMs += performance.now() - start; }
} };
const options = { directory: "my-app", projectName: "my-app", framework: "next", target: "vercel",
  patterns: ["durable-sleep", "multi-step", "cron-fan-out", "webhook", "ai-pipeline", "wait-for-event"],
  appId: "my-app", packageManager: "npm", install: false, git: false, overwrite: false, dryRun: false, json: false };
const plan = planCreate(options, "/work/my-app", timed);
const t3 = performance.now();
if (plan.files.length < 30) throw new Error("too few files");
process.stdout.write(JSON.stringify({ require: t1 - t0, load: t2 - t1, plan: t3 - t2, render: renderMs }));
`;
const noCache = args.includes("--no-cache");
const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: scratch, ...(noCache ? { NODE_DISABLE_COMPILE_CACHE: "1" } : {}) };
const runOnce = () => {
  const result = spawnSync(process.execPath, ["-e", child], { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  runOnce(); // writes the code cache
  const samples = Array.from({ length: runs }, runOnce);
  const column = (name) => median(samples.map((s) => s[name]));
  const total = median(samples.map((s) => s.require + s.load + s.plan));
  console.log(`${runs} runs, medians, ${noCache ? "no code cache" : "code cache warm"}:`);
  console.log(`  require templates.cjs  ${column("require").toFixed(2)} ms`);
  console.log(`  loadTemplates()        ${column("load").toFixed(2)} ms`);
  console.log(`  planCreate()           ${column("plan").toFixed(2)} ms  (render: ${column("render").toFixed(2)} ms)`);
  console.log(`  together               ${total.toFixed(2)} ms`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
