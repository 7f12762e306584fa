// Bundles the CLI into one CommonJS file, dist/cli.cjs, with every runtime dependency inlined, so
// `npx` installs one package. CommonJS skips the ES module loader's start-up cost; the commands
// are still imported lazily, so their code is parsed but only runs when used.
// Templates are compiled to plain JavaScript functions at build time (src/render/compile-to-js.ts):
// the published CLI carries no Handlebars at all.
import { analyzeMetafile, build } from "esbuild";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const templatesDir = path.join(root, "templates");
const renderDir = path.join(root, "src/render");

/** A TypeScript module of src/, bundled on the spot and loaded here (its packages come from node_modules). */
async function loadSourceModule(file) {
  const { outputFiles } = await build({ entryPoints: [file], absWorkingDir: root, bundle: true, write: false, format: "cjs", platform: "node", packages: "external", logLevel: "warning",
    // Its own URL, as it would have run as an ES module (template-store.ts finds templates/ from it).
    define: { "import.meta.url": JSON.stringify(pathToFileURL(file).href) } });
  const module = { exports: {} };
  new Function("require", "module", "exports", outputFiles[0].text)(require, module, module.exports);
  return module.exports;
}

/**
 * The source of the module that replaces src/render/load-templates.ts in the bundle: every file
 * below templates/ as a function, a template compiled by the compiler the source tree uses. V8
 * compiles a function only when it is first called, so a run pays only for the templates it
 * renders. Plain files are not in the module (but for a few): their text, one after another, goes
 * to dist/template-files.txt, read once when the first is rendered. In the module, each kilobyte
 * costs every run reading, checking and loading the compiled-code cache (src/code-cache.ts).
 */
async function compiledTemplatesModule() {
  const { compileTemplateSources, runtimeNames } = await loadSourceModule(path.join(renderDir, "compile-to-js.ts"));
  const { TEMPLATE_SUFFIX, PARTIAL_SUFFIX } = await loadSourceModule(path.join(renderDir, "templates.ts"));
  const { loadTemplateStore } = await loadSourceModule(path.join(renderDir, "template-store.ts"));
  const store = loadTemplateStore(templatesDir);
  const compiled = compileTemplateSources(store, TEMPLATE_SUFFIX, PARTIAL_SUFFIX);
  let plainText = "";
  const cases = [...store].map(([key, source]) => {
    if (compiled.has(key)) return `    case ${JSON.stringify(key)}: return ${compiled.get(key)};`;
    // A few files have non-ASCII characters (…, —): they stay here, which esbuild writes in ASCII,
    // since one of them in dist/template-files.txt makes decoding all of it twice as slow.
    if (!/^[\x00-\x7f]*$/.test(source)) return `    case ${JSON.stringify(key)}: return () => ${JSON.stringify(source)};`;
    const start = plainText.length;
    plainText += source;
    return `    case ${JSON.stringify(key)}: return () => plainFile(${start}, ${plainText.length});`;
  });
  writeFileSync(path.join(root, "dist", "template-files.txt"), plainText);
  return `import { readFileSync } from "node:fs";
import path from "node:path";
import { ${runtimeNames.join(", ")} } from ${JSON.stringify(path.join(renderDir, "template-runtime.ts"))};
import { assembleTemplates } from ${JSON.stringify(path.join(renderDir, "templates.ts"))};
// Read and decoded whole, once: measured faster than decoding file by file. All ASCII, so that
// Node decodes it on its fast path.
let plainText;
const plainFile = (start, end) => (plainText ??= readFileSync(path.join(__dirname, "template-files.txt"), "utf8")).slice(start, end);
const keys = ${JSON.stringify([...store.keys()])};
/** A template's function, created when asked for: a run creates only those it renders. */
function find(key) {
  switch (key) {
${cases.join("\n")}
  }
}
export function loadTemplates() {
  return assembleTemplates(keys, find);
}
`;
}

const compiledTemplates = {
  name: "compiled-templates",
  setup(b) {
    b.onResolve({ filter: /\/load-templates\.ts$/ }, () => ({ path: "compiled-templates", namespace: "compiled" }));
    b.onLoad({ filter: /.*/, namespace: "compiled" }, async () => ({ contents: await compiledTemplatesModule(), loader: "js", resolveDir: root }));
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
 * asking whether stdin is a terminal once stdout is one. Each import of one becomes a module of stand-in functions that load the
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

// Commands that carry a parser (add, check, migrate) are bundled into their own files, loaded only when
// run: `create`, `--help` and `list` never compile them.
const ownBundleCommands = ["add", "check", "migrate"].filter((name) => existsSync(path.join(root, "src", "commands", `${name}.ts`)));
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
await bundle("src/render/load-templates.ts", "templates.cjs", [compiledTemplates]);
// The entry, bin/create-inngest-app.cjs: the Node version check, the --help/--version fast path
// and the code cache, in one small file lowered to old syntax, so an old Node gets the version
// message (src/node-version-guard.ts) rather than a syntax error.
await build({
  entryPoints: ["src/bin.ts"],
  absWorkingDir: root,
  outfile: "bin/create-inngest-app.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "es2017",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
await bundle("@clack/prompts", "clack.cjs");
if (ownBundleCommands.length > 0) await bundle("@babel/parser", "babel-parser.cjs");
for (const name of ownBundleCommands) {
  await bundle(`src/commands/${name}.ts`, `${name}.cjs`, [templatesInOwnFile, lazyBuiltins, sharedBuiltins, promptsInOwnFile, parserInOwnFile]);
}
// bin/ prints `--help` without loading the bundle: render it once here, from the same program.
const { renderHelp } = require(path.join(root, "dist", "cli.cjs"));
writeFileSync(path.join(root, "dist", "help.txt"), renderHelp());

// BUNDLE_REPORT=1 npm run build: what each output file holds.
if (result.metafile) console.log(await analyzeMetafile(result.metafile));
