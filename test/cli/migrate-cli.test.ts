import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeProject } from "../support/check-project.ts";
import { runCli, tempDir } from "../support/project.ts";

const v3 = {
  "package.json": `${JSON.stringify({ name: "shop", dependencies: { inngest: "^3.20.0" } }, null, 2)}\n`,
  "client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "shop" });\n`,
  "fn.ts": `import { inngest } from "./client";\nexport const f = inngest.createFunction({ id: "f" }, { event: "shop/x" }, async () => 1);\n`,
};

describe("create-inngest-app migrate", () => {
  it("--dry-run prints the changes and diffs and writes nothing", async () => {
    const root = await writeProject(v3, "migrate-cli");
    const { exitCode, stdout } = await runCli(["migrate", "--dry-run"], { cwd: root });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("fn.ts:2: createFunction(options, trigger, handler) → createFunction({ ...options, triggers }, handler)");
    expect(stdout).toContain(`+export const f = inngest.createFunction({ id: "f", triggers: [{ event: "shop/x" }] }, async () => 1);`);
    expect(stdout).toContain(`+    "inngest": "^4.24.0"`);
    expect(readFileSync(path.join(root, "fn.ts"), "utf8")).toBe(v3["fn.ts"]);
  });

  it("writes, then a second run has nothing to do", async () => {
    const root = await writeProject(v3, "migrate-cli");
    const first = await runCli(["migrate", "--json"], { cwd: root });
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ outcome: "applied", packages: [""], files: ["fn.ts", "package.json"], left: [] });
    expect(readFileSync(path.join(root, "package.json"), "utf8")).toContain(`"inngest": "^4.24.0"`);
    const second = await runCli(["migrate", "--json"], { cwd: root });
    expect(JSON.parse(second.stdout)).toMatchObject({ outcome: "nothing-to-do", files: [] });
  });

  it("what a first run left (here `user` on a sent event) is listed again by a second run, on inngest 4, and never changed", async () => {
    const root = await writeProject({ ...v3, "send.ts": `import { inngest } from "./client";\nexport const signUp = () => inngest.send({ name: "shop/x", data: {}, user: { id: "u1" } });\n` }, "migrate-cli");
    const first = JSON.parse((await runCli(["migrate", "--json"], { cwd: root })).stdout);
    expect(first.left).toEqual([expect.objectContaining({ file: "send.ts", line: 2, message: expect.stringMatching(/no `user` field in v4/) })]);
    const sendBefore = readFileSync(path.join(root, "send.ts"), "utf8");
    const second = await runCli(["migrate"], { cwd: root });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain("Nothing to migrate: no package here depends on inngest 3.x.");
    expect(second.stdout).toMatch(/Still to move by hand \(v3 code in packages on inngest 4\):\n {2}send\.ts:2: events have no `user` field in v4/);
    expect(readFileSync(path.join(root, "send.ts"), "utf8")).toBe(sendBefore);
    const json = JSON.parse((await runCli(["migrate", "--json"], { cwd: root })).stdout);
    expect(json).toMatchObject({ outcome: "nothing-to-do", files: [], left: [], stillLeft: [expect.objectContaining({ file: "send.ts", line: 2 })] });
  });

  it("an inngest 2.x package is not moved, and the line to upgrade by hand first is said", async () => {
    const v2 = {
      "package.json": `${JSON.stringify({ name: "shop", dependencies: { inngest: "^2.7.2" } }, null, 2)}\n`,
      "fn.ts": `import { Inngest } from "inngest";\nconst inngest = new Inngest({ name: "Shop" });\nexport const f = inngest.createFunction({ name: "F" }, { event: "shop/x" }, async () => 1);\n`,
    };
    const root = await writeProject(v2, "migrate-cli");
    const { exitCode, stdout } = await runCli(["migrate"], { cwd: root });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("Nothing to migrate: no package here depends on inngest 3.x.");
    expect(stdout).toMatch(/package\.json:4: inngest 2\.x is older than 3, and migrate moves 3\.x code: upgrade this package to inngest 3 first.*slugify\(name\)/);
    expect(readFileSync(path.join(root, "fn.ts"), "utf8")).toBe(v2["fn.ts"]);
  });

  it("refuses a folder without package.json (exit 2)", async () => {
    const root = await tempDir("migrate-cli");
    const { exitCode, stderr } = await runCli(["migrate"], { cwd: root });
    expect(exitCode).toBe(2);
    expect(stderr).toContain("has no package.json");
  });
});
