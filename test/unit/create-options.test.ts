import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import {
  completeOptions,
  equivalentCommand,
  missingChoices,
  parseCreateFlags,
  type CreateFlags,
} from "../../src/options/create-options.ts";

const cwd = "/home/ada";
const parse = (flags: CreateFlags) => parseCreateFlags(flags, cwd);
const problemOf = (flags: CreateFlags) => {
  try {
    parse(flags);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error("expected the flags to be refused");
};

describe("parsing create flags", () => {
  it("keeps what was given and leaves the rest open", () => {
    const options = parse({ directory: "shop", framework: "hono", pm: "pnpm", install: false });
    expect(options).toMatchObject({ directory: "shop", framework: "hono", packageManager: "pnpm", install: false });
    expect(options.target).toBeUndefined();
    expect(options.git).toBeUndefined();
    expect(missingChoices(options)).toEqual(["target", "patterns"]);
  });

  it("accepts react-router as an alias of remix, in any case", () => {
    expect(parse({ framework: "react-router" }).framework).toBe("remix");
    expect(parse({ framework: "NEXT" }).framework).toBe("next");
  });

  it("lists the valid values for an unknown one", () => {
    expect(problemOf({ framework: "angular" })).toMatch(/Unknown framework "angular".*next, express, hono, remix, sveltekit/);
    expect(problemOf({ target: "heroku" })).toMatch(/Unknown target "heroku".*vercel.*railway/);
    expect(problemOf({ patterns: "durable-sleep,saga" })).toMatch(/Unknown pattern "saga".*durable-sleep/);
    expect(problemOf({ pm: "npx" })).toMatch(/npm, pnpm, yarn, bun/);
  });

  it("reports every problem at once", () => {
    const message = problemOf({ framework: "angular", target: "heroku", appId: "Bad Id" });
    expect(message.split("\n")).toHaveLength(3);
  });

  it("splits, trims and de-duplicates patterns, and needs at least one", () => {
    expect(parse({ patterns: " durable-sleep , durable-sleep" }).patterns).toEqual(["durable-sleep"]);
    expect(problemOf({ patterns: " , " })).toMatch(/at least one pattern/);
  });

  it("refuses a directory whose name is not a valid package name, with a suggestion", () => {
    expect(problemOf({ directory: "My App" })).toMatch(/"My App" is not a valid npm package name: .*Try "my-app"/);
    expect(problemOf({ directory: "  " })).toMatch(/empty/);
  });

  it("refuses an app id that is not kebab-case", () => {
    expect(problemOf({ appId: "My_App" })).toMatch(/Invalid app id "My_App".*"my-app"/);
  });

  it("refuses a framework and target that do not fit, naming the targets that do", () => {
    const message = problemOf({ framework: "express", target: "cloudflare-workers" });
    expect(message).toMatch(/Express cannot be deployed to Cloudflare Workers: Express needs Node's HTTP server/);
    expect(message).toMatch(/Targets that fit Express: vercel, netlify, railway, fly-io, self-hosted/);
  });
});

describe("completing options with defaults", () => {
  it("fills everything not given and says which defaults it used", () => {
    const { options, defaultsUsed } = completeOptions(parse({ framework: "sveltekit" }), cwd);
    expect(options).toMatchObject({
      directory: "my-inngest-app",
      projectName: "my-inngest-app",
      appId: "my-inngest-app",
      framework: "sveltekit",
      target: "railway",
      patterns: ["durable-sleep"],
      install: true,
      git: true,
    });
    expect(defaultsUsed).toEqual(["directory: my-inngest-app", "target: railway", "patterns: durable-sleep", "install: yes", "git: yes"]);
  });

  it("uses each framework's own default target", () => {
    expect(completeOptions(parse({ framework: "next" }), cwd).options.target).toBe("vercel");
    expect(completeOptions(parse({ framework: "express" }), cwd).options.target).toBe("railway");
  });

  it("names the project after the current directory for `.`", () => {
    const { options } = completeOptions(parse({ directory: ".", framework: "hono" }), "/home/ada/billing-worker");
    expect(options.projectName).toBe("billing-worker");
    expect(options.appId).toBe("billing-worker");
  });

  it("refuses a framework and target that do not fit when completing", () => {
    expect(() => completeOptions({ target: "cloudflare-workers", framework: "express" }, cwd)).toThrow(UserError);
  });
});

describe("the equivalent command", () => {
  it("reproduces the options without questions, leaving out flags that only repeat a default", () => {
    const { options } = completeOptions(parse({ directory: "shop", framework: "remix", install: false, pm: "pnpm" }), cwd);
    expect(equivalentCommand(options)).toBe("pnpm create inngest-app shop --framework remix --no-install --yes");
    // --yes takes the defaults back: the same options again.
    const replayed = completeOptions(parse({ directory: "shop", framework: "remix", install: false, pm: "pnpm", yes: true }), cwd).options;
    expect(replayed).toEqual(options);
  });

  it("says every choice that is not a default", () => {
    const { options } = completeOptions(
      parse({ directory: "shop", framework: "hono", target: "fly-io", patterns: "webhook,multi-step", appId: "billing", git: false, pm: "npm" }),
      cwd,
    );
    expect(equivalentCommand(options)).toBe(
      "npx create-inngest-app@latest shop --framework hono --target fly-io --patterns webhook,multi-step --app-id billing --no-git --yes",
    );
    expect(equivalentCommand(completeOptions(parse({ directory: "shop", framework: "next", pm: "npm" }), cwd).options)).toBe(
      "npx create-inngest-app@latest shop --yes",
    );
  });

  it("quotes a directory the shell would split", () => {
    const { options } = completeOptions(parse({ directory: "apps/my worker/api", framework: "hono" }), cwd);
    expect(equivalentCommand(options)).toContain("npx create-inngest-app@latest 'apps/my worker/api' --framework hono");
  });
});
