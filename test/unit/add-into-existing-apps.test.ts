import { describe, expect, it } from "vitest";
import { zod3WithV4Api } from "../../src/catalogue/versions.ts";
import { lowestVersion, zodUse } from "../../src/plan/zod-use.ts";
import { changedPaths, packageJson, planFor, planned, projectWith } from "../support/add-fixtures.ts";

const typescript = { typescript: "^5.9.0" };
const bundlerTsconfig = JSON.stringify({ compilerOptions: { strict: true, moduleResolution: "bundler" } });

describe("zod 3 is kept: the generated code imports zod/v4, and a range below 3.25 is raised within major 3", () => {
  it("reads the lowest version a range allows", () => {
    expect(lowestVersion("^3.24.4")).toEqual([3, 24]);
    expect(lowestVersion("~3.23.8")).toEqual([3, 23]);
    expect(lowestVersion(">=3.20.0 <4")).toEqual([3, 20]);
    expect(lowestVersion("^4.0.0 || ^3.25.0")).toEqual([3, 25]);
    expect(lowestVersion("3.x")).toEqual([3, 0]);
    expect(lowestVersion("catalog:")).toBeUndefined();
    expect(lowestVersion("latest")).toBeUndefined();
  });

  it("chooses the module and the range", () => {
    expect(zodUse("^4.1.0")).toEqual({ module: "zod" });
    expect(zodUse(undefined)).toEqual({ module: "zod" });
    expect(zodUse("^3.25.0")).toEqual({ module: "zod/v4" });
    expect(zodUse("^3.24.4")).toEqual({ module: "zod/v4", raisedRange: `^${zod3WithV4Api}` });
    expect(zodUse("~3.22.0")).toEqual({ module: "zod/v4", raisedRange: `~${zod3WithV4Api}` });
    expect(zodUse("3.23.8")).toEqual({ module: "zod/v4", raisedRange: zod3WithV4Api });
    expect(zodUse("3.x")).toEqual({ module: "zod/v4", raisedRange: `^${zod3WithV4Api}` });
    // The range does not say: the installed version decides; `zod/v4` exists on every version inngest accepts.
    expect(zodUse("catalog:", "4.2.0")).toEqual({ module: "zod" });
    expect(zodUse("catalog:", "3.25.1")).toEqual({ module: "zod/v4" });
    expect(zodUse("catalog:")).toEqual({ module: "zod/v4" });
    // zod 1 or 2 to 3 would be a major upgrade: refused with the reason, never done.
    expect(() => zodUse("^1.11.0")).toThrow(/Inngest 4 needs zod 3\.25 or later.*Nothing was changed/s);
  });

  it("Next.js on zod ^3.24: every generated zod import is zod/v4, the range becomes ^3.25.76, and nothing says to upgrade", async () => {
    const root = await projectWith({
      "package.json": packageJson({ dependencies: { next: "^15.4.0", react: "^19.0.0", zod: "^3.24.4" }, devDependencies: typescript }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, moduleResolution: "bundler", paths: { "@/*": ["./*"] } } }),
      "app/page.tsx": "export default function Page() {\n  return null;\n}\n",
      // The app's own zod 3 code: untouched.
      "lib/forms.ts": 'import { z } from "zod";\n\nexport const signIn = z.object({ email: z.string().email() });\n',
    });
    const p = planFor(root, ["durable-sleep", "multi-step", "webhook"]);
    expect(p.dependencies).toEqual({ inngest: expect.any(String), zod: `^${zod3WithV4Api}` });
    expect(JSON.parse(planned(p, "package.json")!).dependencies.zod).toBe(`^${zod3WithV4Api}`);
    expect(p.notices.join("\n")).toMatch(/zod \^3\.24\.4 → \^3\.25\.76: still zod 3/);
    const zodImports = p.files.flatMap((f) => [...f.content.matchAll(/from "(zod[^"]*)"/g)].map((m) => `${f.path}: ${m[1]}`));
    expect(zodImports).toEqual(["inngest/events.ts: zod/v4", "inngest/functions/order-workflow.ts: zod/v4", "webhooks/stripe.ts: zod/v4"]);
    expect(changedPaths(p)).not.toContain("update lib/forms.ts");
  });

  it("an events module on zod 3 keeps its `z`; the new schemas use zod/v4's under another name", async () => {
    const root = await projectWith({
      "package.json": packageJson({ dependencies: { "@sveltejs/kit": "^2.0.0", inngest: "^4.0.0", zod: "^3.25.0" }, devDependencies: typescript }),
      "tsconfig.json": bundlerTsconfig,
      "src/lib/server/events.ts": 'import { eventType } from "inngest";\nimport { z } from "zod";\n\nexport const ping = eventType("app/ping", { schema: z.object({}) });\n',
    });
    const p = planFor(root, ["wait-for-event"]);
    expect(p.dependencies).toEqual({});
    const events = planned(p, "src/lib/server/events.ts")!;
    expect(events).toMatch(/^import \{ eventType \} from "inngest";\nimport \{ z \} from "zod";\nimport \{ z as z4 \} from "zod\/v4";\n/);
    expect(events).toContain('export const ping = eventType("app/ping", { schema: z.object({}) });');
    const added = events.slice(events.indexOf("export const trialStarted"));
    expect(added).toContain("z4.object(");
    expect(added).not.toMatch(/\bz\./);
  });

  it("an events module that already imports zod/v4 uses it", async () => {
    const root = await projectWith({
      "package.json": packageJson({ dependencies: { express: "^5.0.0", inngest: "^4.0.0", zod: "^3.25.76" }, devDependencies: typescript }),
      "tsconfig.json": bundlerTsconfig,
      "src/app.ts": 'import express from "express";\nexport const app = express();\n',
      "src/events.ts": 'import { eventType } from "inngest";\nimport * as v4 from "zod/v4";\n\nexport const ping = eventType("app/ping", { schema: v4.object({}) });\n',
    });
    const events = planned(planFor(root, ["durable-sleep"]), "src/events.ts")!;
    expect(events).toMatch(/^import \{ eventType \} from "inngest";\nimport \* as v4 from "zod\/v4";\nimport \{ z \} from "zod\/v4";\n/);
    expect(events).toContain("export const userSignedUp = eventType(");
  });
});

describe("a service the user filled in is theirs: reused when it exports what the new code imports, never replaced", () => {
  const expressApp = {
    "tsconfig.json": bundlerTsconfig,
    "src/app.ts": 'import express from "express";\nexport const app = express();\n',
  };
  const mailer = 'import { Resend } from "resend";\n\nconst resend = new Resend(process.env.RESEND_API_KEY);\n\nexport async function sendEmail(email: { to: string; subject: string; text: string }) {\n  const { data } = await resend.emails.send({ from: "team@example.com", ...email });\n  return { id: data?.id ?? "" };\n}\n';

  it("a mailer exporting sendEmail: every pattern that needs email uses it, with or without --force", async () => {
    const root = await projectWith({
      ...expressApp,
      "package.json": packageJson({ dependencies: { express: "^5.0.0", resend: "^4.0.0" }, devDependencies: typescript }),
      "src/services/email.ts": mailer,
    });
    for (const force of [false, true]) {
      const p = planFor(root, ["durable-sleep", "cron-fan-out", "multi-step"], force);
      expect(p.files.filter((f) => f.path.startsWith("src/services/email")), `force: ${force}`).toEqual([]);
      expect(p.files.some((f) => f.action === "conflict")).toBe(false);
      expect(planned(p, "src/inngest/functions/welcome-drip.ts")).toContain('import { sendEmail } from "../../services/email";');
      expect(p.notices).toContain("src/services/email.ts is yours: the new functions use its sendEmail.");
    }
  });

  it("a mailer exporting other names: the stand-in goes beside it and the new code (tests' mocks too) imports that", async () => {
    const root = await projectWith({
      ...expressApp,
      "package.json": packageJson({ dependencies: { express: "^5.0.0" }, devDependencies: typescript }),
      "src/services/email.ts": "export async function deliver(to: string, html: string) {\n  return { to, html };\n}\n",
    });
    const p = planFor(root, ["durable-sleep", "webhook"], true);
    expect(changedPaths(p).filter((line) => line.includes("services/"))).toEqual([
      "create src/services/email-stand-in.ts",
      "create src/services/orders.ts",
      "create src/services/users.ts",
    ]);
    expect(planned(p, "src/services/email-stand-in.ts")).toContain("export async function sendEmail(");
    expect(planned(p, "src/inngest/functions/stripe-events.ts")).toContain('import { sendEmail } from "../../services/email-stand-in";');
    const test = planned(p, "src/inngest/functions/welcome-drip.test.ts")!;
    expect(test).toContain('vi.mock("../../services/email-stand-in", ');
    expect(test).not.toMatch(/services\/email"/);
    expect(p.notices.join("\n")).toMatch(/src\/services\/email\.ts is yours and does not export sendEmail: the new functions import a logging stand-in from src\/services\/email-stand-in\.ts/);

    // The next pattern that needs email finds the stand-in there already, and changes neither file.
    const { applyPlan } = await import("../../src/write/apply-plan.ts");
    await applyPlan(p);
    const next = planFor(root, ["wait-for-event"]);
    expect(changedPaths(next).filter((line) => line.includes("services/email"))).toEqual([]);
    expect(planned(next, "src/inngest/functions/trial-conversion.ts")).toContain('from "../../services/email-stand-in"');
  });
});
