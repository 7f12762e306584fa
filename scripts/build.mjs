// Bundles the CLI into one CommonJS file, dist/cli.cjs, with every runtime dependency inlined, so
// `npx` installs one package. CommonJS skips the ES module loader's start-up cost; the commands
// are still imported lazily, so their code is parsed but only runs when used.
// Templates are precompiled by Handlebars at build time: the published CLI carries only
// Handlebars' runtime, not its compiler.
import { analyzeMetafile, build } from "esbuild";
import Handlebars from "handlebars";
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
 * below templates/ as a function, a template precompiled by Handlebars (`Handlebars.precompile`,
 * with the options the source tree compiles with) and made a function by Handlebars' runtime when
 * first rendered. V8 compiles a function only when it is first called, so a run pays only for the
 * templates it renders. Plain files are not in the module (but for a few): their text, one after
 * another, goes to dist/template-files.txt, read once when the first is rendered.
 */
async function compiledTemplatesModule() {
  const { TEMPLATE_SUFFIX, compileOptions } = await loadSourceModule(path.join(renderDir, "templates.ts"));
  const { loadTemplateStore } = await loadSourceModule(path.join(renderDir, "template-store.ts"));
  const store = loadTemplateStore(templatesDir);
  let plainText = "";
  const cases = [...store].map(([key, source], index) => {
    if (key.endsWith(TEMPLATE_SUFFIX)) return `    case ${index}: return hbs.template(${precompile(source, compileOptions)});`;
    // A few files have non-ASCII characters (…, —): they stay here, which esbuild writes in ASCII,
    // since one of them in dist/template-files.txt makes decoding all of it twice as slow.
    if (!/^[\x00-\x7f]*$/.test(source)) return `    case ${index}: return () => ${JSON.stringify(source)};`;
    const start = plainText.length;
    plainText += source;
    return `    case ${index}: return () => plainFile(${start}, ${plainText.length});`;
  });
  writeFileSync(path.join(root, "dist", "template-files.txt"), plainText);
  return `import { readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars/runtime";
import { assembleTemplates } from ${JSON.stringify(path.join(renderDir, "templates.ts"))};
// Read and decoded whole, once: measured faster than decoding file by file. All ASCII, so that
// Node decodes it on its fast path.
let plainText;
const plainFile = (start, end) => (plainText ??= readFileSync(path.join(__dirname, "template-files.txt"), "utf8")).slice(start, end);
const keys = ${JSON.stringify([...store.keys()])};
/** The function of the file keys[index]; a template's made by the runtime from its precompiled specification. */
function create(hbs, index) {
  switch (index) {
${cases.join("\n")}
  }
}
export function loadTemplates() {
  const hbs = Handlebars.create();
  // Each made when first asked for: a run makes only those it renders.
  const made = new Map();
  return assembleTemplates(hbs, keys, (key) => {
    if (!made.has(key)) made.set(key, create(hbs, keys.indexOf(key)));
    return made.get(key);
  });
}
`;
}

/**
 * Handlebars' precompiled code for a template, as `Handlebars.precompile` writes it with two
 * differences that only make it smaller (the bundle must stay under 850 kB):
 * - no source locations: the code would carry one for every value and helper call, only for the
 *   line and column in an error message. The source tree compiles with them, and its tests render
 *   every template; the bundle's errors name the template instead (templates.ts);
 * - properties read through the runtime's `lookupProperty`, by the compiler's public `nameLookup`
 *   hook, rather than through a local copy with a fallback for runtimes older than 4.6, declared
 *   again in each of the code's functions.
 * test/cli/bundle-templates.test.ts proves the bundle writes the same bytes as the source tree.
 */
function precompile(source, options) {
  const ast = JSON.parse(JSON.stringify(Handlebars.parse(source), (name, value) => (name === "loc" ? undefined : value)));
  return leanHandlebars.precompile(ast, options);
}
const leanHandlebars = Handlebars.create();
class LeanCompiler extends leanHandlebars.JavaScriptCompiler {
  nameLookup(parent, name) {
    return [this.aliasable("container.lookupProperty"), "(", parent, ", ", JSON.stringify(name), ")"];
  }
}
// The compiler of the template's nested blocks too.
LeanCompiler.prototype.compiler = LeanCompiler;
leanHandlebars.JavaScriptCompiler = LeanCompiler;

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

// create (with list) and add both read the catalogue: one file, dist/catalogue.cjs, instead of a
// copy in each (13 kB; the room commander takes in the package).
const catalogueModules = ["frameworks", "patterns", "targets", "versions"];
const catalogueInOwnFile = inOwnFile("catalogue-in-own-file", /\/catalogue\/(frameworks|patterns|targets|versions)\.ts$/, () => "./catalogue.cjs");

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

// The bundle reads only the version from the package's package.json: not the whole file in each bundle file.
const packageVersion = {
  name: "package-version",
  setup(b) {
    const file = path.join(root, "package.json");
    b.onLoad({ filter: /[\\/]package\.json$/ }, (args) =>
      args.path === file ? { contents: JSON.stringify({ version: require(file).version }), loader: "json" } : undefined,
    );
  },
};
/**
 * A package bundled into its own file of dist/, loaded on the first call of one of its functions:
 * execa runs the package managers and git, for create (cli.cjs) and add (add.cjs); fs-extra moves
 * files across devices, which the writer needs only when a rename cannot. One copy each, and
 * --help, list and check never compile them.
 */
function packageInOwnFile(name, file) {
  const filter = new RegExp(`^${name}$`);
  return {
    name: `${name}-in-own-file`,
    setup(b) {
      b.onResolve({ filter }, () => ({ path: name, namespace: `lazy-${name}` }));
      b.onResolve({ filter: /.*/, namespace: `lazy-${name}` }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: `lazy-${name}` }, () => ({ contents: standIns(name, `./${file}`), loader: "js" }));
    },
  };
}
const execaInOwnFile = packageInOwnFile("execa", "execa.cjs");
const fsExtraInOwnFile = packageInOwnFile("fs-extra", "fs-extra.cjs");

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
    plugins: [packageVersion, ...plugins],
    logLevel: "warning",
    ...extra,
  });
}

rmSync(path.join(root, "dist"), { recursive: true, force: true });
const result = await bundle("src/cli.ts", "cli.cjs", [templatesInOwnFile, catalogueInOwnFile, lazyBuiltins, sharedBuiltins, promptsInOwnFile, commandsInOwnFiles, execaInOwnFile, fsExtraInOwnFile], {
  metafile: Boolean(process.env.BUNDLE_REPORT),
});
await bundle("src/render/load-templates.ts", "templates.cjs", [compiledTemplates]);
await bundle("catalogue", "catalogue.cjs", [
  { name: "catalogue", setup(b) {
    b.onResolve({ filter: /^catalogue$/ }, () => ({ path: "catalogue", namespace: "catalogue" }));
    b.onLoad({ filter: /.*/, namespace: "catalogue" }, () => ({ contents: catalogueModules.map((name) => `export * from "./src/catalogue/${name}.ts";`).join("\n"), loader: "js", resolveDir: root }));
  } },
]);
await bundle("@clack/prompts", "clack.cjs");
await bundle("execa", "execa.cjs");
await bundle("fs-extra", "fs-extra.cjs");
if (ownBundleCommands.length > 0) await bundle("@babel/parser", "babel-parser.cjs");
for (const name of ownBundleCommands) {
  // check loads add.cjs for its serve-handler fix, rather than carrying a copy of add.
  await bundle(`src/commands/${name}.ts`, `${name}.cjs`, [commandsInOwnFiles, templatesInOwnFile, catalogueInOwnFile, lazyBuiltins, sharedBuiltins, promptsInOwnFile, parserInOwnFile, execaInOwnFile, fsExtraInOwnFile]);
}
// bin/create-inngest-app.cjs (written by hand, not built) prints `--help` without loading the
// bundle: render it once here, from the same program.
const { renderHelp } = require(path.join(root, "dist", "cli.cjs"));
writeFileSync(path.join(root, "dist", "help.txt"), renderHelp());

// BUNDLE_REPORT=1 npm run build: what each output file holds.
if (result.metafile) console.log(await analyzeMetafile(result.metafile));
