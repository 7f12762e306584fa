import type { EnvVar } from "../plan/plan.ts";
import { frameworks, type Framework, type FrameworkId, type PreviousMajor } from "./frameworks.ts";
import { versionCapsFor, type PackageName, type VersionCap } from "./versions.ts";

export const targetIds = ["vercel", "netlify", "railway", "fly-io", "cloudflare-workers", "self-hosted", "none"] as const;
export type TargetId = (typeof targetIds)[number];

export interface Target {
  id: TargetId;
  label: string;
  hint: string;
  /**
   * The framework × target matrix, one row per target: the frameworks it deploys as generated,
   * and for each other framework the reason it is refused (shown before anything is written).
   */
  supports: readonly FrameworkId[];
  refusals: Partial<Record<FrameworkId, string>>;
  /**
   * Template layers below `templates/targets/`, rendered at the project root in order, each with
   * its `frameworks/<framework>/` folder for the chosen framework. A later file replaces an earlier
   * one at the same path (e.g. a serve route with a function duration).
   */
  layers: readonly string[];
  /** Production variables the target needs besides the Inngest keys: `.env.example` and the README list them. */
  env: readonly EnvVar[];
  /**
   * The serve route's function time limit in seconds, where the platform cuts requests off.
   * Checkpointing (`maxRuntime`) then hands long runs back to Inngest a little before it.
   */
  maxDuration?: number;
  /** The app talks to an Inngest server generated beside it, with keys made for this project. */
  selfHostedEngine?: boolean;
  /** How the target changes a framework's setup (adapter, scripts, entry files). */
  frameworks?: Partial<Record<FrameworkId, FrameworkOnTarget>>;
}

/** A framework's setup as a target changes it; every field is optional and replaces or extends the framework's. */
export interface FrameworkOnTarget {
  /**
   * Generate the framework's previous major (its versions line, templates and Node minimum) because
   * the platform's adapter does not support the newest: the reason, which the CLI, `list` and the
   * generated README give.
   */
  previousMajor?: string;
  /** Packages the target adds. */
  dependencies?: readonly PackageName[];
  devDependencies?: readonly PackageName[];
  /** The framework's packages the target does without (e.g. a Node adapter). */
  replaces?: readonly PackageName[];
  /** Scripts the target replaces or adds. */
  scripts?: Record<string, string>;
  /** Files of the framework layer the target does without (e.g. a Node server entry). */
  omit?: readonly string[];
  ignored?: readonly string[];
  minNode?: string;
  devPort?: number;
  /** Where local secrets go when `dev` runs on the platform's own runtime (wrangler reads `.dev.vars`), not `.env.local`. */
  secretsFile?: string;
}

/** Behind a TLS proxy the app sees http://; the engine must call the public https URL. */
const serveOrigin: EnvVar = {
  key: "INNGEST_SERVE_ORIGIN",
  example: "https://your-app.example.com",
  comment: "Production: the public https origin Inngest calls /api/inngest on (the proxy in front of the app hides it).",
  // Live in a local env file, it would send the dev server to the placeholder host.
  commentedOut: true,
};

const containerLayers = ["docker"] as const;

export const targets: Record<TargetId, Target> = {
  vercel: {
    id: "vercel",
    label: "Vercel",
    hint: "serverless functions; the Inngest Vercel integration sets the keys",
    // Express and Hono: Vercel's zero-config support deploys the default export of src/app.ts as one function.
    supports: ["next", "express", "hono", "remix", "sveltekit"],
    refusals: {},
    layers: ["vercel"],
    env: [],
    maxDuration: 300,
    frameworks: {
      // src/app.ts default-exports the app for Vercel; src/server.ts stays for `dev` and `start`.
      express: { ignored: [".vercel/"] },
      hono: { ignored: [".vercel/"] },
      remix: {
        previousMajor: "Vercel's React Router preset (`@vercel/react-router` 1.3) peers on React Router 7",
        // The preset (react-router.config.ts) builds one server bundle per route `config`, each a function:
        // /api/inngest gets its maxDuration. react-router-serve cannot serve split bundles; vite preview can.
        devDependencies: ["@vercel/react-router"],
        replaces: ["@react-router/serve"],
        scripts: { start: "vite preview" },
        ignored: [".vercel/"],
      },
      sveltekit: {
        previousMajor:
          "`@sveltejs/adapter-vercel` 6 supports SvelteKit 2 only; its one SvelteKit 3 release, a prerelease (7.0.0-next.8), calls the `generateManifest` adapter API that SvelteKit 3.2 removed",
        // adapter-vercel writes .vercel/output; vite preview serves the build locally with any adapter.
        devDependencies: ["@sveltejs/adapter-vercel"],
        replaces: ["@sveltejs/adapter-node"],
        scripts: { start: "vite preview" },
        ignored: [".vercel/"],
      },
    },
  },
  netlify: {
    id: "netlify",
    label: "Netlify",
    hint: "its Next.js runtime, the React Router and SvelteKit adapters, or Functions for Express and Hono",
    supports: ["next", "express", "hono", "remix", "sveltekit"],
    refusals: {},
    layers: ["netlify"],
    env: [],
    frameworks: {
      // The Inngest endpoint is a Netlify Function (netlify/functions/inngest.mts) on inngest/edge.
      express: { ignored: [".netlify/"] },
      hono: { ignored: [".netlify/"] },
      next: { ignored: [".netlify/"] },
      // Its Vite plugin writes the server build as a Netlify Function; the handler it generates imports the plugin.
      remix: { dependencies: ["@netlify/vite-plugin-react-router"], ignored: [".netlify/"] },
      sveltekit: {
        previousMajor:
          "`@sveltejs/adapter-netlify` 6 supports SvelteKit 2 only; its one later release, a prerelease (7.0.0-next.10), still peers on SvelteKit 2 and calls the `generateManifest` adapter API that SvelteKit 3.2 removed",
        // adapter-netlify writes the server as a Netlify Function (.netlify/functions-internal) and the assets to build/.
        devDependencies: ["@sveltejs/adapter-netlify"],
        replaces: ["@sveltejs/adapter-node"],
        scripts: { start: "vite preview" },
        ignored: [".netlify/"],
      },
    },
  },
  railway: {
    id: "railway",
    label: "Railway",
    hint: "a container built from the generated Dockerfile",
    supports: ["next", "express", "hono", "remix", "sveltekit"],
    refusals: {},
    layers: [...containerLayers, "railway"],
    env: [serveOrigin],
  },
  "fly-io": {
    id: "fly-io",
    label: "Fly.io",
    hint: "a Fly Machine built from the generated Dockerfile",
    supports: ["next", "express", "hono", "remix", "sveltekit"],
    refusals: {},
    layers: [...containerLayers, "fly-io"],
    env: [serveOrigin],
  },
  "cloudflare-workers": {
    id: "cloudflare-workers",
    label: "Cloudflare Workers",
    hint: "edge functions on Workers",
    supports: ["next", "hono", "remix", "sveltekit"],
    refusals: {
      express: "Express needs Node's HTTP server, which Workers does not provide",
    },
    layers: ["cloudflare-workers"],
    // Secrets, set with `wrangler secret put`; .dev.vars holds the local ones.
    env: [],
    frameworks: {
      next: {
        // OpenNext adapts the `next build` output into a Worker (.open-next/worker.js).
        dependencies: ["@opennextjs/cloudflare"],
        devDependencies: ["wrangler"],
        scripts: {
          // Runs `next build` (open-next.config.ts buildCommand), then writes the Worker.
          build: "opennextjs-cloudflare build",
          start: "wrangler dev",
          deploy: "opennextjs-cloudflare build && opennextjs-cloudflare deploy",
        },
        ignored: [".open-next/", ".wrangler/", ".dev.vars"],
        minNode: "22.12.0",
      },
      remix: {
        // workers/app.ts hands requests to React Router; no Node server.
        replaces: ["@react-router/node", "@react-router/serve"],
        devDependencies: ["@cloudflare/vite-plugin", "wrangler"],
        scripts: {
          // The build writes the Worker and a deploy config that wrangler picks up.
          start: "wrangler dev",
          deploy: "react-router build && wrangler deploy",
        },
        ignored: [".wrangler/", ".dev.vars"],
        // @cloudflare/vite-plugin runs the server code in workerd, with the bindings of .dev.vars.
        secretsFile: ".dev.vars",
      },
      hono: {
        // The Worker exports the Hono app; wrangler bundles it, so no Node server and no tsx.
        replaces: ["@hono/node-server", "tsx"],
        devDependencies: ["wrangler"],
        scripts: {
          dev: "wrangler dev",
          build: "wrangler deploy --dry-run --outdir dist",
          start: "wrangler dev",
          deploy: "wrangler deploy",
        },
        omit: ["src/server.ts", "tsconfig.build.json"],
        ignored: [".wrangler/", ".dev.vars"],
        minNode: "22.12.0",
        devPort: 8787,
        secretsFile: ".dev.vars",
      },
      sveltekit: {
        previousMajor:
          "`@sveltejs/adapter-cloudflare` 7 supports SvelteKit 2 only; its one SvelteKit 3 release, a prerelease (8.0.0-next.6), calls the `generateManifest` adapter API that SvelteKit 3.2 removed",
        // adapter-cloudflare writes the Worker (.svelte-kit/cloudflare/_worker.js) and its assets; wrangler serves and deploys them.
        devDependencies: ["@sveltejs/adapter-cloudflare", "wrangler"],
        replaces: ["@sveltejs/adapter-node"],
        scripts: {
          start: "wrangler dev",
          deploy: "vite build && wrangler deploy",
        },
        ignored: [".wrangler/", ".dev.vars"],
        // wrangler's minimum.
        minNode: "22.12.0",
      },
    },
  },
  "self-hosted": {
    id: "self-hosted",
    label: "Self-hosted Inngest",
    hint: "your own Inngest server, Postgres and Redis, in Docker Compose",
    supports: ["next", "express", "hono", "remix", "sveltekit"],
    refusals: {},
    layers: [...containerLayers, "self-hosted"],
    env: [
      {
        key: "INNGEST_BASE_URL",
        example: "http://localhost:8288",
        comment: "Self-hosted: the URL of your Inngest server (docker-compose.yml sets it for the app container).",
      },
      serveOrigin,
    ],
    selfHostedEngine: true,
  },
  // Decide later: the framework as it runs locally (Node adapters, newest major), no deploy config.
  // `add --target <id>` adds one afterwards.
  none: {
    id: "none",
    label: "Decide later",
    hint: "no deploy config yet; `add --target` adds one later",
    supports: ["next", "express", "hono", "remix", "sveltekit"],
    refusals: {},
    layers: [],
    env: [],
  },
};

/** The targets that deploy somewhere: `add --target` takes these. */
export const deployTargetIds = targetIds.filter((id) => id !== "none");

export const defaultTargets: Record<FrameworkId, TargetId> = {
  next: "vercel",
  express: "railway",
  hono: "railway",
  remix: "railway",
  sveltekit: "railway",
};

/** Why the default differs per framework, said beside the target question. */
export const defaultTargetReasons: Record<FrameworkId, string> = {
  next: "Vercel makes Next.js and runs it with nothing to set up",
  express: "a container built from the generated Dockerfile runs the app as it runs on your machine, with no adapter",
  hono: "a container built from the generated Dockerfile runs the app as it runs on your machine, with no adapter",
  remix: "a container built from the generated Dockerfile runs React Router 8 as it runs on your machine, with no adapter",
  sveltekit: "a container built from the generated Dockerfile runs SvelteKit 3 as it runs on your machine, with no adapter",
};

export function targetsFor(framework: FrameworkId): Target[] {
  return Object.values(targets).filter((t) => t.supports.includes(framework));
}

/** The framework as a target deploys it. */
export interface DeployedFramework extends Framework {
  /** Files of the framework layer left out. */
  omit: readonly string[];
  /** The previous major when the target generates it instead of the newest, with the reason; else null. */
  olderMajor: OlderMajor | null;
  /** Framework packages held at the newest version proven with the platform adapter that wraps them. */
  versionCaps: VersionCap[];
  /**
   * The one place for a user's local secrets, git-ignored and read by `dev`: `.env.local` (Next.js,
   * Vite and the Express/Hono dev script read it), or what the target's dev runtime reads.
   */
  secretsFile: string;
}

/** A framework's previous major as a target generates it, and why. */
export type OlderMajor = PreviousMajor & { reason: string };

/** Git-ignored, and read by every framework's `dev` unless the target says otherwise. */
export const localSecretsFile = ".env.local";

/** The framework as deployed on the target: its major, packages, scripts and files with the target's changes. */
export function frameworkOn(frameworkId: FrameworkId, targetId: TargetId): DeployedFramework {
  const framework = frameworks[frameworkId];
  const change = targets[targetId].frameworks?.[frameworkId] ?? {};
  if (change.previousMajor && !framework.previousMajor) throw new Error(`${framework.label} has no previous major for ${targetId} to select.`);
  const olderMajor = change.previousMajor && framework.previousMajor ? { ...framework.previousMajor, reason: change.previousMajor } : null;
  const kept = (names: readonly PackageName[]) => names.filter((name) => !change.replaces?.includes(name));
  const dependencies = [...kept(framework.dependencies), ...(change.dependencies ?? [])];
  const devDependencies = [...kept(framework.devDependencies), ...(change.devDependencies ?? [])];
  return {
    ...framework,
    minNode: change.minNode ?? olderMajor?.minNode ?? framework.minNode,
    devPort: change.devPort ?? framework.devPort,
    scripts: { ...framework.scripts, ...change.scripts },
    ignored: [...framework.ignored, ...(change.ignored ?? [])],
    dependencies,
    devDependencies,
    omit: change.omit ?? [],
    olderMajor,
    versionCaps: versionCapsFor([...dependencies, ...devDependencies]),
    secretsFile: change.secretsFile ?? localSecretsFile,
  };
}

/** The frameworks a target deploys as their previous major: which major, the pair's Node minimum, and why. */
export function olderMajorsOn(targetId: TargetId): Partial<Record<FrameworkId, { major: string; minNode: string; reason: string }>> {
  return Object.fromEntries(
    targets[targetId].supports.flatMap((id) => {
      const deployed = frameworkOn(id, targetId);
      const older = deployed.olderMajor;
      return older ? [[id, { major: older.major, minNode: deployed.minNode, reason: older.reason }]] : [];
    }),
  );
}

/** The caps a target's adapters put on each framework it deploys, for `list --json`. */
export function versionCapsOn(targetId: TargetId): Partial<Record<FrameworkId, VersionCap[]>> {
  return Object.fromEntries(
    targets[targetId].supports.flatMap((id) => {
      const caps = frameworkOn(id, targetId).versionCaps;
      return caps.length ? [[id, caps]] : [];
    }),
  );
}

/**
 * What the CLI says when a pair holds a framework below a release its adapter is known to break
 * on; a cap that only marks the newest proven version goes unsaid here (the README lists it).
 */
export function versionCapNotices(frameworkId: FrameworkId, targetId: TargetId): string[] {
  return frameworkOn(frameworkId, targetId)
    .versionCaps.filter((cap) => cap.breaks)
    .map((cap) => `${cap.package} goes no higher than ${cap.newest} on ${targets[targetId].label}, the newest version proven with ${cap.adapter}: ${cap.breaks}.`);
}

/** What the CLI says when a pair generates the previous major, or undefined. */
export function olderMajorNotice(frameworkId: FrameworkId, targetId: TargetId): string | undefined {
  const older = frameworkOn(frameworkId, targetId).olderMajor;
  if (!older) return undefined;
  return `${older.major}, not ${older.newest}: on ${targets[targetId].label}, ${older.reason}. So the project uses ${older.major}, the previous major (its README says so too).`;
}
