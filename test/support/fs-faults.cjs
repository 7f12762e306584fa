// Preloaded (`node --require`) into the CLI under test to stage the faults a real disk or user
// would cause, through its real code paths:
//   FS_FAULT_FAIL_AFTER=N FS_FAULT_CODE=ENOSPC  the write after the Nth fails with that code
//   FS_FAULT_DELAY_MS=N                          each write takes N ms longer (a slow disk)
//   FS_FAULT_TOUCH=/abs/file                     the first write also appends to that file (an editor saving)
//   FS_FAULT_EXDEV=1                             every rename fails with EXDEV, as across devices (a mount in the project)
// The first write prints "[fs-faults] writing" on stderr, so a test knows when to send a signal.
"use strict";
const fs = require("node:fs");

const env = process.env;
const originalWrite = fs.writeFileSync;
let writes = 0;

fs.writeFileSync = function writeFileSync(file, ...rest) {
  writes++;
  if (writes === 1) {
    process.stderr.write("[fs-faults] writing\n");
    if (env.FS_FAULT_TOUCH) fs.appendFileSync(env.FS_FAULT_TOUCH, "\n// saved by an editor meanwhile\n");
  }
  if (env.FS_FAULT_DELAY_MS) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(env.FS_FAULT_DELAY_MS));
  if (env.FS_FAULT_FAIL_AFTER && writes > Number(env.FS_FAULT_FAIL_AFTER)) {
    const code = env.FS_FAULT_CODE || "ENOSPC";
    const error = new Error(`${code}: simulated failure, open '${file}'`);
    Object.assign(error, { code, syscall: "open", path: String(file) });
    throw error;
  }
  return originalWrite.call(this, file, ...rest);
};

if (env.FS_FAULT_EXDEV) {
  fs.renameSync = function renameSync(from, to) {
    const error = new Error(`EXDEV: cross-device link not permitted, rename '${from}' -> '${to}'`);
    throw Object.assign(error, { code: "EXDEV", syscall: "rename", path: String(from), dest: String(to) });
  };
}
