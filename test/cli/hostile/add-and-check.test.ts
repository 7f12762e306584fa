import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, expectNoCrash, workDir } from "./hostile.ts";

const serveRoute = "src/app/api/inngest/route.ts";
/** The list the serve handler registers, which `add` edits. */
const functionsIndex = "src/inngest/functions/index.ts";

/** A Next.js project from our own `create`, committed, so `git status` shows anything `add` changes. */
async function committedProject(): Promise<string> {
  const dir = await workDir("add");
  const made = await cli(["shop", "--framework", "next", "--patterns", "durable-sleep", "--yes", "--no-install", "--no-git"], dir);
  expect(made.exitCode, made.all).toBe(0);
  const project = path.join(dir, "shop");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init");
  return project;
}

const gitStatus = (project: string) => execFileSync("git", ["status", "--porcelain"], { cwd: project, encoding: "utf8" }).trim();
const commit = (project: string) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", "edit"], { cwd: project });

describe("add on a project it cannot safely change: nothing changed, the location and reason given", () => {
  it("a serve file with a syntax error", async () => {
    const project = await committedProject();
    const file = path.join(project, serveRoute);
    writeFileSync(file, readFileSync(file, "utf8").replace("functions })", "functions,, })"));
    commit(project);
    const run = await cli(["add", "webhook", "--yes", "--no-install"], project);
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toMatch(new RegExp(`${serveRoute.replaceAll("/", "\\/")}:8:\\d+: Unexpected token`));
    expect(run.all).toContain("Nothing was changed.");
    expect(gitStatus(project)).toBe("");
  });

  it("a serve handler whose functions list is not an array", async () => {
    const project = await committedProject();
    const file = path.join(project, serveRoute);
    writeFileSync(file, readFileSync(file, "utf8").replace("functions })", "functions: loadFunctions() })").concat("\nfunction loadFunctions() {\n  return functions;\n}\n"));
    commit(project);
    const run = await cli(["add", "webhook", "--yes", "--no-install"], project);
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toMatch(new RegExp(`${serveRoute.replaceAll("/", "\\/")}:\\d+`));
    expect(run.all).toContain("Nothing was changed");
    expect(gitStatus(project)).toBe("");
  });

  it("a file that changes under it (an editor saves mid-run): stops, the editor's change kept, nothing else changed", async () => {
    const project = await committedProject();
    const run = await cli(["add", "webhook", "--yes", "--no-install"], project, { faults: { FS_FAULT_TOUCH: path.join(project, functionsIndex) } });
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toContain(`${functionsIndex} changed while the plan was being applied; nothing was changed. Run the command again.`);
    expect(readFileSync(path.join(project, functionsIndex), "utf8")).toContain("// saved by an editor meanwhile");
    expect(gitStatus(project)).toBe(`M ${functionsIndex}`);
  });
});

describe("check on files it cannot read as code: reported, never a crash", () => {
  it("unparsable, binary, huge, unreadable-name and looping files", async () => {
    const project = await committedProject();
    const functions = path.join(project, "src", "inngest", "functions");
    await writeFile(path.join(functions, "broken.ts"), 'import { inngest } from "../client";\nexport const broken = inngest.createFunction({ id: "broken", triggers: [{ event: "a/b" }] }, async ({ step }) => {\n');
    await writeFile(path.join(functions, "binary.ts"), Buffer.from([0x00, 0xff, 0x10, 0x00, 0x89, 0x50, 0x4e, 0x47, 0x00]));
    await writeFile(path.join(functions, "huge.ts"), `export const data = [${"1,".repeat(3_000_000)}];\n`);
    await writeFile(path.join(functions, "ünïcode name ${x}.ts"), "export const ok = 1;\n");
    await mkdir(path.join(project, "src", "loop"));
    await symlink("..", path.join(project, "src", "loop", "up"));
    await symlink("missing.ts", path.join(functions, "dangling.ts"));
    const run = await cli(["check", ".", "--json"], project);
    expectNoCrash(run);
    expect([0, 1]).toContain(run.exitCode);
    const report = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string; line: number }[]; skipped: { file: string; reason: string }[] };
    expect(report.findings.filter((f) => f.ruleId === "parse-error")).toEqual([expect.objectContaining({ file: "src/inngest/functions/broken.ts", line: 3 })]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { file: "src/inngest/functions/binary.ts", reason: "binary file: skipped" },
        { file: "src/inngest/functions/dangling.ts", reason: "symbolic link to a missing file: skipped" },
        { file: "src/inngest/functions/huge.ts", reason: expect.stringMatching(/^larger than 1 MB/) },
        { file: "src/loop/up", reason: "symbolic link to a folder that contains it (a loop): not followed" },
      ]),
    );
    expect(report.findings.some((f) => f.file.includes("ünïcode"))).toBe(false);

    const text = await cli(["check", "."], project);
    expectNoCrash(text);
    expect(text.exitCode).toBe(1);
    expect(text.all).toContain("src/inngest/functions/broken.ts:3:1");
    expect(text.all).toContain("note: src/loop/up: symbolic link to a folder that contains it (a loop): not followed");
  });
});
