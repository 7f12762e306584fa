import { describe, expect, it } from "vitest";
import { appIdFor, checkProjectName, projectNameFor, suggestProjectName } from "../../src/options/project-name.ts";

describe("project names", () => {
  it("accepts ordinary npm names", () => {
    for (const name of ["my-app", "app2", "inngest.worker", "a_b"]) expect(checkProjectName(name)).toEqual({ ok: true, name });
  });

  it.each([
    ["My App", "my-app"],
    ["Über Café", "uber-cafe"],
    [".hidden", "hidden"],
    ["_private", "private"],
    ["node_modules", "node-modules"],
    ["favicon.ico", "favicon-ico"],
  ])("refuses %j with a reason and suggests %j", (name, suggestion) => {
    const check = checkProjectName(name);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.length).toBeGreaterThan(0);
    expect(check.suggestion).toBe(suggestion);
    expect(checkProjectName(check.suggestion).ok).toBe(true);
  });

  it("suggests a valid name for anything", () => {
    for (const name of ["", "!!!", "x".repeat(300), "ÀÉÎ", "a  b", "CON"]) {
      expect(checkProjectName(suggestProjectName(name)).ok, name).toBe(true);
    }
  });

  it("names the project after the last path segment", () => {
    expect(projectNameFor("apps/worker", "/home/ada")).toBe("worker");
    expect(projectNameFor(".", "/home/ada/shop")).toBe("shop");
    expect(projectNameFor("../billing", "/home/ada/shop")).toBe("billing");
  });

  it("derives a kebab-case app id, without the scope", () => {
    expect(appIdFor("@acme/billing-worker")).toBe("billing-worker");
    expect(appIdFor("shop")).toBe("shop");
  });
});
