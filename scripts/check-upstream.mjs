// Drift before users see it: generates each framework × target pair against the newest releases
// the registry offers (within each package's major, ignoring the version map's caps and exact
// pins), runs the same end-to-end proof as the suite, and prints, per package, what can be raised
// and what breaks, with the first error line. CI runs the pinned suite, never this.
//
// Usage: npm run check-upstream [-- --only cloudflare] [-- --json] [-- --report]
//   --only <text>   run only the e2e files whose path contains the text (e.g. cloudflare-next)
//   --json          the report as JSON on stdout
//   --report        no run: the report of the last run's results (.cache/upstream), against today's registry
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import semver from "semver";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const asJson = args.includes("--json");
const reportOnly = args.includes("--report");
const work = path.join(root, ".cache", "upstream");
const log = (line) => process.stderr.write(`${line}\n`);

if (!reportOnly) rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// The version map, read from its TypeScript source.
const bundled = path.join(work, "versions.mjs");
await build({ entryPoints: [path.join(root, "src/catalogue/versions.ts")], bundle: true, format: "esm", platform: "node", outfile: bundled, logLevel: "error" });
const { versions, previousMajorVersions, provenWithAdapter } = await import(pathToFileURL(bundled).href);
// The exact Yarn a yarn project declares in `packageManager` (Corepack needs a version, not a range).
const bundledPm = path.join(work, "package-manager.mjs");
await build({ entryPoints: [path.join(root, "src/install/package-manager.ts")], bundle: true, format: "esm", platform: "node", outfile: bundledPm, logLevel: "error" });
const { yarnRelease } = await import(pathToFileURL(bundledPm).href);

// Every range the map holds for a package: the newest line's, and each previous major's.
const ranges = new Map();
const addRange = (name, range) => ranges.set(name, [...new Set([...(ranges.get(name) ?? []), range])]);
for (const [name, range] of Object.entries(versions)) addRange(name, range);
for (const line of Object.values(previousMajorVersions)) for (const [name, range] of Object.entries(line)) addRange(name, range);

log(`Looking up ${ranges.size} packages on the registry…`);
const registry = new Map();
await Promise.all(
  [...ranges.keys()].map(async (name) => {
    const out = spawnSync("npm", ["view", name, "versions", "dist-tags", "--json"], { encoding: "utf8" });
    if (out.status !== 0) throw new Error(`npm view ${name} failed:\n${out.stderr}`);
    const info = JSON.parse(out.stdout);
    registry.set(name, { versions: info.versions.filter((v) => !semver.prerelease(v)), latest: info["dist-tags"].latest });
  }),
);

// The newest release within each major the map uses (a previous major's line keeps its major).
const newest = {};
const packages = [];
for (const [name, lineRanges] of ranges) {
  const { versions: published, latest } = registry.get(name);
  const rows = lineRanges.map((range) => {
    const major = semver.minVersion(range).major;
    const top = semver.maxSatisfying(published, `${major}.x`);
    return { range, pinnedResolves: semver.maxSatisfying(published, range), newestInMajor: top };
  });
  newest[name] = Object.fromEntries(rows.map((r) => [semver.minVersion(r.range).major, r.newestInMajor]));
  packages.push({ name, rows, latest });
}
const versionsFile = path.join(work, "newest.json");
// A report of an earlier run judges what that run installed.
if (reportOnly && existsSync(versionsFile)) Object.assign(newest, JSON.parse(readFileSync(versionsFile, "utf8")));
else writeFileSync(versionsFile, JSON.stringify(newest, null, 2));

// The same e2e proofs as the suite, minus `add` on other tools' apps (it installs what those tools pick).
const e2eFiles = [
  ...readdirSync(path.join(root, "test/e2e")).filter((f) => f.endsWith(".test.ts") && !f.startsWith("add-")).map((f) => `test/e2e/${f}`),
  ...readdirSync(path.join(root, "test/e2e/targets")).filter((f) => f.endsWith(".test.ts")).map((f) => `test/e2e/targets/${f}`),
].filter((f) => !only || f.includes(only));
if (e2eFiles.length === 0) throw new Error(`No e2e file matches --only ${only}.`);

const resultsFile = path.join(work, "results.json");
if (!reportOnly) {
  log(`Building the CLI, then proving ${e2eFiles.length} e2e files against the newest releases (this takes as long as the e2e suite)…`);
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  spawnSync("npx", ["vitest", "run", "--project", "e2e", ...e2eFiles, "--reporter=dot", "--reporter=json", `--outputFile.json=${resultsFile}`], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CIA_UPSTREAM_VERSIONS: versionsFile },
  });
}
if (!existsSync(resultsFile)) throw new Error("vitest wrote no results: see its output above.");

// Per e2e file: passed, or the first error line of its first failure: the first line that reads
// as an error, past the sandbox's own noise (no network: wrangler cannot reach Cloudflare).
const sandboxNoise = /getaddrinfo|ENOTFOUND|Unable to fetch the `Request\.cf`/;
const firstLine = (message) => {
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("at ") && !/^(\w*Error|Caused by)?:?\s*$/.test(l));
  return (lines.find((l) => /\b\w*Error\b|\berror\b|ERR!|\bfailed\b|\bexpected\b/i.test(l) && !sandboxNoise.test(l)) ?? lines[0] ?? "failed").slice(0, 300);
};
const fileOutcome = new Map();
for (const file of JSON.parse(readFileSync(resultsFile, "utf8")).testResults) {
  const failed = file.assertionResults.find((a) => a.status === "failed");
  const rel = path.relative(root, file.name);
  const message = failed?.failureMessages?.[0] ?? (file.status === "failed" ? file.message : "");
  fileOutcome.set(rel, file.status === "passed" && !failed ? { ok: true } : { ok: false, test: failed?.fullName ?? "(file)", error: firstLine(message || "failed") });
}

// Per generated project: what moved (a version the pinned range would not install), and how its file ended.
const recordsDir = path.join(work, "projects");
const projects = (existsSync(recordsDir) ? readdirSync(recordsDir) : []).map((f) => JSON.parse(readFileSync(path.join(recordsDir, f), "utf8")));
const pairs = projects.map((p) => {
  const testFile = p.testFile ? path.relative(root, p.testFile) : undefined;
  const newestFor = (name, range) => newest[name]?.[semver.minVersion(range).major];
  const moved = Object.entries(p.generated)
    .filter(([name, range]) => newestFor(name, range) && semver.maxSatisfying(registry.get(name).versions, range) !== newestFor(name, range))
    .map(([name, range]) => ({ name, from: range, to: newestFor(name, range) }));
  return { pair: `${p.framework} × ${p.target}`, testFile, moved, outcome: fileOutcome.get(testFile) ?? { ok: false, error: "no result for its e2e file" } };
});
// One line per pair and error: a framework's e2e file generates several projects of one pair.
const uniqueBy = (items, key) => [...new Map(items.map((item) => [key(item), item])).values()];

// Per package: raise where every pair that moved it passed; otherwise the pairs that broke (and what else moved there).
const capOf = (name) =>
  Object.entries(provenWithAdapter).flatMap(([adapter, capped]) => (capped[name] ? [`${capped[name].newest} with ${adapter}`] : []));
const report = packages
  .map(({ name, rows, latest }) => {
    const movedIn = pairs.filter((p) => p.moved.some((m) => m.name === name));
    const broke = movedIn.filter((p) => !p.outcome.ok);
    const lines = rows.map((r) => `${r.range} → newest ${r.newestInMajor}`);
    const newerMajor = semver.major(latest) > semver.major(rows[0].newestInMajor) ? latest : null;
    const caps = capOf(name);
    let verdict;
    if (movedIn.length === 0) verdict = rows.every((r) => r.newestInMajor === r.pinnedResolves) ? "current" : "not tried";
    else if (broke.length === 0) verdict = "can be raised";
    else verdict = "breaks";
    return {
      name,
      verdict,
      map: lines,
      caps,
      newerMajor,
      provenIn: [...new Set(movedIn.filter((p) => p.outcome.ok).map((p) => p.pair))],
      brokeIn: uniqueBy(broke, (p) => `${p.pair}\0${p.outcome.error}`).map((p) => ({ pair: p.pair, error: p.outcome.error, alsoMoved: p.moved.filter((m) => m.name !== name).map((m) => `${m.name} ${m.to}`) })),
    };
  })
  .sort((a, b) => ["breaks", "can be raised", "not tried", "current"].indexOf(a.verdict) - ["breaks", "can be raised", "not tried", "current"].indexOf(b.verdict) || (a.name < b.name ? -1 : 1));

// Yarn is pinned, not ranged: the newest of its major is reported (the suite's e2e already runs the newest Yarn 4 binary).
const yarnDist = spawnSync("npm", ["view", `@yarnpkg/cli-dist@${semver.major(yarnRelease)}`, "version", "--json"], { encoding: "utf8" });
const yarnVersions = yarnDist.status === 0 ? [JSON.parse(yarnDist.stdout)].flat() : [];
const yarn = { pinned: yarnRelease, newestInMajor: semver.maxSatisfying(yarnVersions, `${semver.major(yarnRelease)}.x`) ?? undefined };

if (asJson) {
  process.stdout.write(`${JSON.stringify({ pairs, packages: report, yarn }, null, 2)}\n`);
} else {
  const out = [`Upstream check, ${new Date().toISOString().slice(0, 10)}: ${pairs.length} generated projects, ${pairs.filter((p) => p.outcome.ok).length} proven with the newest releases.`, ""];
  for (const p of report.filter((r) => r.verdict !== "current")) {
    out.push(`${p.verdict === "breaks" ? "✗" : p.verdict === "can be raised" ? "↑" : "·"} ${p.name}: ${p.verdict} (${p.map.join("; ")}${p.caps.length ? `; capped at ${p.caps.join(", ")}` : ""})`);
    if (p.provenIn.length) out.push(`    proven in: ${p.provenIn.join(", ")}`);
    for (const b of p.brokeIn) out.push(`    breaks in ${b.pair}${b.alsoMoved.length ? ` (with ${b.alsoMoved.join(", ")})` : ""}: ${b.error}`);
  }
  const current = report.filter((r) => r.verdict === "current").map((r) => r.name);
  if (current.length) out.push("", `Current (the map's ranges already install the newest): ${current.join(", ")}.`);
  const majors = report.filter((r) => r.newerMajor).map((r) => `${r.name} ${r.newerMajor}`);
  if (majors.length) out.push(`Newer majors, not tried (a major is a change to the templates): ${majors.join(", ")}.`);
  if (!yarn.newestInMajor) out.push(`yarn: could not look up @yarnpkg/cli-dist ${semver.major(yarnRelease)}.x on the registry.`);
  else if (yarn.newestInMajor !== yarn.pinned) out.push(`↑ yarn: packageManager pins yarn@${yarn.pinned}; the newest ${semver.major(yarnRelease)}.x is ${yarn.newestInMajor} (raise yarnRelease in src/install/package-manager.ts; the pnpm/yarn/bun e2e runs the newest binary).`);
  process.stdout.write(`${out.join("\n")}\n`);
}
process.exitCode = pairs.every((p) => p.outcome.ok) ? 0 : 1;
