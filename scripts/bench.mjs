// Measures how fast the CLI starts and scaffolds, as ratios against a bare `node -e 0` timed in the
// same run (runs alternate, so machine noise hits both sides), plus the package's size and runtime
// dependencies. Usage: npm run bench [-- --runs 30] [-- --json] [-- --anchors] [-- --node <path>]...
// --anchors also times other scaffolders in the same rounds, installed from the npm registry into
// .cache/bench-anchors (once): "the fastest" is then a comparison on this machine and this disk.
// --node <path>: the Node that runs every command, bare Node and the anchors alike (default: this
// one); given more than once, the whole bench runs on each in turn (e.g. Node 24 and Node 20).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, "bin", "create-inngest-app.cjs");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 20;
const asJson = args.includes("--json");
const withAnchors = args.includes("--anchors");
const nodes = args.flatMap((arg, i) => (args[i - 1] === "--node" ? [path.resolve(arg)] : []));
if (nodes.length > 1) {
  // One bench per Node, one after the other, each printing its own figures.
  const rest = args.filter((arg, i) => arg !== "--node" && args[i - 1] !== "--node");
  for (const node of nodes) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...rest, "--node", node], { stdio: "inherit" });
    if (run.status !== 0) process.exit(run.status ?? 1);
    if (!asJson) console.log("");
  }
  process.exit(0);
}
const node = nodes[0] ?? process.execPath;
const allPatterns = "durable-sleep,multi-step,cron-fan-out,webhook,ai-pipeline,wait-for-event";
const scratch = mkdtempSync(path.join(os.tmpdir(), "cia-bench-"));
// A clean environment: no CI or npm context changing what the CLI does.
const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1" };

const scaffoldArgs = ["--framework", "next", "--patterns", allPatterns, "--yes", "--no-install", "--no-git"];
let scaffoldCount = 0;

// The floor under any scaffolder: a bare Node script writing the same files (read from one JSON
// file). This machine's disk decides it; the scaffold's ratio is only as low as the floor allows.
const reference = path.join(scratch, "reference");
spawnSync(node, [cli, reference, ...scaffoldArgs], { env, stdio: "ignore" });
const filesJson = path.join(scratch, "files.json");
const filesIn = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
const scaffoldFiles = filesIn(reference);
writeFileSync(filesJson, JSON.stringify(scaffoldFiles.map((file) => [path.relative(reference, file), readFileSync(file, "utf8")])));
const writeFloor = `const fs = require("fs"), path = require("path");
for (const [file, content] of JSON.parse(fs.readFileSync(process.argv[1], "utf8"))) {
  const target = path.join(process.argv[2], file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
}`;

// add: one pattern into a fresh copy of a generated project each time (the copy is made before timing starts).
const addBase = path.join(scratch, "add-base");
spawnSync(node, [cli, addBase, "--framework", "next", "--patterns", "durable-sleep", "--yes", "--no-install", "--no-git"], { env, stdio: "ignore" });
let addCount = 0;
let tmpCount = 0;
const freshTmp = () => {
  const tmp = path.join(scratch, `tmp-${tmpCount++}`);
  mkdirSync(tmp);
  return { ...env, TMPDIR: tmp };
};
const freshCopy = () => {
  const copy = path.join(scratch, `add-${addCount++}`);
  cpSync(addBase, copy, { recursive: true });
  return copy;
};

// Goals against bare Node (issue 19); the scaffold's goal is against create-vite, with --anchors.
const cases = [
  { name: "--help", goal: 1.1, argv: () => [cli, "--help"] },
  { name: "--version", goal: 1.1, argv: () => [cli, "--version"] },
  {
    name: "scaffold: Next.js, every pattern, no install, no git",
    argv: () => [cli, path.join(scratch, `app-${scaffoldCount++}`), ...scaffoldArgs],
  },
  { name: "  floor: bare Node writing the same files", argv: () => ["-e", writeFloor, filesJson, path.join(scratch, `floor-${scaffoldCount++}`)] },
  // Without NO_COLOR, picocolors asks process.stdout whether it is a terminal, which loads Node's
  // stream classes: what a run piped into another program pays.
  {
    name: "  scaffold, colours left to picocolors (no NO_COLOR)",
    argv: () => [cli, path.join(scratch, `app-${scaffoldCount++}`), ...scaffoldArgs],
    env: () => ({ PATH: env.PATH, HOME: env.HOME }),
  },
  { name: "add: one pattern to a generated project, no install", goal: 2.5, argv: () => [cli, "add", "webhook", "--cwd", freshCopy(), "--no-install", "--yes"] },
  // The runs above find the compiled code Node's compile cache (Node 22.1+) kept below the
  // temporary directory; a first run on a machine finds none: each of these has an empty one.
  { name: "  scaffold as a first run (no code cache yet)", argv: () => [cli, path.join(scratch, `app-${scaffoldCount++}`), ...scaffoldArgs], env: freshTmp },
  { name: "  add as a first run (no code cache yet)", argv: () => [cli, "add", "webhook", "--cwd", freshCopy(), "--no-install", "--yes"], env: freshTmp },
];

// Pinned, so runs on different days compare. Each scaffolds a TypeScript starter with no install,
// no git and no prompt. The files each writes are counted: the disk's share grows with them.
const anchorVersions = { "create-vite": "9.3.0", "create-next-app": "16.4.3", sv: "0.17.1" };
const anchorScaffoldArgs = {
  "create-vite": (dir) => [dir, "--template", "react-ts", "--no-interactive"],
  "create-next-app": (dir) => [dir, "--ts", "--app", "--tailwind", "--eslint", "--src-dir", "--import-alias", "@/*", "--skip-install", "--disable-git", "--no-agent-feedback", "--yes"],
  sv: (dir) => ["create", dir, "--template", "minimal", "--types", "ts", "--no-add-ons", "--no-install"],
};
const anchors = withAnchors ? installAnchors() : [];
for (const anchor of anchors) cases.push({ name: `${anchor.name} --help`, argv: anchor.help }, { name: `${anchor.name} scaffold`, argv: anchor.scaffold });

function installAnchors() {
  const prefix = path.join(root, ".cache", "bench-anchors");
  const specs = Object.entries(anchorVersions).map(([name, version]) => `${name}@${version}`);
  const installedVersion = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(prefix, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return undefined;
    }
  };
  if (Object.entries(anchorVersions).some(([name, version]) => installedVersion(name) !== version)) {
    const installed = spawnSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--ignore-scripts", ...specs], { encoding: "utf8" });
    if (installed.status !== 0) throw new Error(`Could not install ${specs.join(", ")}:\n${installed.stderr}`);
  }
  return Object.entries(anchorVersions).map(([name, version]) => {
    const packageDir = path.join(prefix, "node_modules", name);
    const { bin } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
    const entry = path.join(packageDir, typeof bin === "string" ? bin : bin[name]);
    // A name inside the scratch folder (the current directory of every run): create-vite takes
    // no absolute path.
    const once = `${name}-once`;
    const run = spawnSync(node, [entry, ...anchorScaffoldArgs[name](once)], { cwd: scratch, env, stdio: ["ignore", "ignore", "pipe"] });
    if (run.status !== 0) throw new Error(`${name} did not scaffold:\n${run.stderr}`);
    let count = 0;
    return {
      name,
      version,
      files: filesIn(path.join(scratch, once)).length,
      help: () => [entry, "--help"],
      scaffold: () => [entry, ...anchorScaffoldArgs[name](`${name}-${count++}`)],
    };
  });
}

function time(argv, runEnv = env) {
  const start = performance.now();
  const result = spawnSync(node, argv, { cwd: scratch, env: runEnv, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${argv.join(" ")} exited with ${result.status}:\n${result.stderr}`);
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = [];
try {
  for (const c of cases) for (let i = 0; i < 3; i++) time(c.argv(), c.env?.()); // warm the file cache
  // Round by round, bare Node then each case, so a slow spell of the machine hits them all alike.
  const bare = [];
  const measured = cases.map(() => []);
  for (let i = 0; i < runs; i++) {
    bare.push(time(["-e", "0"]));
    cases.forEach((c, j) => measured[j].push(time(c.argv(), c.env?.())));
  }
  cases.forEach((c, j) => {
    const ratio = median(measured[j]) / median(bare);
    results.push({ name: c.name, medianMs: median(measured[j]), bareNodeMs: median(bare), ratio, goal: c.goal, met: c.goal ? ratio <= c.goal : undefined });
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// The scaffold against create-vite's, timed in the same rounds (issue 19: ahead of it, aiming at
// 0.8× while writing twice as many files).
const scaffold = results.find((r) => r.name.startsWith("scaffold"));
const vite = results.find((r) => r.name === "create-vite scaffold");
const againstVite = vite && { ratio: scaffold.medianMs / vite.medianMs, aim: 0.8, limit: 1 };

// check on a 1,000-function project: its own script generates the project and times it (--no-check: not).
const checkRun = args.includes("--no-check")
  ? undefined
  : spawnSync(node, [path.join(root, "scripts", "bench-check.mjs"), "--json", "--runs", String(Math.min(runs, 5))], { encoding: "utf8" });
const checkFigures = !checkRun ? undefined : checkRun.status === 0 ? JSON.parse(checkRun.stdout) : { error: checkRun.stderr };
const nodeVersion = spawnSync(node, ["-p", "process.version"], { encoding: "utf8" }).stdout.trim();

const pack = JSON.parse(spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }).stdout)[0];
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const runtimeDependencies = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }).length;
const packageFigures = {
  unpackedKB: pack.unpackedSize / 1000,
  packedKB: pack.size / 1000,
  files: pack.entryCount,
  runtimeDependencies,
  goals: { unpackedKB: 850, runtimeDependencies: 0 },
};

if (asJson) {
  const anchorFigures = anchors.map(({ name, version, files }) => ({ name, version, files }));
  process.stdout.write(`${JSON.stringify({ node: nodeVersion, runs, scaffoldFiles: scaffoldFiles.length, commands: results, anchors: anchorFigures, againstVite, check: checkFigures, package: packageFigures }, null, 2)}\n`);
} else {
  const mark = (ok) => (ok === undefined ? "" : ok ? "ok" : "MISSED");
  console.log(`Node ${nodeVersion} (${node}), ${os.cpus().length} CPUs, ${runs} rounds, medians; each round times bare Node and every command.`);
  console.log(`bare \`node -e 0\`: ${results[0].bareNodeMs.toFixed(1)} ms\n`);
  console.log(`${"command".padEnd(56)}${"median".padStart(10)}${"ratio".padStart(8)}${"goal".padStart(8)}`);
  for (const r of results) {
    if (r.name === `${anchors[0]?.name} --help`) console.log(`\nthe same rounds, other scaffolders (${anchors.map((a) => `${a.name} ${a.version}`).join(", ")}):`);
    console.log(
      `${r.name.padEnd(56)}${`${r.medianMs.toFixed(1)} ms`.padStart(10)}` +
        `${`${r.ratio.toFixed(2)}×`.padStart(8)}${(r.goal ? `≤${r.goal}×` : "").padStart(8)}  ${mark(r.met)}`,
    );
  }
  const floor = results.find((r) => r.name.includes("floor"));
  console.log(`\nthe scaffold's own time over the floor: ${(scaffold.medianMs - floor.medianMs).toFixed(1)} ms`);
  console.log(`files written by a scaffold: ${[`create-inngest-app ${scaffoldFiles.length}`, ...anchors.map((a) => `${a.name} ${a.files}`)].join(", ")}`);
  if (againstVite) {
    console.log(
      `scaffold against create-vite's react-ts scaffold: ${againstVite.ratio.toFixed(2)}× its time ` +
        `(aim ≤ ${againstVite.aim}×, must be < ${againstVite.limit}×) ${againstVite.ratio <= againstVite.aim ? "ok" : againstVite.ratio < againstVite.limit ? "ahead, short of the aim" : "MISSED"}`,
    );
  }
  if (!checkFigures) console.log("check benchmark not run (--no-check)");
  else if (checkFigures.error) console.log(`check benchmark failed:\n${checkFigures.error}`);
  else {
    console.log(
      `check on ${checkFigures.sourceFiles} source files: ${checkFigures.checkMs} ms (${checkFigures.checkCpuMs} ms CPU), ` +
        `${checkFigures.ratio}× bare Node (goal < 2000 ms) ${mark(checkFigures.checkMs < 2000)}; load average ${checkFigures.loadAverage} on ${checkFigures.cores} cores`,
    );
  }
  console.log(
    `package: ${packageFigures.unpackedKB.toFixed(1)} kB unpacked (goal ≤ 850) ${mark(packageFigures.unpackedKB <= 850)}, ` +
      `${packageFigures.packedKB.toFixed(1)} kB packed, ${packageFigures.files} files, ` +
      `${runtimeDependencies} runtime dependencies (goal 0) ${mark(runtimeDependencies === 0)}`,
  );
}
