import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { frameworkIds, frameworks } from "../../src/catalogue/frameworks.ts";
import { frameworkOn, targets } from "../../src/catalogue/targets.ts";
import { repoRoot } from "../support/paths.ts";

const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));

describe("the repository README", () => {
  it("opens with what the tool is, then the two set-up commands", () => {
    const intro = readme.slice(0, readme.indexOf("```sh"));
    expect(intro).toMatch(/is a command-line tool for \[Inngest\]/);
    for (const command of ["create", "add", "check"]) expect(intro).toContain(`**\`${command}\`**`);
    const setUp = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(setUp).toContain("npm ci && npm run build && node bin/create-inngest-app.cjs my-inngest-app --framework next --yes");
    expect(setUp).toContain("npm ci && npm test");
    // Both commands are real: the scripts exist and the bin is what the package declares.
    expect(pkg.scripts).toHaveProperty("build");
    expect(pkg.scripts).toHaveProperty("test");
    expect(Object.values(pkg.bin)).toContain("bin/create-inngest-app.cjs");
  });

  it("puts the user guide, with running from a clone, before the contributor guide and its test-suite detail", () => {
    const user = readme.indexOf("\n# User guide\n");
    const contributor = readme.indexOf("\n# Contributor guide\n");
    expect(user).toBeGreaterThan(0);
    expect(contributor).toBeGreaterThan(user);
    const userGuide = readme.slice(user, contributor);
    expect(userGuide).toContain("npm link");
    expect(userGuide).toContain("node bin/create-inngest-app.cjs my-app");
    expect(readme.indexOf("## The test suite")).toBeGreaterThan(contributor);
    expect(readme.indexOf("end-to-end suite")).toBeGreaterThan(contributor);
  });

  it("states each framework's Node floor beside the tool's own, as the catalogue has them", () => {
    const top = readme.slice(0, readme.indexOf("\n# User guide\n"));
    expect(top).toContain(`The tool itself needs Node ${pkg.engines.node.replace(">=", "").replace(/\.0$/, "")} or newer`);
    for (const id of frameworkIds) {
      const floors = new Set(
        Object.values(targets)
          .filter((t) => t.supports.includes(id))
          .map((t) => frameworkOn(id, t.id).minNode.replace(/\.0$/, "")),
      );
      const row = top.split("\n").find((line) => line.startsWith(`| ${frameworks[id].label.split(" (")[0]}`) || (id === "remix" && line.startsWith("| React Router 8")));
      expect(row, id).toBeDefined();
      for (const floor of floors) expect(row, `${id} ${floor}`).toContain(`${floor}+`);
    }
  });
});
