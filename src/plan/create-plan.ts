import toolPackage from "../../package.json" with { type: "json" };
import { inngestDevServerCommand, nodeMajor, type Framework } from "../catalogue/frameworks.ts";
import { patterns as patternCatalogue, type Pattern } from "../catalogue/patterns.ts";
import { frameworkOn, localSecretsFile, targets, type DeployedFramework, type Target } from "../catalogue/targets.ts";
import { pickVersions } from "../catalogue/versions.ts";
import { frozenInstall, installCommand, lockfiles, packageManagerField, productionInstall, runScript } from "../install/package-manager.ts";
import type { CreateOptions } from "../options/create-options.ts";
import { createRenderer, type RenderedFile } from "../render/render.ts";
import type { Templates } from "../render/templates.ts";
import { signingKeyHex, type EngineKeys } from "./engine-keys.ts";
import { envExampleEntry, type EnvVar, type Plan, type PlannedFile } from "./plan.ts";

export const inngestEnv: readonly EnvVar[] = [
  { key: "INNGEST_DEV", example: "1", comment: "Local development: talk to the Inngest dev server (remove in production)." },
  { key: "INNGEST_EVENT_KEY", example: "", comment: "Production: the event key from the Inngest dashboard, used to send events." },
  { key: "INNGEST_SIGNING_KEY", example: "", comment: "Production: the signing key from the Inngest dashboard, which authenticates requests to /api/inngest." },
];

/**
 * Turns options into the files of a new project. Pure: the templates, a predicate telling which
 * files already exist in the target and, for a self-hosted engine, its keys are inputs, so the
 * same inputs always give the same plan.
 */
export function planCreate(
  options: CreateOptions,
  root: string,
  templates: Templates,
  fileExists: (relativePath: string) => boolean = () => false,
  engineKeys?: EngineKeys,
): Plan {
  const framework = frameworkOn(options.framework, options.target);
  const target = targets[options.target];
  if (target.selfHostedEngine && !engineKeys) throw new Error(`The ${target.label} target needs engine keys to plan.`);
  const chosen = options.patterns.map((id) => patternCatalogue[id]);
  const env = envFor(target, chosen);
  const context = templateContext(options, framework, chosen, env, templates, engineKeys);
  const render = createRenderer(templates);
  const src = framework.sourceDir;

  const rendered: RenderedFile[] = [
    ...render.renderLayer("base", "", context),
    ...render.renderLayer(`frameworks/${framework.id}`, "", context).filter((file) => !framework.omit.includes(file.path)),
    // A previous major's files replace the framework's at the same paths (e.g. SvelteKit 2's config files).
    ...(framework.olderMajor?.layer ? render.renderLayer(`majors/${framework.olderMajor.layer}`, "", context) : []),
    ...render.renderLayer("inngest", `${src}/inngest`, context),
    ...renderPatternFiles(render, framework, chosen, context),
    // The target's files last: where one has the path of an earlier file, it replaces it.
    ...target.layers.flatMap((layer) => [
      ...render.renderLayer(`targets/${layer}`, "", context, ["frameworks"]),
      ...render.renderLayer(`targets/${layer}/frameworks/${framework.id}`, "", context),
    ]),
  ];

  const dependencies = pickVersions(framework.dependencies, framework.olderMajor?.line, framework.versionCaps);
  const devDependencies = pickVersions(framework.devDependencies, framework.olderMajor?.line, framework.versionCaps);
  rendered.push(
    { path: "package.json", content: packageJson(options, framework, dependencies, devDependencies) },
    { path: ".env.example", content: envExample(env) },
  );
  // Yarn 4 installs Plug'n'Play by default: no node_modules for the Dockerfile to copy, nor for
  // tools that read it. The classic layout works with everything the project runs.
  if (options.packageManager === "yarn") rendered.push({ path: ".yarnrc.yml", content: "nodeLinker: node-modules\n" });
  // The local secrets file exists from the start (`dev` then never says it is missing); a user's own is kept.
  if (framework.secretsFile === localSecretsFile) rendered.push({ path: localSecretsFile, content: localSecrets(options) });

  const files: PlannedFile[] = [...new Map(rendered.map((file) => [file.path, file])).values()]
    // Ordinal order: the same on every machine, and no locale data to load (localeCompare costs ms).
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => {
      if (!fileExists(file.path)) return { ...file, action: "create" };
      if (file.path === localSecretsFile) return { ...file, action: "skip", reason: "kept: it holds your local secrets" };
      return options.overwrite
        ? { ...file, action: "update", reason: "overwritten (--overwrite)" }
        : { ...file, action: "conflict", reason: "already exists" };
    });
  return { root, files, dependencies, devDependencies, env };
}

/**
 * The files the chosen patterns bring, at the paths `create` gives them: their functions, the
 * services they share and their per-framework files (routes). `add` renders the same.
 */
export function renderPatternFiles(
  render: ReturnType<typeof createRenderer>,
  framework: Framework,
  chosen: readonly Pattern[],
  context: TemplateContext,
): RenderedFile[] {
  const src = framework.sourceDir;
  return [
    ...[...new Set(chosen.flatMap((p) => p.services))].sort().flatMap((service) => [
      { path: `${src}/services/${service}.ts`, content: render.renderSource(`services/${service}.ts`, context) },
    ]),
    // A pattern's files go below the source directory, except its per-framework files (routes).
    ...chosen.flatMap((p) => [
      ...render.renderLayer(`patterns/${p.id}`, src, context, ["frameworks"]),
      ...render.renderLayer(`patterns/${p.id}/frameworks/${framework.id}`, "", context),
    ]),
  ];
}

/** The Inngest variables, the target's, then each pattern's, each key once. */
export function envFor(target: Target, chosen: readonly Pattern[]): EnvVar[] {
  const all = [...inngestEnv, ...target.env, ...chosen.flatMap((p) => p.env)];
  return all.filter((v, i) => all.findIndex((other) => other.key === v.key) === i);
}

export type TemplateContext = ReturnType<typeof templateContext>;

/** What the templates see. `add` builds the same from what it detects. */
export function templateContext(
  options: Pick<CreateOptions, "projectName" | "appId" | "target" | "packageManager">,
  framework: Framework & Partial<Pick<DeployedFramework, "olderMajor" | "versionCaps" | "secretsFile">>,
  chosen: readonly Pattern[],
  env: readonly EnvVar[],
  templates: Templates,
  engineKeys?: EngineKeys,
) {
  const target = targets[options.target];
  const pm = options.packageManager;
  return {
    projectName: options.projectName,
    appId: options.appId,
    framework,
    target,
    // Checkpointing hands a long run back to Inngest before the platform cuts the request off.
    maxRuntime: target.maxDuration ? `${target.maxDuration - 20}s` : null,
    pm,
    // Workers runtime behaviour this project is written against (process.env holds the bindings from 2025-04-01 on).
    compatibilityDate: "2026-11-01",
    // SvelteKit's adapter is whichever the framework has on this target (node, vercel, cloudflare).
    svelteAdapter: framework.devDependencies.find((name) => name.startsWith("@sveltejs/adapter-")) ?? null,
    onWorkers: target.id === "cloudflare-workers",
    // The previous major the target generates instead of the newest (its adapter lags behind), or null.
    olderMajor: framework.olderMajor ?? null,
    // Framework packages held at the newest version proven with the platform's adapter.
    versionCaps: framework.versionCaps ?? [],
    nodeMajor: nodeMajor(framework),
    // The CI's `check` runs the version of this tool that made the project.
    toolVersion: toolPackage.version,
    lockfile: lockfiles[pm],
    // Files beside package.json that an install reads: some frameworks ship an .npmrc
    // (engine-strict); create writes .yarnrc.yml for Yarn.
    installConfig: [...(templates.keys.includes(`frameworks/${framework.id}/_npmrc`) ? [".npmrc"] : []), ...(pm === "yarn" ? [".yarnrc.yml"] : [])],
    productionFiles: framework.production.files,
    // Exec form: the server gets signals directly (no shell, no npm in between).
    productionCommand: `[${framework.production.command.map((part) => JSON.stringify(part)).join(", ")}]`,
    engine: target.selfHostedEngine && engineKeys ? { ...engineKeys, signingKeyHex: signingKeyHex(engineKeys.signingKey) } : null,
    srcDir: framework.sourceDir,
    // The one git-ignored file `dev` reads local secrets from: env file comments, README and next steps name it.
    secretsFile: framework.secretsFile ?? localSecretsFile,
    devUrl: `http://localhost:${framework.devPort}`,
    patterns: chosen,
    // The functions index and demo events are assembled from the patterns' declarations.
    functionImports: chosen.flatMap((p) => p.functions),
    eventImports: [...new Set(chosen.map((p) => p.demoEvent.uses))].sort(),
    demoEvents: chosen.map((p) => p.demoEvent.code),
    routes: chosen.flatMap((p) => p.routes).map((route) => ({
      ...route,
      // React Router lists routes in app/routes.ts: `route("api/x/y", "routes/api.x.y.ts")`.
      routerPath: route.path.slice(1),
      routerModule: `routes/${route.path.slice(1).replaceAll("/", ".")}.ts`,
    })),
    env,
    // Names the Express/Hono mount snippets use; `add` fills them from the user's app file.
    mount: { app: "app", express: "express", serve: "serve", client: "inngest", functions: "functions" },
    // Vite keeps .env values out of process.env; the generated vite.config copies these in.
    viteEnvPrefixes: ["INNGEST_", ...env.map((v) => v.key).filter((key) => !key.startsWith("INNGEST_"))],
    commands: {
      install: installCommand(pm).join(" "),
      dev: runScript(pm, "dev"),
      devInngest: runScript(pm, "dev:inngest"),
      build: runScript(pm, "build"),
      test: runScript(pm, "test"),
      typecheck: runScript(pm, "typecheck"),
      start: runScript(pm, "start"),
      deploy: runScript(pm, "deploy"),
      frozenInstall: frozenInstall(pm),
      productionInstall: productionInstall(pm),
    },
  };
}

function packageJson(options: CreateOptions, framework: Framework, dependencies: Record<string, string>, devDependencies: Record<string, string>): string {
  const pkg = {
    name: options.projectName,
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: {
      ...framework.scripts,
      "dev:inngest": inngestDevServerCommand(framework),
    },
    dependencies,
    devDependencies,
    engines: { node: `>=${framework.minNode}` },
    ...(packageManagerField(options.packageManager) ? { packageManager: packageManagerField(options.packageManager) } : {}),
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function localSecrets(options: Pick<CreateOptions, "packageManager">): string {
  return (
    `# Your local secrets and settings: git ignores this file, and \`${runScript(options.packageManager, "dev")}\` reads it.\n` +
    "# .env.example lists the variables the app reads; copy the ones you need here.\n"
  );
}

function envExample(env: readonly EnvVar[]): string {
  return `${env.map(envExampleEntry).join("\n\n")}\n`;
}
