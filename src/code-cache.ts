import { isAscii } from "node:buffer";
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { debuglog } from "node:util";
import vm from "node:vm";

/**
 * Loads a file of the bundle (dist/) with V8's compiled code kept between runs. Most of a run's
 * start-up is compiling: 85 kB of CLI, 85 kB of templates, and for add and check 318 kB of
 * parser. V8 compiles a function only when it is first called, so a code cache made right after
 * compiling (as Node 22+'s module.enableCompileCache() makes it) holds little more than the top
 * level of each file. This one is made when a run succeeds, from everything it compiled.
 *
 * The bundle's files load each other (`require("./add.cjs")`) through here too, not through
 * Node's module loader: each file is read once, as bytes, both to check the cache and to compile,
 * with no module lookup and no second copy of its source.
 *
 * The cache lives in a folder of the user's own below the temporary directory, one file per
 * bundle file, command, installation and Node version. Each holds the source it was made from and is used only
 * for exactly that source (V8 itself checks no more than its length). NODE_DISABLE_COMPILE_CACHE=1
 * turns it off, as it does Node's own compile cache; NODE_DEBUG=create-inngest-app says what it does.
 * `caller` is the caller's own module, whose `require` gives Node's built-ins: loading node:module
 * (for createRequire) would cost a quarter of a millisecond.
 */
export function requireBundle(bundleDir: string, command: string, file: string, caller: NodeJS.Module): unknown {
  const directory = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheDirectory();
  if (!directory) return caller.require(path.join(bundleDir, file));

  // Each installation its own files: two versions (or checkouts) run in turn would otherwise
  // each find the other's cache, reject it and write their own, every run.
  const installation = fnv1a(path.resolve(bundleDir));
  const loaded = new Map<string, { exports: unknown }>();
  const toWrite: { file: string; source: Buffer; script: vm.Script }[] = [];
  // The bundle imports only Node's built-ins and its own files. node:module is the class of the
  // caller's module: the public module adds ES-loader and source-map helpers, a quarter of a
  // millisecond to load, for a bundle that reads only builtinModules (validate-npm-package-name).
  const bundleRequire = (id: string) =>
    id.startsWith("./") ? load(id.slice(2)) : id === "module" || id === "node:module" ? caller.constructor : caller.require(id);

  function load(name: string): unknown {
    const done = loaded.get(name);
    if (done) return done.exports;
    const filename = path.join(bundleDir, name);
    const cacheFile = path.join(directory!, `${name}-${command}-${installation}-${process.version}-${process.arch}`);
    const source = readFileSync(filename);
    const cachedData = cachedCode(cacheFile, source);
    // The wrapper's first line is its own, so positions in stack traces stay those of the file.
    // The bundle is ASCII (esbuild escapes the rest), which latin1 decodes 40 times faster than utf8.
    const wrapped = Buffer.concat([wrapperStart, source, wrapperEnd]).toString(isAscii(source) ? "latin1" : "utf8");
    const script = new vm.Script(wrapped, { filename, lineOffset: -1, cachedData });
    if (!cachedData || script.cachedDataRejected) toWrite.push({ file: cacheFile, source, script });
    debug("%s: %s", name, !cachedData ? "not cached" : script.cachedDataRejected ? "cache rejected" : "cache used");
    const module = { exports: {} };
    loaded.set(name, module);
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    wrapper.call(module.exports, module.exports, bundleRequire, module, filename, bundleDir);
    return module.exports;
  }

  // Only a run that succeeded: one that stopped early (a wrong flag, a missing folder) compiled
  // little, and its cache would be kept in place of a full one.
  process.once("exit", (code) => {
    if (code !== 0) return;
    for (const { file, source, script } of toWrite) {
      try {
        const length = Buffer.alloc(4);
        length.writeUInt32LE(source.length);
        // A new name, then a rename: a run starting meanwhile reads the whole file or none.
        const partial = `${file}.${process.pid}`;
        writeFileSync(partial, Buffer.concat([length, source, script.createCachedData()]), { mode: 0o600 });
        renameSync(partial, file);
        debug("wrote %s", path.basename(file));
      } catch (error) {
        debug("could not write %s: %s", path.basename(file), error);
      }
    }
  });

  return load(file);
}

const wrapperStart = Buffer.from("(function (exports, require, module, __filename, __dirname) {\n");
const wrapperEnd = Buffer.from("\n})");
const debug = debuglog("create-inngest-app");

/** A short, stable hash of a string (FNV-1a, 32 bits), for file names; node:crypto costs milliseconds to load. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The compiled code cached for exactly this source: [source length, 4 bytes][source][V8's cached data]. */
function cachedCode(file: string, source: Buffer): Buffer | undefined {
  let cached: Buffer;
  try {
    cached = readFileSync(file);
  } catch {
    return undefined;
  }
  if (cached.length < 4 || cached.readUInt32LE(0) !== source.length) return undefined;
  const start = 4 + source.length;
  return cached.subarray(4, start).equals(source) ? cached.subarray(start) : undefined;
}

/**
 * A folder only this user can write to, or none. Code read from the cache runs as this user: a
 * folder another user made or can write to could hand it someone else's code.
 */
function cacheDirectory(): string | undefined {
  const uid = process.getuid?.();
  const directory = path.join(temporaryDirectory(), uid === undefined ? "create-inngest-app-cache" : `create-inngest-app-cache-${uid}`);
  try {
    let stats = lstatSync(directory, { throwIfNoEntry: false });
    if (!stats) {
      mkdirSync(directory, { mode: 0o700 });
      stats = lstatSync(directory);
    }
    if (stats.isDirectory() && (uid === undefined || (stats.uid === uid && (stats.mode & 0o077) === 0))) return directory;
  } catch {
    // Made by another run meanwhile, or not possible here: no cache this run.
    return undefined;
  }
  debug("not using %s: not a private folder of this user", directory);
  return undefined;
}

/**
 * os.tmpdir(), without loading node:os (a quarter of a millisecond) where its rule is short: on
 * POSIX systems the first of TMPDIR, TMP and TEMP, else /tmp, without a trailing slash.
 */
function temporaryDirectory(): string {
  if (process.platform === "win32") return require("node:os").tmpdir();
  const found = process.env.TMPDIR || process.env.TMP || process.env.TEMP || "/tmp";
  return found.length > 1 && found.endsWith("/") ? found.slice(0, -1) : found;
}
