import { unwrapExpression } from "../code/unwrap.ts";
import path from "node:path";
import type { ArrayExpression, Declaration, Node, Statement } from "@babel/types";
import { frameworks, type Framework } from "../catalogue/frameworks.ts";
import { patterns as patternCatalogue, type Pattern, type PatternId } from "../catalogue/patterns.ts";
import { targets, type Target } from "../catalogue/targets.ts";
import { pickVersions, typescriptForInngest, type PackageName } from "../catalogue/versions.ts";
import { addImport, appendToArray, appendToFile, findNode, ImportBatch, importedAs, insertAfterStatement } from "../code/code-edits.ts";
import { describeSyntaxError, parseSource, walk, type ParsedFile } from "../code/parse.ts";
import { detectStyle, restyle, sameModuloFormatting } from "../code/code-style.ts";
import { relativeSpecifier } from "../code/import-specifier.ts";
import { applyEdits, type TextEdit } from "../code/text-edits.ts";
import type { InngestSetup } from "../detect/inngest-setup.ts";
import { allDependencies, type ProjectFacts } from "../detect/detect-project.ts";
import type { ServerApp } from "../detect/server-app.ts";
import { defaultExportedValue } from "../code/default-export.ts";
import type { ReactRouterConfig } from "../detect/react-router-config.ts";
import { stripeSecretName } from "../detect/stripe-webhook.ts";
import { UserError } from "../errors.ts";
import { createRenderer, type RenderedFile } from "../render/render.ts";
import type { Templates } from "../render/templates.ts";
import { envFor, renderPatternFiles, templateContext } from "./create-plan.ts";
import { zodUse, type ZodUse } from "./zod-use.ts";
import { loadEnvIntoProcess, viteConfigFiles } from "./vite-env.ts";
import { envExampleEntry, type EnvVar, type Plan, type PlannedFile } from "./plan.ts";

export interface AddRequest {
  patterns: PatternId[];
  /** Replace files that exist with other content (otherwise they are conflicts). */
  force: boolean;
  /**
   * `check --fix` on a project with functions and no serve handler: only the serve handler, which
   * registers these functions of the project (no pattern, events, env or workflow).
   */
  existingFunctions?: ExistingFunction[];
}

/** A function the project has, as its module exports it; `exportEdits` export a top-level const that was not. */
export interface ExistingFunction {
  file: string;
  exportName: string;
  exportEdits: TextEdit[];
}

export interface AddPlan extends Plan {
  /** Patterns added by this plan. */
  added: PatternId[];
  /** Patterns whose functions the project already has, with where one of them is. */
  alreadyPresent: { pattern: PatternId; where: string }[];
  /** Whether Inngest itself (client, serve handler) is being set up. */
  setsUpInngest: boolean;
  /** What the user should know about choices add made for them (a zod range raised, a service of theirs kept). */
  notices: string[];
  /**
   * Whether the values in `.env` files reach the server code's `process.env` in development:
   * "yes" (Next.js; a Vite config that loads them), "unknown" (Express, Hono: their dev script
   * decides), or why not (a Vite config add could not edit).
   */
  envFilesReachServer: "yes" | "unknown" | { no: string };
  /** The path the serve handler answers at (below a Hono app's base path). */
  servePath: string;
}

/** What the plan reads from the project: a file's text, or undefined when it does not exist. */
export type ReadFile = (relativePath: string) => string | undefined;

/** The secret of the Stripe endpoint `add` creates, when the project's own endpoint reads STRIPE_WEBHOOK_SECRET. */
const ownStripeSecretName = "STRIPE_INNGEST_WEBHOOK_SECRET";

/** Templates see a plain long-running server: no platform's settings or variables go into a user's project. */
const neutralTarget: Target = { ...targets.railway, env: [] };

const packagesForPatterns = { dependencies: ["inngest", "zod"], devDependencies: ["@inngest/test", "vitest"] } as const satisfies Record<string, PackageName[]>;

/**
 * Turns "add these patterns to that project" into a plan: new files at the places the project
 * uses, and edits (located by the syntax tree, applied as text) to its serve handler, functions
 * list, events module, route config and package.json. Pure: what it knows of the project comes
 * from the detection results and `read`.
 */
/** The workflow that runs `check` in CI, pinned to this tool's version. */
const checkWorkflow = ".github/workflows/inngest-check.yml";

export function planAdd(project: ProjectFacts, setup: InngestSetup, server: ServerApp | undefined, request: AddRequest, templates: Templates, read: ReadFile): AddPlan {
  // A serve handler alone is the same code on v3 and v4 (`serve({ client, functions })` from the adapter).
  refuseWhatCannotWork(project, request.existingFunctions ? { ...setup, v3: undefined } : setup);
  const framework = frameworks[project.framework];
  const render = createRenderer(templates);
  const notices: string[] = [];
  // An undeclared zod 3 in node_modules (a library's, which the app may import too) stays on major 3 when declared.
  const undeclaredZod3 = !allDependencies(project.packageJson).zod && project.installedZod?.startsWith("3.") ? `^${project.installedZod}` : undefined;
  const zodRange = allDependencies(project.packageJson).zod ?? undeclaredZod3;
  const zod = zodUse(zodRange, project.installedZod);
  const layout = projectLayout(project, setup, zod, read);

  const requested = request.patterns.map((id) => patternCatalogue[id]);
  const presence = requested.map((pattern) => ({ pattern, where: presentAt(pattern, setup) }));
  const alreadyPresent = presence.flatMap(({ pattern, where }) => (where ? [{ pattern: pattern.id, where }] : []));
  const toAdd = presence.filter(({ where }) => !where).map(({ pattern }) => pattern);

  const appId = setup.client?.appId ?? appIdFrom(project.packageJson.name ?? path.basename(project.root));
  // The deployment is the project's own business: render as for a long-running server, with no
  // platform settings (no Vercel checkpointing, no Workers bindings) written into the user's code.
  const context = {
    ...templateContext(
      { projectName: project.packageJson.name ?? path.basename(project.root), appId, target: neutralTarget.id, packageManager: project.packageManager },
      framework,
      toAdd,
      envFor(neutralTarget, toAdd),
      templates,
    ),
    mount: { app: server?.appName ?? "app", express: server?.frameworkName ?? "express", serve: "serve", client: "inngest", functions: "functions" },
  };

  // The project's own Stripe endpoint has its own signing secret: ours reads another variable.
  const stripeSecret = (text: string) => (project.stripeWebhook ? text.replaceAll(stripeSecretName, ownStripeSecretName) : text);
  if (project.stripeWebhook && toAdd.some((p) => p.id === "webhook")) {
    notices.push(`${project.stripeWebhook.file} already reads ${stripeSecretName}; the new Stripe endpoint has its own signing secret, read from ${ownStripeSecretName}.`);
  }

  // Below Hono's basePath("/api") the routes are mounted one level up, and answer at the usual paths.
  const servePath = server?.basePath && server.basePath !== "/api" && !setup.serve ? `${server.basePath}/api/inngest` : "/api/inngest";
  if (servePath !== "/api/inngest" && toAdd.length > 0) notices.push(`The app's routes are below its basePath("${server!.basePath}"): Inngest answers at ${servePath}.`);

  const changes = new Changes(read, request.force);
  // Next.js loads .env.local itself; an Express or Hono dev script may (create's: `--env-file-if-exists=.env.local`).
  const devScriptLoadsEnvLocal = /--env-file(-if-exists)?=\.env\.local\b/.test(project.packageJson.scripts?.dev ?? "");
  let envFilesReachServer: AddPlan["envFilesReachServer"] = project.framework === "express" || project.framework === "hono" ? (devScriptLoadsEnvLocal ? "yes" : "unknown") : "yes";
  const servesExisting = request.existingFunctions !== undefined;
  if (servesExisting && (setup.serve || !setup.client)) throw new UserError("A serve handler is created only for a project with an exported client and no serve handler.");
  if (toAdd.length > 0 || servesExisting) {
    // A serve handler pasted by hand (as add suggests when it can't find the app) waits for its client and functions.
    const setsUp = !setup.serve || Boolean(setup.serve.awaits);
    const rendered: RenderedFile[] = renderPatternFiles(render, framework, toAdd, context).map((file) => pagesRouterRoute(project, render, context, file));
    // Inngest's own modules, for what the project does not have yet.
    const core = render.renderLayer("inngest", `${framework.sourceDir}/inngest`, context);
    const coreFile = (name: string) => core.find((file) => file.path === `${framework.sourceDir}/inngest/${name}`)!;
    if (!setup.client) rendered.push(coreFile("client.ts"));
    if (servesExisting) {
      // Nothing of the patterns: the serve handler needs neither events nor their variables.
    } else if (!setup.eventsModule) rendered.push(coreFile("events.ts"));
    else addEvents(changes, setup.eventsModule.file, coreFile("events.ts").content, zod);
    if (setsUp) {
      rendered.push(coreFile("functions/index.ts"));
      if (!setup.serve) rendered.push(...serveHandlerFiles(project, render, context));
    }
    const written = rendered.filter((file) => !keepUsersService(file, rendered, layout, read, notices));
    const routes = project.framework === "remix" ? routerRoutes(changes, project.routeConfigFile!) : undefined;
    if (routes?.kind === "files" && routes.folder !== "routes") {
      // Route files go where the app's flatRoutes() looks for them.
      for (const file of written) {
        if (!file.path.startsWith(`${framework.sourceDir}/routes/`)) continue;
        const name = file.path.slice(`${framework.sourceDir}/routes/`.length);
        layout.moveTo(file.path, path.posix.join(project.sourceDir, routes.folder, name));
        // Its route types are generated beside it, and its `./+types/…` import must still find them.
        layout.moveTo(`${framework.sourceDir}/routes/+types/${name}`, path.posix.join(project.sourceDir, routes.folder, "+types", name));
      }
    }
    // New files in the project's style (its formatter's settings, else its files' habits).
    const styled = (file: RenderedFile, content: string) => (project.codeStyle && /\.[cm]?[jt]sx?$/.test(file.path) ? restyle(file.path, content, project.codeStyle.style) : content);
    // A new functions list serves the project's own functions too (none of them is served yet).
    const existing = setsUp ? (request.existingFunctions ?? setup.importableFunctions ?? []) : [];
    if (setsUp && !request.existingFunctions && !setup.importableFunctions && Object.keys(setup.functionIds).length > 0) {
      notices.push(`The project's own functions (${Object.keys(setup.functionIds).join(", ")}) are not in the new serve handler's list: add cannot import them all (one is built in a function or an object, or they belong to several clients). Add them to ${layout.place(`${framework.sourceDir}/inngest/functions/index.ts`)} yourself.`);
    }
    const functionsIndex = `${framework.sourceDir}/inngest/functions/index.ts`;
    for (const file of written) {
      const content = styled(file, stripeSecret(layout.relocateImports(file)));
      const listed = existing.length > 0 && file.path === functionsIndex ? listFunctions(layout.place(file.path), content, existing, layout, project) : content;
      changes.create(layout.place(file.path), listed);
    }
    for (const fn of existing) changes.edit(fn.file, fn.exportEdits);

    if (setup.serve?.functionsList) registerFunctions(changes, layout, setup.serve.functionsList, toAdd, project);
    if (routes) addRouterRoutes(changes, project, routes, !setup.serve, toAdd);
    // SvelteKit runs the server hook's `handle` before every route: an auth redirect there would
    // turn Inngest's (signed) calls away.
    const hooks = project.framework === "sveltekit" && !setup.serve ? ["src/hooks.server.ts", "src/hooks.server.js"].find((f) => /export\s+(?:const|async\s+function|function)\s+handle\b/.test(read(f) ?? "")) : undefined;
    if (hooks) notices.push(`${hooks} exports a \`handle\` that runs before every route, ${servePath}${toAdd.some((p) => p.id === "webhook") ? " and /api/webhooks/stripe" : ""} included: if it redirects or refuses requests without a session, let these paths through (Inngest and Stripe sign their requests; the handlers check the signatures).`);
    if (!servesExisting && (project.framework === "sveltekit" || project.framework === "remix")) {
      const wanted = [...(setsUp ? ["INNGEST_"] : []), ...envFor(neutralTarget, toAdd).map((v) => v.key).filter((key) => !key.startsWith("INNGEST_"))];
      envFilesReachServer = wanted.length === 0 ? envFilesReachServer : viteLoadsEnv(changes, read, wanted);
    }
    if (project.framework === "express" || project.framework === "hono") mountOnServer(changes, layout, server, !setup.serve, toAdd, render, context, project);
    // On GitHub (and only at the repository's root, where workflows run from), the check workflow `create` writes.
    if (setsUp && !servesExisting && /github\.com/.test(read(".git/config") ?? "") && read(checkWorkflow) === undefined) {
      changes.create(checkWorkflow, render.renderSource(`base/${checkWorkflow}.hbs`, context));
    }
  }

  const { dependencies, devDependencies } = missingPackages(project, toAdd.length > 0);
  if (toAdd.length > 0 && undeclaredZod3 && !zod.raisedRange) dependencies.zod = undeclaredZod3;
  if (toAdd.length > 0 && zod.raisedRange) {
    // Raised where it is declared; inngest 4 would not install beside a zod 3 older than 3.25.
    (project.packageJson.devDependencies?.zod && !project.packageJson.dependencies?.zod ? devDependencies : dependencies).zod = zod.raisedRange;
    notices.push(`zod ${undeclaredZod3 ? `${project.installedZod} (in node_modules, not in package.json)` : zodRange} → ${zod.raisedRange}: still zod 3, the first release that ships the v4 API at "zod/v4" (Inngest 4 needs zod 3.25 or later). The new code imports "zod/v4"; your zod 3 code is unchanged.`);
  }
  // inngest 4 peers on typescript >= 5.8; older, its event types read wrong (`event.data` as `{}`).
  if ("inngest" in dependencies) {
    const own = project.packageJson.devDependencies?.typescript ? "devDependencies" : project.packageJson.dependencies?.typescript ? "dependencies" : undefined;
    const range = own ? project.packageJson[own]!.typescript! : undefined;
    const version = range ? /^\s*([~^]?)\s*(\d+)\.(\d+)/.exec(range) : undefined;
    if (range && version && Number(version[2]) === typescriptForInngest.major && Number(version[3]) < typescriptForInngest.minor) {
      const raised = version[1] === "" ? typescriptForInngest.exact : typescriptForInngest.range;
      (own === "devDependencies" ? devDependencies : dependencies).typescript = raised;
      notices.push(`typescript ${range} → ${raised}: inngest 4 peers on TypeScript 5.8 or later (older, its event types read wrong). Still TypeScript 5.`);
    } else if (range && version && Number(version[2]) < typescriptForInngest.major) {
      notices.push(`typescript ${range}: inngest 4 peers on TypeScript 5.8 or later; moving to 5 is a major upgrade, yours to make. Until then its event types may read wrong.`);
    }
  }
  // Tests run apart from the framework's Vite config (React Router's plugin breaks under vitest), as in `create`.
  const hasVitestConfig = ["ts", "mts", "js", "mjs"].some((ext) => read(`vitest.config.${ext}`) !== undefined);
  if ("vitest" in devDependencies && !hasVitestConfig) {
    let config = render.renderSource("base/vitest.config.ts.hbs", { ...context, srcDir: project.sourceDir });
    // Beside Jest, vitest runs only the tests add writes: the project's own are Jest's (no `describe` global here).
    if ("jest" in allDependencies(project.packageJson)) {
      const ours = [layout.inngestDir, path.posix.join(project.sourceDir, "webhooks")].map((dir) => `"${dir ? `${dir}/` : ""}**/*.test.ts"`);
      config = config.replace(/include: \[[^\]]*\]/, `include: [${ours.join(", ")}]`);
      notices.push(`The new tests are vitest's; Jest's default testMatch finds them too: add ${[layout.inngestDir, path.posix.join(project.sourceDir, "webhooks")].map((d) => `"<rootDir>/${d}/"`).join(" and ")} to its testPathIgnorePatterns.`);
    }
    // Plain JavaScript where tsc would refuse a TypeScript file outside the rootDir (TS6059).
    const configFile = project.tsconfig.rootDirExcludesRoot ? "vitest.config.mjs" : "vitest.config.ts";
    changes.create(configFile, project.codeStyle ? restyle(configFile, config, project.codeStyle.style) : config);
  }
  if (Object.keys(dependencies).length + Object.keys(devDependencies).length > 0) {
    changes.update("package.json", withDependencies(project.packageJsonText, dependencies, devDependencies));
  }
  // The project's own list of variables, whatever it is called; `.env.example` when it has none.
  const envFile = envTemplateNames.find((name) => read(name) !== undefined) ?? ".env.example";
  const env = toAdd.length > 0 ? newEnvVars(envFor(neutralTarget, toAdd).map((v) => ({ ...v, key: stripeSecret(v.key) })), read(envFile)) : [];
  if (env.length > 0) {
    const existing = read(envFile);
    const block = env.map(envExampleEntry).join("\n\n");
    changes.update(envFile, existing === undefined ? `${block}\n` : `${existing.trimEnd()}\n\n${block}\n`);
    const gitignore = read(".gitignore");
    // create-next-app ignores `.env*`: the example would never be committed.
    // Un-ignored by name, or by a pattern that matches it (`!*.example`, `!.env.*.example`).
    const ext = path.posix.extname(envFile);
    const negations = new Set([envFile, `/${envFile}`, `*${ext}`, `.env*${ext}`, `.env.*${ext}`, `${envFile}*`].map((p) => `!${p}`));
    const unignored = gitignore?.split(/\r?\n/).some((line) => negations.has(line.trim())) ?? false;
    if (envFile.startsWith(".env") && gitignore && /^\/?\.env(\*|\.\*)\s*$/m.test(gitignore) && !unignored) {
      changes.update(".gitignore", `${gitignore.trimEnd()}\n\n# The example lists the variables without values: commit it.\n!${envFile}\n`);
    }
  }

  return {
    root: project.root,
    files: changes.files(),
    dependencies,
    devDependencies,
    env,
    added: toAdd.map((p) => p.id),
    alreadyPresent,
    setsUpInngest: toAdd.length > 0 && (!setup.serve || Boolean(setup.serve.awaits)),
    notices,
    envFilesReachServer,
    servePath,
  };
}

function refuseWhatCannotWork(project: ProjectFacts, setup: InngestSetup): void {
  if (setup.v3) {
    throw new UserError(
      `This project uses the Inngest SDK v3 (${setup.v3}). The patterns are written for v4, and mixing the two does not compile.\n` +
        "Nothing was changed. This tool's migrate moves its code and package.json to v4: in the project's folder, `npx create-inngest-app migrate --dry-run` shows each change and what it leaves for you, without --dry-run it applies them; install, then run add again.",
    );
  }
  // A file that uses the SDK may be the client, the serve handler or the functions list: without
  // reading it, add could set up a second serve route or drop functions from the list.
  if (setup.unparsable.length > 0) {
    throw new UserError(
      `${setup.unparsable.length === 1 ? "A file that uses Inngest does" : "Files that use Inngest do"} not parse:\n${setup.unparsable.map((u) => `  ${u.where}`).join("\n")}\n` +
        "add reads them to find the client, the serve handler and its functions, so it can't change the project safely. Fix them, then run add again. Nothing was changed.",
    );
  }
  if (setup.serve?.unusual) {
    throw new UserError(
      `Found serve() at ${setup.serve.file}:${setup.serve.line}:${setup.serve.column}, but ${setup.serve.unusual}, so new functions can't be registered safely.\n` +
        "Make `functions` an array literal (or a variable holding one), or add the functions yourself. Nothing was changed.",
    );
  }
  if (setup.serve?.awaits) {
    const wanted = path.posix.join(path.posix.dirname(setup.serve.awaits.client), "functions/index.ts");
    if (setup.serve.awaits.functions !== wanted || path.posix.basename(setup.serve.awaits.client) !== "client.ts") {
      throw new UserError(
        `serve() at ${setup.serve.file}:${setup.serve.line} imports its client and functions from modules that do not exist yet; add creates them when the functions list is ${wanted} beside the client (${setup.serve.awaits.client}), not ${setup.serve.awaits.functions}. Nothing was changed.`,
      );
    }
  } else if (setup.serve && !setup.client) {
    throw new UserError(`Found serve() at ${setup.serve.file}:${setup.serve.line}, but no exported \`new Inngest(...)\` client to import. Export the client, then run add again. Nothing was changed.`);
  }
  const deps = allDependencies(project.packageJson);
  if (project.framework === "remix" && !deps["@react-router/dev"]) {
    throw new UserError("This is a Remix v2 project. add supports its successor, React Router 7+ framework mode; upgrade first (https://reactrouter.com/upgrading/remix). Nothing was changed.");
  }
  if (project.reactRouter) refuseWhatReactRouterCannotServe(project, project.reactRouter);
  if (!project.tsconfig.file || !project.typescript) {
    const missing = !project.tsconfig.file && !project.typescript ? "no tsconfig.json and no typescript dependency" : !project.tsconfig.file ? "no tsconfig.json" : "no typescript dependency";
    const where = project.workspaceRoot ? ` (looked in the package and up to the workspace root, ${project.workspaceRoot})` : "";
    throw new UserError(`add writes TypeScript, and this project has ${missing}${where}. Nothing was changed.`);
  }
}

/** The serve route must be part of what the app builds: a server, in the app directory, in its routes module. */
function refuseWhatReactRouterCannotServe(project: ProjectFacts, config: ReactRouterConfig): void {
  const file = config.file ?? "react-router.config.ts";
  if (config.unreadable) {
    throw new UserError(`add reads ${file} to find the app directory and whether the app has a server, but ${config.unreadable}. Nothing was changed.`);
  }
  if (!config.ssr) {
    throw new UserError(
      `${file} sets ssr: false: this React Router app is a single-page app, built to static files with no server, so no route of it can answer Inngest's requests to /api/inngest.\n` +
        "Serve Inngest from a server (turn SSR on, or run a separate API, e.g. `create-inngest-app my-worker --framework hono`). Nothing was changed.",
    );
  }
  if (!project.routeConfigFile) {
    throw new UserError(`React Router reads its routes from ${path.posix.join(config.appDirectory, "routes.ts")} (the app directory${config.file ? ` set in ${config.file}` : ""}), and this project has none there. Nothing was changed.`);
  }
}

/** An app id from a package name: `@acme/web` → `acme-web`. */
function appIdFrom(name: string): string {
  return name.replace(/^@/, "").replace(/[^a-zA-Z0-9-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() || "app";
}

/** The pattern is there when every function it defines already is (found by id). */
function presentAt(pattern: Pattern, setup: InngestSetup): string | undefined {
  const found = pattern.functions.flatMap((f) => f.ids).map((id) => setup.functionIds[id]);
  if (found.some((where) => !where)) return undefined;
  return `${found[0]!.file}:${found[0]!.line}`;
}

/**
 * Where generated files go in this project, and how their imports are rewritten to match: the
 * templates are written for `create`'s layout (`src/inngest/…`, `.ts` imports); a project may keep
 * its source in the root, its client elsewhere, and import without extensions or with `.js`.
 */
function projectLayout(project: ProjectFacts, setup: InngestSetup, zod: ZodUse, read: ReadFile) {
  const generatedSource = frameworks[project.framework].sourceDir;
  const client = setup.client;
  const inngestDir = setup.serve?.awaits
    ? path.posix.dirname(setup.serve.awaits.client)
    : client && /^client\.[cm]?[jt]sx?$/.test(path.posix.basename(client.file))
      ? path.posix.dirname(client.file)
      : path.posix.join(project.sourceDir, "inngest");

  /** Generated files that land somewhere else than their usual place (a stand-in beside a user's service). */
  const moved = new Map<string, string>();

  function place(generated: string): string {
    const elsewhere = moved.get(generated);
    if (elsewhere) return elsewhere;
    if (generated.startsWith(`${generatedSource}/inngest/`)) return path.posix.join(inngestDir, generated.slice(generatedSource.length + "/inngest/".length));
    if (generated.startsWith(`${generatedSource}/`)) return path.posix.join(project.sourceDir, generated.slice(generatedSource.length + 1));
    return generated;
  }

  /** The project file a generated import points at: the existing client and events module stand in for ours. */
  function target(generatedTarget: string): string {
    const withoutExtension = generatedTarget.replace(/\.ts$/, "");
    if (client && withoutExtension === `${generatedSource}/inngest/client`) return client.file;
    if (setup.eventsModule && withoutExtension === `${generatedSource}/inngest/events`) return setup.eventsModule.file;
    return place(generatedTarget);
  }

  // A project laid out as `create` lays it out (ours, usually) needs no rewriting, and no parsing.
  const sameAsCreate =
    inngestDir === `${generatedSource}/inngest` &&
    project.sourceDir === generatedSource &&
    project.tsconfig.importExtension === ".ts" &&
    zod.module === "zod" &&
    (!client || (client.file === `${generatedSource}/inngest/client.ts` && client.exportName === "inngest")) &&
    (!setup.eventsModule || setup.eventsModule.file === `${generatedSource}/inngest/events.ts`);

  /** Rewrites the relative imports (and vi.mock paths) of a generated file for where it and its targets land. */
  function relocateImports(file: RenderedFile): string {
    if ((sameAsCreate && moved.size === 0) || !/\.[cm]?tsx?$/.test(file.path)) return file.content;
    const parsed = parseSource(file.path, file.content);
    const here = place(file.path);
    const edits: TextEdit[] = [];
    walk(parsed.ast.program, (node) => {
      let literal: Node | undefined;
      if ((node.type === "ImportDeclaration" || node.type === "ExportNamedDeclaration" || node.type === "ExportAllDeclaration") && node.source) literal = node.source;
      if (node.type === "CallExpression" && node.arguments[0]?.type === "StringLiteral") {
        const callee = node.callee;
        const isMock = callee.type === "MemberExpression" && callee.object.type === "Identifier" && callee.object.name === "vi";
        if (isMock || callee.type === "Import") literal = node.arguments[0];
      }
      // `typeof import("../client")` in a test's types points at a module like any import.
      if (node.type === "TSImportType") literal = node.argument;
      // On zod 3.25+, the generated code uses the v4 API that zod ships at `zod/v4`.
      if (literal?.type === "StringLiteral" && literal.value === "zod" && zod.module !== "zod") edits.push({ at: literal.start! + 1, remove: 3, insert: zod.module });
      if (literal?.type !== "StringLiteral" || !literal.value.startsWith(".")) return;
      const goal = target(path.posix.join(path.posix.dirname(file.path), literal.value));
      edits.push({ at: literal.start! + 1, remove: literal.value.length, insert: specifier(here, goal) });
      // The templates import `{ inngest }`; the project's client may be exported under another name.
      if (client && client.exportName !== "inngest" && goal === client.file && node.type === "ImportDeclaration") {
        const specifier = node.specifiers.find((s) => s.local.name === "inngest");
        if (specifier) edits.push({ at: specifier.start!, remove: specifier.end! - specifier.start!, insert: client.exportName === "default" ? "inngest" : `${client.exportName} as inngest` });
        if (specifier && client.exportName === "default") {
          // `import { inngest }` → `import inngest`: drop the braces around the only specifier.
          const open = parsed.text.lastIndexOf("{", specifier.start!);
          const close = parsed.text.indexOf("}", specifier.end!);
          edits.push({ at: open, remove: specifier.start! - open, insert: "" }, { at: specifier.end!, remove: close + 1 - specifier.end!, insert: "" });
        }
      }
    });
    return applyEdits(file.content, edits);
  }

  /**
   * How `fromFile` imports `toFile`: relative, or through the project's folder alias (`@/inngest/client`)
   * where a relative path would climb out of the folder. Modules the tests load stay relative:
   * the vitest config add writes knows no aliases.
   */
  function specifier(fromFile: string, toFile: string): string {
    // `inngest/functions/index.ts` beside the project's `inngest/functions.ts`: `inngest/functions` would load theirs.
    const keepIndex = /\/index\.[cm]?[jt]sx?$/.test(toFile) && [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"].some((ext) => read(`${path.posix.dirname(toFile)}${ext}`) !== undefined);
    const relative = relativeSpecifier(fromFile, toFile, project.tsconfig.importExtension, keepIndex);
    const loadedByTests = /\.(test|spec)\.[^.]+$/.test(fromFile) || [inngestDir, path.posix.join(project.sourceDir, "services"), path.posix.join(project.sourceDir, "webhooks")].some((dir) => fromFile.startsWith(`${dir}/`));
    if (!relative.startsWith("../") || loadedByTests) return relative;
    const alias = project.tsconfig.folderAliases.find((a) => a.folder === "" || toFile.startsWith(`${a.folder}/`));
    if (!alias) return relative;
    const inside = relativeSpecifier(alias.folder ? `${alias.folder}/index.ts` : "index.ts", toFile, project.tsconfig.importExtension, keepIndex).replace(/^\.\//, "");
    return `${alias.prefix}${inside}`;
  }

  return { place, relocateImports, inngestDir, specifier, moveTo: (generated: string, relative: string) => moved.set(generated, relative) };
}


/**
 * A service module (`services/email.ts`) is the user's to fill in: once it differs from ours it is
 * theirs, never replaced. When it exports what the new code imports from it, the new code uses it
 * (returns true: nothing to write); otherwise our stand-in goes beside it and the new code imports
 * that. Returns false when the file is to be written (at its place or the stand-in's).
 */
function keepUsersService(file: RenderedFile, rendered: readonly RenderedFile[], layout: ReturnType<typeof projectLayout>, read: ReadFile, notices: string[]): boolean {
  const match = /^(.*\/services\/)([^/]+)\.ts$/.exec(file.path);
  if (!match) return false;
  const home = layout.place(file.path);
  const existing = read(home);
  // Ours as add wrote it, maybe since run through the project's formatter: not the user's.
  if (existing === undefined || existing === file.content || sameModuloFormatting(existing, file.content)) return false;
  const needed = namesImportedFrom(file.path, rendered);
  const exported = exportedNames(home, existing);
  if (needed.every((name) => exported?.has(name))) {
    notices.push(`${home} is yours: the new functions use its ${needed.join(", ")}.`);
    return true;
  }
  const standIn = layout.place(`${match[1]}${match[2]}-stand-in.ts`);
  const standInText = read(standIn);
  if (standInText !== undefined && standInText !== file.content && !needed.every((name) => exportedNames(standIn, standInText)?.has(name))) {
    throw new UserError(`${home} and ${standIn} are yours, and neither exports ${needed.join(", ")}, which the new functions import. Export ${needed.length > 1 ? "them" : "it"} from ${home}, then run add again. Nothing was changed.`);
  }
  layout.moveTo(file.path, standIn);
  if (standInText !== undefined && standInText !== file.content) return true;
  notices.push(`${home} is yours and does not export ${needed.filter((name) => !exported?.has(name)).join(", ")}: the new functions import a logging stand-in from ${standIn}. Point them at your code when you are ready.`);
  return false;
}

/** The names the other generated files import from a generated module. */
function namesImportedFrom(generatedModule: string, rendered: readonly RenderedFile[]): string[] {
  const names = new Set<string>();
  const wanted = generatedModule.replace(/\.ts$/, "");
  for (const file of rendered) {
    if (file.path === generatedModule || !/\.[cm]?tsx?$/.test(file.path)) continue;
    for (const statement of parseSource(file.path, file.content).ast.program.body) {
      if (statement.type !== "ImportDeclaration" || path.posix.join(path.posix.dirname(file.path), statement.source.value).replace(/\.ts$/, "") !== wanted) continue;
      for (const specifier of statement.specifiers) {
        if (specifier.type === "ImportSpecifier") names.add(specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value);
      }
    }
  }
  return [...names].sort();
}

/** What a module exports by name (values and types); undefined when it can't be read (no parse, `export *`). */
function exportedNames(relative: string, text: string): Set<string> | undefined {
  let program: ParsedFile["ast"]["program"];
  try {
    program = parseSource(relative, text).ast.program;
  } catch {
    return undefined;
  }
  const names = new Set<string>();
  for (const statement of program.body) {
    if (statement.type === "ExportAllDeclaration") return undefined;
    if (statement.type !== "ExportNamedDeclaration") continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === "ExportSpecifier") names.add(specifier.exported.type === "Identifier" ? specifier.exported.name : specifier.exported.value);
    }
    const declaration = statement.declaration;
    if (declaration) for (const name of declaredNames(declaration)) names.add(name);
    if ((declaration?.type === "ClassDeclaration" || declaration?.type === "TSEnumDeclaration") && declaration.id) names.add(declaration.id.name);
  }
  return names;
}

/** Vite apps: the config copies the wanted `.env` variables into process.env, as `create`'s does. */
function viteLoadsEnv(changes: Changes, read: ReadFile, prefixes: string[]): AddPlan["envFilesReachServer"] {
  const configFile = viteConfigFiles.find((name) => read(name) !== undefined);
  if (!configFile) return { no: "the project has no vite.config to load them" };
  const change = loadEnvIntoProcess(changes.parsed(configFile), prefixes);
  if (change.kind === "manual") return { no: change.reason };
  changes.edit(configFile, change.edits);
  return "yes";
}

/** App Router routes of the patterns, in a Pages Router project: the same endpoint as an API route (a second router would be a new app/ tree). */
const pagesRouterRoutes: Record<string, { template: string; path: string }> = {
  "src/app/api/webhooks/stripe/route.ts": { template: "add/next/src/pages/api/webhooks/stripe.ts", path: "src/pages/api/webhooks/stripe.ts" },
};

function pagesRouterRoute(project: ProjectFacts, render: ReturnType<typeof createRenderer>, context: object, file: RenderedFile): RenderedFile {
  const route = project.framework === "next" && project.nextRouter === "pages" ? pagesRouterRoutes[file.path] : undefined;
  return route ? { path: route.path, content: render.renderSource(route.template, context) } : file;
}

/** The serve handler files a framework gets when the project has none (Express and Hono mount it in their app file instead). */
function serveHandlerFiles(project: ProjectFacts, render: ReturnType<typeof createRenderer>, context: object): RenderedFile[] {
  const file = (key: string, generated: string) => ({ path: generated, content: render.renderSource(key, context) });
  switch (project.framework) {
    case "next":
      return project.nextRouter === "pages"
        ? [file("add/next/src/pages/api/inngest.ts", "src/pages/api/inngest.ts")]
        : [file("frameworks/next/src/app/api/inngest/route.ts", "src/app/api/inngest/route.ts")];
    case "sveltekit":
      return [file("frameworks/sveltekit/src/routes/api/inngest/+server.ts", "src/routes/api/inngest/+server.ts")];
    case "remix":
      return [file("frameworks/remix/app/routes/api.inngest.ts", "app/routes/api.inngest.ts")];
    default:
      return [];
  }
}

/** Appends the events the new patterns define to the project's events module, skipping those it has. */
function addEvents(changes: Changes, eventsFile: string, generatedEvents: string, zod: ZodUse): void {
  const current = changes.parsed(eventsFile);
  const ours = parseSource("events.ts", generatedEvents);
  const declared = (statements: Statement[]) =>
    new Set(statements.flatMap((s) => declaredNames(s.type === "ExportNamedDeclaration" && s.declaration ? s.declaration : s)));
  const existing = declared(current.ast.program.body);
  // Imports of one module go in one declaration. A module on zod 3 already binds `z` to zod 3's API:
  // the new schemas get `zod/v4`'s under another name.
  const batch = new ImportBatch(current);
  const zodLocal = batch.add({ from: zod.module, name: "z" }, "z4");
  const chosen = ours.ast.program.body.filter((statement) => {
    if (statement.type === "ImportDeclaration") return false;
    const names = [...declared([statement])];
    // Every declaration the module lacks, helpers (such as a shared zod object) included.
    return names.length > 0 && !names.every((name) => existing.has(name));
  });
  if (chosen.length === 0) return;
  const blocks = chosen.map((statement) => {
    const start = statement.leadingComments?.[0]?.start ?? statement.start!;
    const renames: TextEdit[] = [];
    if (zodLocal !== "z") {
      walk(statement, (node, parent) => {
        const isZodReference =
          node.type === "Identifier" && node.name === "z" && ((parent?.type === "MemberExpression" && parent.object === node) || (parent?.type === "TSQualifiedName" && parent.left === node));
        if (isZodReference) renames.push({ at: node.start! - start, remove: 1, insert: zodLocal });
      });
    }
    return applyEdits(ours.text.slice(start, statement.end!), renames);
  });
  const edits = [...appendToFile(current, restyleSnippet(current, blocks.join("\n\n")))];
  if (!importedAs(current, "inngest", "eventType")) batch.add({ from: "inngest", name: "eventType" });
  edits.push(...batch.edits());
  changes.edit(eventsFile, edits);
}

function declaredNames(statement: Statement | Declaration): string[] {
  if (statement.type === "VariableDeclaration") return statement.declarations.flatMap((d) => (d.id.type === "Identifier" ? [d.id.name] : []));
  if ((statement.type === "FunctionDeclaration" || statement.type === "TSTypeAliasDeclaration" || statement.type === "TSInterfaceDeclaration") && statement.id) {
    return [statement.id.name];
  }
  return [];
}

/** The functions list `create` writes, holding the project's own functions, each imported from its module. */
function listFunctions(indexFile: string, rendered: string, functions: readonly ExistingFunction[], layout: ReturnType<typeof projectLayout>, project: ProjectFacts): string {
  // Rendered with no imports of its own, the template starts with the blank line that ends them.
  const text = rendered.replace(/^\s*\n/, "");
  const file = parseSource(indexFile, text);
  let array: ArrayExpression | undefined;
  walk(file.ast.program, (node) => {
    if (!array && node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.id.name === "functions" && node.init?.type === "ArrayExpression") array = node.init;
  });
  if (!array) throw new Error(`The functions list template has no \`functions\` array`);
  const batch = new ImportBatch(file);
  const names = functions.map((fn) => {
    const base = path.posix.basename(fn.file).replace(/\.[^.]+$/, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase());
    const fallback = fn.exportName === "default" ? `${base}Function` : `${fn.exportName}From${base[0]!.toUpperCase()}${base.slice(1)}`;
    return batch.add({ from: layout.specifier(indexFile, fn.file), name: fn.exportName }, /^[A-Za-z_$]/.test(fallback) ? fallback : `_${fallback}`);
  });
  // One name per line once the list would be long on one (as Prettier lays it out).
  // This list is ours, just rendered: the patterns' functions first, then the project's.
  const all = [...array.elements.flatMap((element) => (element ? [text.slice(element.start!, element.end!)] : [])), ...names];
  const oneLine = `export const functions = [${all.join(", ")}];`.length <= 100;
  const indent = project.codeStyle?.style.indent ?? "  ";
  const listed = oneLine ? appendToArray(file, array, names) : [{ at: array.start! + 1, remove: array.end! - array.start! - 2, insert: `\n${all.map((name) => `${indent}${name},`).join("\n")}\n` }];
  return applyEdits(text, [...batch.edits(), ...listed]);
}

/** Adds the new functions to the array `serve()` registers, importing each from its module. */
function registerFunctions(changes: Changes, layout: ReturnType<typeof projectLayout>, list: NonNullable<InngestSetup["serve"]>["functionsList"] & object, toAdd: Pattern[], project: ProjectFacts): void {
  const file = changes.parsed(list.file);
  const array = findNode(file, "ArrayExpression", list.start);
  if (!array) throw new Error(`The functions array moved in ${list.file}`);
  const functions = toAdd.flatMap((p) => p.functions).filter((f) => !list.names.includes(f.exportName));
  const batch = new ImportBatch(file);
  for (const fn of functions) {
    const module = layout.place(`${frameworks[project.framework].sourceDir}/inngest/functions/${fn.module}.ts`);
    batch.add({ from: layout.specifier(list.file, module), name: fn.exportName });
  }
  const edits: TextEdit[] = batch.edits();
  edits.push(...appendToArray(file, array, functions.map((f) => f.exportName)));
  changes.edit(list.file, edits);
}

/** Code of ours inserted into a file of the project, in that file's quotes, semicolons and indentation. */
function restyleSnippet(file: ParsedFile, code: string): string {
  return restyle(`snippet${path.posix.extname(file.path) || ".ts"}`, code, detectStyle(file));
}

/** How a React Router app finds its routes: listed in routes.ts, or files named by convention in a folder. */
type RouterRoutes = { kind: "listed"; file: ParsedFile; array: ArrayExpression } | { kind: "files"; folder: string };

/**
 * Reads the app's routes module: a new route is served only if it is listed there, or if the
 * module builds its routes from the files of a folder (`flatRoutes()`, whose `rootDirectory` is
 * `routes` by default). Anything else can't be read without running it: refused, with the reason.
 */
function routerRoutes(changes: Changes, routesFile: string): RouterRoutes {
  const file = changes.parsed(routesFile);
  const flatRoutesName = importedAs(file, "@react-router/fs-routes", "flatRoutes");
  const folderOf = (call: Node): string | undefined => {
    if (call.type !== "CallExpression" || call.callee.type !== "Identifier" || call.callee.name !== flatRoutesName) return undefined;
    const options = call.arguments[0];
    if (!options) return "routes";
    const rootDirectory = options.type === "ObjectExpression" ? options.properties.find((p) => p.type === "ObjectProperty" && p.key.type === "Identifier" && p.key.name === "rootDirectory") : undefined;
    if (!rootDirectory) return options.type === "ObjectExpression" ? "routes" : undefined;
    const value = rootDirectory.type === "ObjectProperty" ? rootDirectory.value : undefined;
    return value?.type === "StringLiteral" ? path.posix.normalize(value.value).replace(/\/+$/, "") : undefined;
  };
  const value = defaultExportedValue(file.ast.program);
  const fromFiles = value && folderOf(value);
  if (fromFiles) return { kind: "files", folder: fromFiles };
  if (value?.type === "ArrayExpression") {
    // `[...(await flatRoutes())]`: the folder's files are routes already; listing one again would define it twice.
    const spread = value.elements.find((element) => element?.type === "SpreadElement" && folderOf(unwrapRouterValue(element.argument)));
    if (spread?.type === "SpreadElement") return { kind: "files", folder: folderOf(unwrapRouterValue(spread.argument))! };
    return { kind: "listed", file, array: value };
  }
  throw new UserError(
    `${routesFile} does not export a list of routes add can read (an array of route(...) entries, or flatRoutes()), so a new route file might not be part of what the app builds.\n` +
      "Add the Inngest route yourself (route(\"api/inngest\", \"routes/api.inngest.ts\") in your route config), or make the default export an array. Nothing was changed.",
  );
}

const unwrapRouterValue = (node: Node): Node => unwrapExpression(node, { awaits: true });

/** React Router: a routes module that lists its routes gets the new ones (a folder of route files needs nothing). */
function addRouterRoutes(changes: Changes, project: ProjectFacts, routes: RouterRoutes, setsUp: boolean, toAdd: Pattern[]): void {
  if (routes.kind !== "listed") return;
  const { file, array } = routes;
  const wanted = [...(setsUp ? [{ path: "api/inngest", module: "routes/api.inngest.ts" }] : []), ...toAdd.flatMap((p) => p.routes).map((r) => ({ path: r.path.slice(1), module: `routes/${r.path.slice(1).replaceAll("/", ".")}.ts` }))];
  const listed = file.text.slice(array.start!, array.end!);
  const missing = wanted.filter((r) => ![r.path, `/${r.path}`].some((p) => listed.includes(`"${p}"`) || listed.includes(`'${p}'`)));
  if (missing.length === 0) return;
  const routeName = importedAs(file, "@react-router/dev/routes", "route") ?? "route";
  const q = file.text.includes('"@react-router/dev/routes"') ? '"' : "'";
  const edits = [
    ...addImport(file, { from: "@react-router/dev/routes", name: "route" }).edits,
    ...appendToArray(file, array, missing.map((r) => `${routeName}(${q}${r.path}${q}, ${q}${r.module}${q})`)),
  ];
  changes.edit(project.routeConfigFile!, edits);
}

/** Express and Hono: the serve handler and the patterns' routes are mounted right after the app is created. */
function mountOnServer(
  changes: Changes,
  layout: ReturnType<typeof projectLayout>,
  server: ServerApp | undefined,
  setsUp: boolean,
  toAdd: Pattern[],
  render: ReturnType<typeof createRenderer>,
  context: Record<string, unknown>,
  project: ProjectFacts,
): void {
  const routes = toAdd.flatMap((p) => p.routes);
  if (!setsUp && routes.length === 0) return;
  if (!server) {
    // Nothing is written: the lines to paste, as they would be in the file that runs the server.
    const entry = entryFile(project);
    const [makerImport, appLine] = project.framework === "express" ? ['import express from "express";', "const app = express();"] : ['import { Hono } from "hono";', "const app = new Hono();"];
    const scratch = parseSource(entry, `${makerImport}\n\n${appLine}\n`);
    const shown = new Changes(() => scratch.text, false);
    mountOnServer(shown, layout, { file: scratch, appName: "app", frameworkName: project.framework === "express" ? "express" : "Hono", statement: scratch.ast.program.body[1]! }, setsUp, toAdd, render, context, project);
    const [pasted] = shown.files();
    const [imports, block] = pasted!.content.slice(makerImport.length).split(`\n${appLine}\n`) as [string, string];
    const indent = (text: string) => text.trim().split("\n").map((line) => (line ? `  ${line}` : line)).join("\n");
    const looked = project.framework === "express" ? "`express()`" : "`new Hono()`, `new OpenAPIHono()`, chains such as `new Hono().basePath(\"/api\")`";
    throw new UserError(
      `Could not find where the ${frameworks[project.framework].label} app is created (looked for ${looked}, and functions of the project that return one, assigned to a variable). Nothing was changed.\n` +
        `To mount Inngest by hand, put these imports at the top of the file that creates the app (the paths are as seen from ${entry}: adjust them if it is elsewhere):\n\n${indent(imports)}\n\n` +
        `and these lines right after the app is created, before its routes (\`app\` being your app):\n\n${indent(block)}\n\n` +
        (setsUp ? `Then run add again: it finds that serve() and creates the client and functions it imports (${layout.inngestDir}/client.ts, ${layout.inngestDir}/functions/index.ts).` : "Then run add again."),
    );
  }
  const file = server.file;
  const fw = project.framework;
  const spec = (generated: string) => layout.specifier(file.path, layout.place(generated));
  const src = frameworks[fw].sourceDir;
  const edits: TextEdit[] = [];
  const blocks: string[] = [];
  const batch = new ImportBatch(file);
  const imported = (from: string, name: string, fallback: string, preferred?: string) => batch.add({ from, name, local: preferred }, fallback);
  const mount: Record<string, string> = { ...(context.mount as Record<string, string>) };
  // The app comes from a function of the project: the module has no `express` of its own for `express.json`.
  if (fw === "express" && !server.frameworkName) mount.express = imported("express", "default", "expressModule", "express");
  if (setsUp) {
    Object.assign(mount, {
      serve: imported(`inngest/${fw}`, "serve", "serveInngest"),
      client: imported(spec(`${src}/inngest/client.ts`), "inngest", "inngestClient"),
      functions: imported(spec(`${src}/inngest/functions/index.ts`), "functions", "inngestFunctions"),
    });
    blocks.push(render.renderSource(`frameworks/${fw}/src/inngest-serve.partial.hbs`, { ...context, mount }).trimEnd());
  }
  const routesWithNames = routes.map((route) => ({ ...route, handler: imported(spec(`${src}/${route.module}.ts`), route.handler, `${route.handler}Route`) }));
  if (routes.length > 0) blocks.push(render.renderSource(`frameworks/${fw}/src/inngest-routes.partial.hbs`, { ...context, mount, routes: routesWithNames }).trim());
  let code = blocks.join("\n\n");
  // Hono's basePath("/api") puts every route below /api: mount ours at /inngest so it answers at /api/inngest.
  if (server.basePath === "/api") code = code.replaceAll('"/api/', '"/');
  edits.push(...batch.edits(), ...insertAfterStatement(file, server.statement, restyleSnippet(file, code)));
  changes.edit(file.path, edits);
}

/** The file that runs the server, for the lines `add` prints when it can't find the app: from the dev script, else the usual place. */
function entryFile(project: ProjectFacts): string {
  const scripts = project.packageJson.scripts ?? {};
  for (const script of [scripts.dev, scripts.start].filter(Boolean)) {
    const file = /(?:^|\s)((?:\.\/)?[\w./-]+\.[cm]?[jt]sx?)(?:\s|$)/.exec(script!)?.[1];
    if (file && !file.startsWith("dist/")) return path.posix.normalize(file);
  }
  return path.posix.join(project.sourceDir, "index.ts");
}

function missingPackages(project: ProjectFacts, needed: boolean) {
  const present = allDependencies(project.packageJson);
  // `save-exact`: the version the range starts from, as `npm install` would write it.
  const exact = (ranges: Record<string, string>) => (project.saveExact ? Object.fromEntries(Object.entries(ranges).map(([name, range]) => [name, range.replace(/^[\^~]/, "")])) : ranges);
  const missing = (names: readonly PackageName[]) => exact(pickVersions(needed ? names.filter((name) => !(name in present)) : []));
  return { dependencies: missing(packagesForPatterns.dependencies), devDependencies: missing(packagesForPatterns.devDependencies) };
}

/** package.json with the new dependencies, in its own indentation; sorted lists stay sorted. */
export function withDependencies(text: string, dependencies: Record<string, string>, devDependencies: Record<string, string>): string {
  const indent = /^[ \t]+/m.exec(text)?.[0] ?? "  ";
  const pkg = JSON.parse(text) as Record<string, unknown>;
  for (const [field, added] of [["dependencies", dependencies], ["devDependencies", devDependencies]] as const) {
    if (Object.keys(added).length === 0) continue;
    const current = (pkg[field] ?? {}) as Record<string, string>;
    const keys = Object.keys(current);
    const sorted = keys.every((key, i) => i === 0 || keys[i - 1]! <= key);
    const merged = { ...current, ...added };
    pkg[field] = sorted ? Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : merged;
  }
  return `${JSON.stringify(pkg, null, indent)}\n`;
}

/** The names projects give the committed list of their environment variables, most common first. */
const envTemplateNames = [".env.example", ".env.template", ".env.sample", ".env.dist", ".env.defaults", "example.env", ".env.local.example"];

function newEnvVars(wanted: readonly EnvVar[], envExample: string | undefined): EnvVar[] {
  // A line commented out (`# INNGEST_SERVE_ORIGIN=…`, as create writes production-only values) lists the key too.
  const present = new Set([...(envExample ?? "").matchAll(/^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1]));
  return wanted.filter((v) => !present.has(v.key));
}

/**
 * The files a plan touches: new files (created, or skipped when identical, or in conflict), and
 * existing files with edits collected from several steps and applied together.
 */
class Changes {
  private readonly created = new Map<string, string>();
  private readonly edits = new Map<string, { original: string; edits: TextEdit[] }>();
  private readonly replaced = new Map<string, string>();

  constructor(
    private readonly read: ReadFile,
    private readonly force: boolean,
  ) {}

  create(relative: string, content: string): void {
    this.created.set(relative, content);
  }

  update(relative: string, content: string): void {
    this.replaced.set(relative, content);
  }

  /** The file as the plan will see it, parsed (the original: edits are offsets into it). */
  parsed(relative: string): ParsedFile {
    const text = this.edits.get(relative)?.original ?? this.read(relative);
    if (text === undefined) throw new Error(`${relative} is missing`);
    try {
      return parseSource(relative, text);
    } catch (error) {
      throw new UserError(`${describeSyntaxError(relative, error)}\nThe file does not parse, so it can't be edited safely. Fix it, then run add again. Nothing was changed.`);
    }
  }

  edit(relative: string, edits: TextEdit[]): void {
    if (edits.length === 0) return;
    const entry = this.edits.get(relative) ?? { original: this.read(relative)!, edits: [] };
    entry.edits.push(...edits);
    this.edits.set(relative, entry);
  }

  files(): PlannedFile[] {
    // In a monorepo, add changes the one package chosen: nothing above it, nothing beside it.
    for (const relative of [...this.created.keys(), ...this.edits.keys(), ...this.replaced.keys()]) {
      if (path.posix.isAbsolute(relative) || path.posix.normalize(relative).startsWith("../")) throw new Error(`The plan would write ${relative}, outside the project`);
    }
    const files: PlannedFile[] = [];
    for (const [relative, content] of this.created) {
      const existing = this.read(relative);
      if (existing === undefined) files.push({ path: relative, content, action: "create" });
      else if (existing === content) files.push({ path: relative, content, action: "skip", reason: "already there, identical" });
      else if (sameModuloFormatting(existing, content)) files.push({ path: relative, content: existing, action: "skip", reason: "already there, formatted" });
      else if (this.force) files.push({ path: relative, content, action: "update", reason: "replaced (--force)", previous: existing });
      else files.push({ path: relative, content, action: "conflict", reason: "exists with other content (--force replaces it)", previous: existing });
    }
    for (const [relative, { original, edits }] of this.edits) {
      const content = applyEdits(original, edits);
      // A guard, not a check of the user's code: an edit of ours must leave the file parseable.
      parseSource(relative, content);
      files.push({ path: relative, content, action: "update", previous: original });
    }
    for (const [relative, content] of this.replaced) {
      const existing = this.read(relative);
      if (existing !== content) files.push({ path: relative, content, action: existing === undefined ? "create" : "update", previous: existing });
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
