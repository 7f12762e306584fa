import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cliPath } from "../support/paths.ts";
import { tempDir, userEnv } from "../support/project.ts";

/** Colours come from picocolors: these check the built CLI honours what a user sets, as it prints `list`. */
const escapeCode = /\x1b\[\d+m/;
const bold = "\x1b[1mFrameworks (--framework)\x1b[22m";

async function list(env: NodeJS.ProcessEnv) {
  const cwd = await tempDir("colours");
  const base = userEnv(process.env);
  for (const key of ["NO_COLOR", "FORCE_COLOR", "CI", "TERM"]) delete base[key];
  const result = spawnSync(process.execPath, [cliPath, "list"], { cwd, env: { ...base, ...env }, encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe("colours", () => {
  it("are off into a pipe, and with NO_COLOR even where forced", async () => {
    expect(await list({})).not.toMatch(escapeCode);
    expect(await list({ NO_COLOR: "1", FORCE_COLOR: "1" })).not.toMatch(escapeCode);
    expect(await list({ NO_COLOR: "1", CI: "true" })).not.toMatch(escapeCode);
  });

  it("are on with FORCE_COLOR and in CI, and the text is the same without them", async () => {
    for (const env of [{ FORCE_COLOR: "1" }, { CI: "true" }]) {
      const coloured = await list(env);
      expect(coloured).toContain(bold);
      expect(coloured.replace(/\x1b\[\d+m/g, "")).toBe(await list({}));
    }
  });

  it.skipIf(process.platform !== "linux" || spawnSync("script", ["--version"]).status !== 0)(
    "are on in a terminal, and off in one that says TERM=dumb",
    async () => {
      const cwd = await tempDir("colours-terminal");
      const inTerminal = (term: string) => {
        const base = userEnv(process.env);
        for (const key of ["NO_COLOR", "FORCE_COLOR", "CI"]) delete base[key];
        return spawnSync("script", ["-qec", `${process.execPath} ${cliPath} list`, "/dev/null"], { cwd, env: { ...base, TERM: term }, encoding: "utf8" }).stdout;
      };
      expect(inTerminal("xterm-256color")).toContain(bold);
      expect(inTerminal("dumb")).not.toMatch(escapeCode);
    },
  );
});
