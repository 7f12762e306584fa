// Bundles the CLI into one CommonJS file, dist/cli.cjs, with every runtime dependency inlined, so
// `npx` installs one package. CommonJS skips the ES module loader's start-up cost; the commands
// are still imported lazily, so their code is parsed but only runs when used.
// Templates are precompiled into the bundle: the published CLI reads no template files and
// carries only the Handlebars runtime, not its compiler.
import { analyzeMetafile, build } from "esbuild";
import Handlebars from "handlebars";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const templatesDir = path.join(root, "templates");
const assembler = path.join(root, "src/render/templates.ts");

/** The source of the module that replaces src/render/load-templates.ts in the bundle. */
function precompiledTemplatesModule() {
  const files = [];
  const specs = [];
  for (const entry of readdirSync(templatesDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const key = path.relative(templatesDir, full).split(path.sep).join("/");
    const source = readFileSync(full, "utf8");
    // Same options as src/render/templates.ts (compileOptions): no escaping, strict.
    if (key.endsWith(".hbs")) specs.push(`[${JSON.stringify(key)}, ${Handlebars.precompile(source, { noEscape: true, strict: true })}]`);
    else files.push([key, source]);
  }
  return `import Runtime from "handlebars/runtime";
import { assembleTemplates } from ${JSON.stringify(assembler)};
// A JSON string, which V8 parses faster than the same data as a JavaScript literal.
const files = new Map(JSON.parse(${JSON.stringify(JSON.stringify(files))}));
const specs = [${specs.join(",\n")}];
export function loadTemplates() {
  const hbs = Runtime.create();
  return assembleTemplates(hbs, files, new Map(specs.map(([key, spec]) => [key, hbs.template(spec)])));
}
`;
}

const precompiledTemplates = {
  name: "precompiled-templates",
  setup(b) {
    b.onResolve({ filter: /\/load-templates\.ts$/ }, () => ({ path: "precompiled-templates", namespace: "precompiled" }));
    b.onLoad({ filter: /.*/, namespace: "precompiled" }, () => ({ contents: precompiledTemplatesModule(), loader: "js", resolveDir: root }));
  },
};

/**
 * Imports matching `filter` load another file of dist/ instead of being inlined. The import becomes
 * `require("./<file>")`, not `import()`: a dynamic import of a .cjs file goes through the ES module
 * loader, which scans the whole file for its exports first (10+ ms for the parser).
 */
function inOwnFile(name, filter, file) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (args) => (args.kind === "entry-point" ? undefined : { path: file(args.path), namespace: "own-file" }));
      b.onResolve({ filter: /.*/, namespace: "own-file" }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: "own-file" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
    },
  };
}

// create and add both render the templates: one file, dist/templates.cjs, instead of a copy in each.
const templatesInOwnFile = inOwnFile("templates-in-own-file", /\/load-templates\.ts$/, () => "./templates.cjs");

/**
 * Built-in modules that cost milliseconds to load (node:crypto pulls in streams, node:fs/promises
 * readline and streams, node:child_process net and dgram, node:tty net) and that only some runs
 * use: engine keys for a self-hosted target, writing into an existing folder, git and installs,
 * asking whether stdin is a terminal once stdout is one, and commander's executable subcommands
 * (this CLI has none). Each import of one becomes a module of stand-in functions that load the
 * real module on first call; the bundle keeps only those imported. Only functions are stood in
 * for: importing anything else from these fails the build.
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: /^(node:)?(child_process|crypto|fs\/promises|tty)$/ }, (args) =>
      args.namespace === "lazy-builtin" ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({ contents: standIns(`node:${args.path}`, `node:${args.path}`), loader: "js" }));
  },
};

/**
 * `import path from "node:path"` becomes, in a CommonJS bundle, a copy of the module's properties
 * made at load by each module that imports it (a dozen in add.cjs). These built-ins get one shared
 * module instead, whose default export is the real one; the source imports only their default.
 */
const sharedBuiltins = {
  name: "shared-builtins",
  setup(b) {
    b.onResolve({ filter: /^node:(os|path|vm)$/ }, (args) =>
      args.namespace === "shared-builtin" ? { path: args.path, external: true } : { path: args.path, namespace: "shared-builtin" },
    );
    b.onLoad({ filter: /.*/, namespace: "shared-builtin" }, (args) => ({ contents: `export default require(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};

/** A module of stand-ins for the functions `module` exports, each loading `specifier` on its first call. */
function standIns(module, specifier) {
  const real = createRequire(import.meta.url)(module);
  // Plain functions (lower-case names): a class stood in for this way could not be constructed.
  const functions = Object.keys(real).filter((name) => /^[a-z]\w*$/.test(name) && typeof real[name] === "function");
  return [
    "let real;",
    `const load = () => (real ??= require(${JSON.stringify(specifier)}));`,
    ...functions.map((name) => `export function ${name}(...args) { return load().${name}(...args); }`),
  ].join("\n");
}

// The prompts library serves only interactive runs: it gets its own file, so a run from a script
// or CI never compiles it.
const promptsInOwnFile = inOwnFile("prompts-in-own-file", /^@clack\/prompts$/, () => "./clack.cjs");

// Commands that carry a parser (add, check) are bundled into their own files, loaded only when
// run: `create`, `--help` and `list` never compile them.
const ownBundleCommands = ["add", "check"].filter((name) => existsSync(path.join(root, "src", "commands", `${name}.ts`)));
const commandsInOwnFiles = inOwnFile(
  "commands-in-own-files",
  new RegExp(`/commands/(${ownBundleCommands.join("|") || "-"})\\.ts$`),
  (importPath) => `./${path.basename(importPath, ".ts")}.cjs`,
);

// add and check both parse code with @babel/parser: one shared file, dist/babel-parser.cjs, loaded
// on the first parse (add in a project with no Inngest code yet may parse nothing).
const parserInOwnFile = {
  name: "parser-in-own-file",
  setup(b) {
    b.onResolve({ filter: /^@babel\/parser$/ }, () => ({ path: "@babel/parser", namespace: "lazy-parser" }));
    b.onResolve({ filter: /.*/, namespace: "lazy-parser" }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: "lazy-parser" }, () => ({ contents: standIns("@babel/parser", "./babel-parser.cjs"), loader: "js" }));
  },
};

/** One CommonJS file in dist/ from one entry, with everything it imports inlined unless a plugin says otherwise. */
function bundle(entry, outfile, plugins = [], extra = {}) {
  return build({
    entryPoints: [entry],
    absWorkingDir: root,
    outfile: `dist/${outfile}`,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20.19",
    // NO_MINIFY=1 npm run build: readable names in CPU profiles.
    minify: process.env.NO_MINIFY !== "1",
    legalComments: "linked",
    plugins,
    logLevel: "warning",
    ...extra,
  });
}

rmSync(path.join(root, "dist"), { recursive: true, force: true });
const result = await bundle("src/cli.ts", "cli.cjs", [templatesInOwnFile, lazyBuiltins, sharedBuiltins, promptsInOwnFile, commandsInOwnFiles], {
  metafile: Boolean(process.env.BUNDLE_REPORT),
});
await bundle("src/render/load-templates.ts", "templates.cjs", [precompiledTemplates]);
// Loaded by bin/ before the CLI, so that the CLI's own compiled code can come from the cache.
await bundle("src/code-cache.ts", "code-cache.cjs", [sharedBuiltins]);
await bundle("@clack/prompts", "clack.cjs");
if (ownBundleCommands.length > 0) await bundle("@babel/parser", "babel-parser.cjs");
for (const name of ownBundleCommands) {
  await bundle(`src/commands/${name}.ts`, `${name}.cjs`, [templatesInOwnFile, lazyBuiltins, sharedBuiltins, promptsInOwnFile, parserInOwnFile]);
}
// bin/ prints `--help` without loading the bundle: render it once here, from the same program.
const { renderHelp } = createRequire(import.meta.url)(path.join(root, "dist", "cli.cjs"));
writeFileSync(path.join(root, "dist", "help.txt"), renderHelp());

// BUNDLE_REPORT=1 npm run build: what each output file holds.
if (result.metafile) console.log(await analyzeMetafile(result.metafile));
