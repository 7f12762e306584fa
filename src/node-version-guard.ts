/**
 * Imported first by the entry (src/bin.ts), so it runs before anything else; the build lowers the
 * entry to old syntax, so an old Node prints this instead of failing on a syntax error or a
 * `node:` import.
 */
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`create-inngest-app needs Node.js 20.19 or newer; this is ${process.version}.\n`);
  process.exit(1);
}
