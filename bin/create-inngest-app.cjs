#!/usr/bin/env node
// The command's entry, written by hand and loaded as is: the Node version check, Node's compile
// cache, the --help/--version fast path, then the bundle in dist/ (built by scripts/build.mjs).
// Old syntax only (no ?., ??, optional catch binding), so an old Node prints the version message
// below rather than a syntax error.
"use strict";

var versionParts = process.versions.node.split(".").map(Number);
if (versionParts[0] < 20 || (versionParts[0] === 20 && versionParts[1] < 19)) {
  process.stderr.write("create-inngest-app needs Node.js 20.19 or newer; this is " + process.version + ".\n");
  process.exit(1);
}

var path = require("node:path");
var dist = path.join(__dirname, "..", "dist");
var args = process.argv.slice(2);
var only = args.length === 1 ? args[0] : undefined;

if (only === "--version" || only === "-v") {
  print(require("../package.json").version + "\n");
} else if ((only === "--help" || only === "-h") && !narrowTerminal()) {
  // commander's help as the program prints it at 80 columns, rendered at build time
  // (scripts/build.mjs): the same text, without loading the bundle.
  print(require("node:fs").readFileSync(path.join(dist, "help.txt"), "utf8"));
} else {
  enableCompileCache();
  require(path.join(dist, "cli.cjs")).main();
}

/**
 * Node's compile cache (Node 22.1+; on Node 20 there is none): the bundle's compiled code is kept
 * between runs, in the folder Node chooses (NODE_COMPILE_CACHE, else below the temporary
 * directory); NODE_DISABLE_COMPILE_CACHE=1 turns it off. A cache that cannot be written (a
 * read-only folder, a full disk) only means no cache: Node reports it in the result, and a throw
 * from an unforeseen case must not stop the command either.
 */
function enableCompileCache() {
  var nodeModule = require("node:module");
  if (typeof nodeModule.enableCompileCache !== "function") return;
  try {
    nodeModule.enableCompileCache();
  } catch (error) {
    // No cache this run.
  }
}

/** A terminal narrower than the prerendered help: commander wraps the help to its width. */
function narrowTerminal() {
  try {
    // Only a character device may be a terminal: a pipe or a file never loads node:tty.
    return require("node:fs").fstatSync(1).isCharacterDevice() && (process.stdout.columns || 80) < 80;
  } catch (error) {
    return false;
  }
}

/** Writes all of `text` to standard output without loading Node's stream classes (2–3 ms) for it. */
function print(text) {
  var bytes = Buffer.from(text);
  var written = 0;
  try {
    var fs = require("node:fs");
    while (written < bytes.length) written += fs.writeSync(1, bytes, written);
  } catch (error) {
    // A non-blocking pipe that is full: the rest through the stream, which waits for it.
    process.stdout.write(bytes.subarray(written));
  }
}
