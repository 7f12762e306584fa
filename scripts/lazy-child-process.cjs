// Stands in for node:child_process inside commander, which requires it at load time but only
// spawns for executable subcommands (this CLI has none). Loading it eagerly costs milliseconds
// (it pulls in net, stream and dgram); this loads it on first use instead.
"use strict";
let real;
const load = () => (real ??= require("node:child_process"));
module.exports = new Proxy({}, { get: (_target, key) => load()[key] });
