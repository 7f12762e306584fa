import { describe, expect, it } from "vitest";
import type { PatternId } from "../../src/catalogue/patterns.ts";
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

describe("React Router: the serve route goes where the app builds it, or add refuses with the reason", () => {
  const rrPackage = packageJson({
    type: "module",
    dependencies: { "react-router": "^7.9.0", "@react-router/node": "^7.9.0", inngest: "^4.0.0", zod: "^4.0.0" },
    devDependencies: { "@react-router/dev": "^7.9.0", "@react-router/fs-routes": "^7.9.0", ...typescript, vitest: "^4.0.0", "@inngest/test": "^1.0.0" },
  });
  const tsconfig = JSON.stringify({ compilerOptions: { strict: true, moduleResolution: "bundler", rootDirs: [".", "./.react-router/types"] } });
  const listedRoutes = 'import { type RouteConfig, index } from "@react-router/dev/routes";\n\nexport default [index("pages/home.tsx")] satisfies RouteConfig;\n';

  it('appDirectory "src" (through a const): new files and the route entries go in src/, and no app/ folder appears', async () => {
    const root = await projectWith({
      "package.json": rrPackage,
      "tsconfig.json": tsconfig,
      "react-router.config.ts": 'import type { Config } from "@react-router/dev/config";\n\nconst config = {\n  ssr: true,\n  appDirectory: "./src/",\n} satisfies Config;\n\nexport default config;\n',
      "src/root.tsx": "export default function Root() {\n  return null;\n}\n",
      "src/routes.ts": listedRoutes,
    });
    const p = planFor(root, ["webhook"]);
    expect(p.files.filter((f) => f.path.startsWith("app/"))).toEqual([]);
    expect(changedPaths(p)).toEqual(
      expect.arrayContaining(["create src/routes/api.inngest.ts", "create src/routes/api.webhooks.stripe.ts", "create src/inngest/client.ts", "update src/routes.ts"]),
    );
    expect(planned(p, "src/routes.ts")).toContain('[index("pages/home.tsx"), route("api/inngest", "routes/api.inngest.ts"), route("api/webhooks/stripe", "routes/api.webhooks.stripe.ts")]');
  });

  it("flatRoutes() with another rootDirectory: the route files go in that folder, with their route types beside them", async () => {
    const root = await projectWith({
      "package.json": rrPackage,
      "tsconfig.json": tsconfig,
      "react-router.config.ts": 'export default { appDirectory: "web" };\n',
      "web/routes.ts": 'import type { RouteConfig } from "@react-router/dev/routes";\nimport { flatRoutes } from "@react-router/fs-routes";\n\nexport default flatRoutes({ rootDirectory: "pages" }) satisfies RouteConfig;\n',
    });
    const p = planFor(root, ["durable-sleep"]);
    expect(changedPaths(p)).toContain("create web/pages/api.inngest.ts");
    expect(changedPaths(p)).not.toContain("update web/routes.ts");
    const route = planned(p, "web/pages/api.inngest.ts")!;
    expect(route).toContain('from "./+types/api.inngest"');
    expect(route).toContain('from "../inngest/client"');
  });

  it("a list that spreads flatRoutes(): the file in routes/ is found by name, and is not listed a second time", async () => {
    const root = await projectWith({
      "package.json": rrPackage,
      "tsconfig.json": tsconfig,
      "app/routes.ts":
        'import { type RouteConfig, route } from "@react-router/dev/routes";\nimport { flatRoutes } from "@react-router/fs-routes";\n\nexport default [\n  route("/", "home.tsx"),\n  ...(await flatRoutes()),\n] satisfies RouteConfig;\n',
    });
    const p = planFor(root, ["durable-sleep"]);
    expect(changedPaths(p)).toContain("create app/routes/api.inngest.ts");
    expect(changedPaths(p)).not.toContain("update app/routes.ts");
  });

  it("refuses, naming the reason, when the route could not be served or found", async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ["ssr: false", { "react-router.config.ts": 'export default { appDirectory: "src", ssr: false };\n', "src/routes.ts": listedRoutes }, /sets ssr: false: this React Router app is a single-page app.*Nothing was changed/s],
      ["a computed appDirectory", { "react-router.config.ts": 'const dir = "src";\nexport default { appDirectory: dir };\n' }, /appDirectory is not a string literal\. Nothing was changed/],
      ["no routes module in the app directory", { "react-router.config.ts": 'export default { appDirectory: "src" };\n', "app/routes.ts": listedRoutes }, /reads its routes from src\/routes\.ts.*none there/],
      ["a routes module built by a function add can't read", { "app/routes.ts": 'import { remixRoutesOptionAdapter } from "@react-router/remix-routes-option-adapter";\n\nexport default remixRoutesOptionAdapter((defineRoutes) => defineRoutes(() => {}));\n' }, /app\/routes\.ts does not export a list of routes add can read/],
    ];
    for (const [name, files, message] of cases) {
      const root = await projectWith({ "package.json": rrPackage, "tsconfig.json": tsconfig, ...files });
      expect(() => planFor(root, ["durable-sleep"]), name).toThrow(message);
    }
  });
});

describe("Vite apps: the project's vite.config copies the .env variables the server code reads into process.env", () => {
  const kitPackage = packageJson({ type: "module", devDependencies: { "@sveltejs/kit": "^2.20.0", vite: "^6.0.0", ...typescript } });
  const configAfter = (files: Record<string, string>, patterns: PatternId[] = ["webhook"]) =>
    projectWith({ "package.json": kitPackage, "tsconfig.json": bundlerTsconfig, ...files }).then((root) => {
      const p = planFor(root, patterns);
      return { p, config: planned(p, Object.keys(files).find((f) => f.startsWith("vite.config"))!) };
    });

  it("defineConfig({...}) becomes create's function form, the user's object kept (one level deeper), in the file's quotes and semicolons", async () => {
    const { p, config } = await configAfter({
      "vite.config.ts": "import { sveltekit } from '@sveltejs/kit/vite'\nimport { defineConfig } from 'vitest/config'\n\nexport default defineConfig({\n  plugins: [sveltekit()],\n  test: {\n    include: ['src/**/*.test.ts'],\n  },\n})\n",
    });
    expect(config).toBe(
      [
        "import { sveltekit } from '@sveltejs/kit/vite'",
        "import { defineConfig } from 'vitest/config'",
        "import { loadEnv } from 'vite'",
        "",
        "export default defineConfig(({ mode }) => {",
        "  // The Inngest SDK and the server code read process.env; Vite exposes .env files only to import.meta.env.",
        "  Object.assign(process.env, loadEnv(mode, process.cwd(), ['INNGEST_', 'STRIPE_WEBHOOK_SECRET']))",
        "  return {",
        "    plugins: [sveltekit()],",
        "    test: {",
        "      include: ['src/**/*.test.ts'],",
        "    },",
        "  }",
        "})",
        "",
      ].join("\n"),
    );
    expect(p.envFilesReachServer).toBe("yes");
  });

  it("a config function gets the line first in its body; its parameter gains `mode` when it lacks it", async () => {
    const { config } = await configAfter({
      "vite.config.ts": 'import { reactRouter } from "@react-router/dev/vite";\nimport { defineConfig, type UserConfig } from "vite";\n\nconst config = defineConfig(({ isSsrBuild }) => {\n\tconst base: UserConfig = { plugins: [reactRouter()] };\n\treturn base;\n});\n\nexport default config;\n',
    });
    expect(config).toContain('import { defineConfig, type UserConfig, loadEnv } from "vite";');
    expect(config).toContain('const config = defineConfig(({ isSsrBuild, mode }) => {\n\t// The Inngest SDK');
    expect(config).toContain('\tObject.assign(process.env, loadEnv(mode, process.cwd(), ["INNGEST_", "STRIPE_WEBHOOK_SECRET"]));\n\tconst base: UserConfig');
  });

  it("an arrow returning an object, and a parameter named as a whole", async () => {
    const { config } = await configAfter({ "vite.config.js": 'import { defineConfig } from "vite";\n\nexport default defineConfig((env) => ({\n  plugins: [],\n}));\n' }, ["durable-sleep"]);
    expect(config).toContain('export default defineConfig((env) => {\n  // The Inngest SDK');
    expect(config).toContain('Object.assign(process.env, loadEnv(env.mode, process.cwd(), ["INNGEST_"]));\n  return {\n    plugins: [],\n  };\n});');
  });

  it("a config that loads them already gets only the missing prefixes; a second add changes nothing", async () => {
    const root = await projectWith({
      "package.json": kitPackage,
      "tsconfig.json": bundlerTsconfig,
      "vite.config.ts": 'import { defineConfig, loadEnv } from "vite";\n\nexport default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, process.cwd(), ["INNGEST_"]);\n  Object.assign(process.env, env);\n  return {};\n});\n',
    });
    const first = planFor(root, ["webhook"]);
    expect(planned(first, "vite.config.ts")).toContain('loadEnv(mode, process.cwd(), ["INNGEST_", "STRIPE_WEBHOOK_SECRET"])');
    const { applyPlan } = await import("../../src/write/apply-plan.ts");
    await applyPlan(first);
    expect(changedPaths(planFor(root, ["webhook"]))).toEqual([]);
  });

  it("a plain config object (typed UserConfig) gets a plugin that loads them, typed by its list", async () => {
    const { p, config } = await configAfter({ "vite.config.ts": "import { sveltekit } from '@sveltejs/kit/vite';\nimport type { UserConfig } from 'vite';\n\nconst config: UserConfig = {\n\tplugins: [sveltekit()]\n};\n\nexport default config;\n" });
    expect(config).toBe(
      "import { sveltekit } from '@sveltejs/kit/vite';\nimport type { UserConfig } from 'vite';\nimport { loadEnv } from 'vite';\n\nconst config: UserConfig = {\n" +
        "\tplugins: [sveltekit(), { name: 'env-files-into-process-env', config: (_, { mode }) => void Object.assign(process.env, loadEnv(mode, process.cwd(), ['INNGEST_', 'STRIPE_WEBHOOK_SECRET'])) }]\n};\n\nexport default config;\n",
    );
    expect(p.envFilesReachServer).toBe("yes");
  });

  it("a config add can't edit: nothing changes in it, and the plan says why (the next steps name the shell)", async () => {
    const { p, config } = await configAfter({ "vite.config.ts": 'import { makeConfig } from "./config/vite";\n\nexport default makeConfig();\n' });
    expect(config).toBeUndefined();
    expect(p.envFilesReachServer).toEqual({ no: "vite.config.ts exports neither defineConfig(...) nor an object with a plugins list" });
  });
});

describe("Next.js: the serve route goes where Next.js reads routes", () => {
  it("app/ in the root wins over src/app (which Next.js then ignores)", async () => {
    const root = await projectWith({
      "package.json": packageJson({ dependencies: { next: "^16.0.0", react: "^19.0.0" }, devDependencies: typescript }),
      "tsconfig.json": bundlerTsconfig,
      "app/page.tsx": "export default function Page() {\n  return null;\n}\n",
      "src/app/old/page.tsx": "export default function Old() {\n  return null;\n}\n",
    });
    expect(changedPaths(planFor(root, ["durable-sleep"]))).toContain("create app/api/inngest/route.ts");
  });
});

describe("the next steps say where a variable reaches the dev server", () => {
  it("Express: .env.local when the dev script loads it (as create's does), otherwise the dev server's environment", async () => {
    const app = { "tsconfig.json": bundlerTsconfig, "src/app.ts": 'import express from "express";\nexport const app = express();\n' };
    const loads = await projectWith({ ...app, "package.json": packageJson({ scripts: { dev: "tsx watch --env-file=.env.development --env-file-if-exists=.env.local src/app.ts" }, dependencies: { express: "^5.0.0" }, devDependencies: typescript }) });
    expect(planFor(loads, ["durable-sleep"]).envFilesReachServer).toBe("yes");
    const plain = await projectWith({ ...app, "package.json": packageJson({ scripts: { dev: "tsx watch src/app.ts" }, dependencies: { express: "^5.0.0" }, devDependencies: typescript }) });
    expect(planFor(plain, ["durable-sleep"]).envFilesReachServer).toBe("unknown");
  });
});

describe("an undeclared zod 3 in node_modules (a library's) is declared on major 3, not replaced by zod 4", () => {
  it.each([
    ["3.25.20", "^3.25.20"],
    ["3.23.8", `^${zod3WithV4Api}`],
  ])("installed %s → %s, imported from zod/v4", async (installed, declared) => {
    const root = await projectWith({
      "package.json": packageJson({ dependencies: { express: "^5.0.0", openai: "^4.0.0" }, devDependencies: typescript }),
      "tsconfig.json": bundlerTsconfig,
      "src/app.ts": 'import express from "express";\nexport const app = express();\n',
      "node_modules/zod/package.json": JSON.stringify({ name: "zod", version: installed }),
    });
    const p = planFor(root, ["durable-sleep"]);
    expect(p.dependencies.zod).toBe(declared);
    expect(planned(p, "src/inngest/events.ts")).toContain('import { z } from "zod/v4";');
  });
});
