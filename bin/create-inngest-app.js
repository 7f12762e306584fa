#!/usr/bin/env node
// Kept in plain, old-syntax JavaScript so an old Node gets this message rather than a syntax error.
var parts = process.versions.node.split(".").map(Number);
if (parts[0] < 20 || (parts[0] === 20 && parts[1] < 19)) {
  process.stderr.write("create-inngest-app needs Node.js 20.19 or newer; this is " + process.version + ".\n");
  process.exit(1);
}
import("../dist/cli.js").then(function (cli) {
  return cli.main();
});
