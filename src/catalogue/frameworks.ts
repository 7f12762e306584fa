import type { PackageName, VersionLine } from "./versions.ts";

export const frameworkIds = ["next", "express", "hono", "remix", "sveltekit"] as const;
export type FrameworkId = (typeof frameworkIds)[number];

export interface Framework {
  id: FrameworkId;
  label: string;
  hint: string;
  /** Other names accepted by `--framework`. */
  aliases: readonly string[];
  /** Where the app's source lives; `inngest/` and `services/` go inside it. */
  sourceDir: "src" | "app";
  /** The file holding the serve handler, for messages and docs. */
  serveFile: string;
  /** The port `dev` listens on (the Inngest dev server needs it). */
  devPort: number;
  /** Lowest Node version the framework runs on, as `major.minor.patch`. */
  minNode: string;
  /**
   * The previous major, generated instead on the targets whose adapter does not support the
   * newest yet (a target's `FrameworkOnTarget.previousMajor` says why).
   */
  previousMajor?: PreviousMajor;
  scripts: Record<"dev" | "build" | "start" | "test" | "typecheck", string> & Record<string, string>;
  /** Build output and generated files the project's .gitignore lists. */
  ignored: readonly string[];
  dependencies: readonly PackageName[];
  devDependencies: readonly PackageName[];
  /**
   * What a production container keeps from the build (besides package.json and the production
   * dependencies), and the command that serves it on `PORT`.
   */
  production: { files: readonly string[]; command: readonly string[] };
}

export interface PreviousMajor {
  /** As people name it: "SvelteKit 2". */
  major: string;
  /** The major generated everywhere else: "SvelteKit 3". */
  newest: string;
  /** Its versions, in versions.ts. */
  line: VersionLine;
  /** Its templates, `templates/majors/<layer>/`, rendered over the framework's files at the same paths. */
  layer?: string;
  minNode: string;
}

const inngestDependencies = ["inngest", "zod"] as const satisfies readonly PackageName[];
const testDevDependencies = ["@inngest/test", "vitest", "typescript", "@types/node"] as const satisfies readonly PackageName[];

/** Express and Hono share a shape: a Node server in src/server.ts, compiled by tsc to dist/. */
const nodeServer = {
  sourceDir: "src",
  serveFile: "src/app.ts",
  devPort: 3000,
  minNode: "20.19.0",
  scripts: {
    // Like Next.js and Vite: .env.development, then git-ignored local secrets in .env.local.
    dev: "tsx watch --env-file=.env.development --env-file-if-exists=.env.local src/server.ts",
    build: "tsc -p tsconfig.build.json",
    start: "node dist/server.js",
    test: "vitest run",
    typecheck: "tsc --noEmit",
  },
  ignored: ["dist/"],
  production: { files: ["dist"], command: ["node", "dist/server.js"] },
} as const satisfies Partial<Framework>;

export const frameworks: Record<FrameworkId, Framework> = {
  next: {
    id: "next",
    label: "Next.js",
    hint: "Next.js 16, App Router",
    aliases: ["nextjs", "next.js"],
    sourceDir: "src",
    serveFile: "src/app/api/inngest/route.ts",
    devPort: 3000,
    minNode: "20.9.0",
    scripts: {
      dev: "next dev",
      build: "next build",
      start: "next start",
      test: "vitest run",
      typecheck: "next typegen && tsc --noEmit",
    },
    ignored: [".next/", "out/", "next-env.d.ts"],
    // next start reads PORT and loads next.config.ts itself.
    production: { files: [".next", "next.config.ts"], command: ["node_modules/.bin/next", "start"] },
    dependencies: [...inngestDependencies, "next", "react", "react-dom"],
    devDependencies: [...testDevDependencies, "@types/react", "@types/react-dom"],
  },
  express: {
    id: "express",
    label: "Express",
    hint: "Express 5 on Node",
    aliases: [],
    ...nodeServer,
    dependencies: [...inngestDependencies, "express"],
    devDependencies: [...testDevDependencies, "@types/express", "tsx"],
  },
  hono: {
    id: "hono",
    label: "Hono",
    hint: "Hono on Node's HTTP server",
    aliases: [],
    ...nodeServer,
    dependencies: [...inngestDependencies, "hono", "@hono/node-server"],
    devDependencies: [...testDevDependencies, "tsx"],
  },
  remix: {
    id: "remix",
    label: "Remix (React Router)",
    hint: "React Router 8 framework mode; 7 on Vercel",
    aliases: ["react-router"],
    sourceDir: "app",
    serveFile: "app/routes/api.inngest.ts",
    devPort: 5173,
    minNode: "22.22.0",
    // Same templates; React Router 7 and its packages run on Node 20.19 (vite 8's minimum).
    previousMajor: { major: "React Router 7", newest: "React Router 8", line: "react-router-7", minNode: "20.19.0" },
    scripts: {
      dev: "react-router dev",
      build: "react-router build",
      start: "react-router-serve ./build/server/index.js",
      test: "vitest run",
      typecheck: "react-router typegen && tsc",
    },
    ignored: ["build/", ".react-router/"],
    production: { files: ["build"], command: ["node_modules/.bin/react-router-serve", "./build/server/index.js"] },
    dependencies: [...inngestDependencies, "react-router", "@react-router/node", "@react-router/serve", "react", "react-dom", "isbot"],
    devDependencies: [...testDevDependencies, "@react-router/dev", "vite", "@types/react", "@types/react-dom"],
  },
  sveltekit: {
    id: "sveltekit",
    label: "SvelteKit",
    hint: "SvelteKit 3; 2 on Vercel, Netlify and Workers",
    aliases: ["svelte", "svelte-kit"],
    sourceDir: "src",
    serveFile: "src/routes/api/inngest/+server.ts",
    devPort: 5173,
    minNode: "22.17.0",
    // SvelteKit 2 keeps its config in svelte.config.js and its tsconfig in .svelte-kit/; Node 20.19 is vite 8's minimum.
    previousMajor: { major: "SvelteKit 2", newest: "SvelteKit 3", line: "sveltekit-2", layer: "sveltekit-2", minNode: "20.19.0" },
    scripts: {
      dev: "vite dev",
      build: "vite build",
      start: "node build",
      preview: "vite preview",
      prepare: "svelte-kit sync || echo ''",
      test: "vitest run",
      typecheck: "svelte-kit sync && svelte-check --tsconfig ./tsconfig.json",
    },
    ignored: ["build/", ".svelte-kit/"],
    // adapter-node's output: a server that reads PORT, importing only the production dependencies.
    production: { files: ["build"], command: ["node", "build"] },
    dependencies: [...inngestDependencies],
    devDependencies: [...testDevDependencies, "@sveltejs/kit", "@sveltejs/adapter-node", "@sveltejs/vite-plugin-svelte", "svelte", "svelte-check", "vite"],
  },
};

/**
 * The Node major CI and the production image run: the framework's minimum, and at least 22
 * (Node 20 is past its end of life).
 */
export function nodeMajor(framework: Framework): number {
  return Math.max(22, Number(framework.minNode.split(".")[0]));
}

/** Starts the Inngest dev server pointed at the app's serve endpoint in `dev`. */
export function inngestDevServerCommand(framework: Framework): string {
  return `npx --yes inngest-cli@latest dev -u http://localhost:${framework.devPort}/api/inngest`;
}

/** Every name `--framework` takes: the ids and their aliases (`nextjs`, `react-router`). */
export const frameworkNames: readonly string[] = Object.values(frameworks).flatMap((f) => [f.id, ...f.aliases]);

export function findFramework(name: string): Framework | undefined {
  const wanted = name.trim().toLowerCase();
  return Object.values(frameworks).find((f) => f.id === wanted || f.aliases.includes(wanted));
}
