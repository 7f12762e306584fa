#!/usr/bin/env node
// Plain CommonJS in old syntax: an old Node gets this message rather than a syntax error, and a
// CommonJS entry starts faster than an ES module.
"use strict";
var parts = process.versions.node.split(".").map(Number);
if (parts[0] < 20 || (parts[0] === 20 && parts[1] < 19)) {
  process.stderr.write("create-inngest-app needs Node.js 20.19 or newer; this is " + process.version + ".\n");
  process.exit(1);
}

var args = process.argv.slice(2);
var only = args.length === 1 ? args[0] : undefined;
if (only === "--version" || only === "-v") {
  process.stdout.write(require("../package.json").version + "\n");
} else if (only === "--help" || only === "-h") {
  // Rendered by the same commander program at build time (scripts/build.mjs).
  process.stdout.write(require("fs").readFileSync(require("path").join(__dirname, "..", "dist", "help.txt"), "utf8"));
} else {
  // Compiled code kept between runs, per command (dist/code-cache.cjs says why not Node's own).
  var command = args[0] === "add" || args[0] === "check" || args[0] === "list" ? args[0] : "create";
  var dist = require("path").join(__dirname, "..", "dist");
  require("../dist/code-cache.cjs").requireBundle(dist, command, "cli.cjs").main();
}
