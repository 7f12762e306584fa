/**
 * Every dependency a generated project can get, in one map (create-t3-app style).
 * These are the versions the end-to-end tests install and prove; bump them here only
 * together with a green `npm test`.
 */
/**
 * The oldest TypeScript inngest 4 peers on (older, its event types read wrong): what `add` and
 * `migrate` raise a project's TypeScript 5 to, as a range or, for a project that pins exactly, a release.
 */
export const typescriptForInngest = { major: 5, minor: 8, range: "^5.8.0", exact: "5.8.3" } as const;

export const versions = {
  // Inngest
  inngest: "^4.24.0",
  "@inngest/test": "^1.0.0",
  zod: "^4.6.7",
  // Tooling shared by every framework
  typescript: "~6.0.3",
  vitest: "^4.1.12",
  "@types/node": "^22.19.0",
  tsx: "^4.23.15",
  vite: "^8.3.8",
  // Next.js
  next: "^16.4.6",
  react: "^19.3.1",
  "react-dom": "^19.3.1",
  "@types/react": "^19.2.0",
  "@types/react-dom": "^19.2.0",
  // Express
  express: "^5.3.0",
  "@types/express": "^5.0.6",
  // Hono
  hono: "^4.13.19",
  "@hono/node-server": "^2.1.9",
  // React Router (framework mode): the four packages peer on one exact version
  "react-router": "8.4.0",
  "@react-router/node": "8.4.0",
  "@react-router/serve": "8.4.0",
  "@react-router/dev": "8.4.0",
  isbot: "^5.2.3",
  "@netlify/vite-plugin-react-router": "^4.0.0",
  // SvelteKit
  "@sveltejs/kit": "^3.2.0",
  "@sveltejs/adapter-node": "^6.0.1",
  "@sveltejs/vite-plugin-svelte": "^7.3.1",
  svelte: "^5.57.3",
  "svelte-check": "^4.7.8",
  // Cloudflare Workers
  wrangler: "^4.164.0",
  "@cloudflare/vite-plugin": "^1.64.0",
  "@opennextjs/cloudflare": "^1.20.13",
} as const;

/**
 * The previous major of a framework, for the targets whose adapter does not support the newest
 * yet: a pair selects its line in targets.ts (`FrameworkOnTarget.previousMajor`). Each line lists
 * the packages whose versions differ from `versions` above (where they are the newest major), and
 * the adapters only it uses. Proven by the same end-to-end tests.
 */
export const previousMajorVersions = {
  // SvelteKit 2: its last minor accepts vite 8, @sveltejs/vite-plugin-svelte 7, svelte 5 and typescript 6.
  "sveltekit-2": {
    "@sveltejs/kit": "^2.70.4",
    "@sveltejs/adapter-vercel": "^6.3.4",
    "@sveltejs/adapter-netlify": "^6.0.4",
    "@sveltejs/adapter-cloudflare": "^7.2.9",
  },
  // React Router 7: the four packages peer on one exact version (7.18.4 is the last @react-router/dev 7).
  "react-router-7": {
    "react-router": "7.18.4",
    "@react-router/node": "7.18.4",
    "@react-router/serve": "7.18.4",
    "@react-router/dev": "7.18.4",
    "@vercel/react-router": "^1.3.6",
  },
} as const;

/**
 * Platform adapters wrap a framework and lag behind its releases, and their peer ranges rarely
 * have an upper bound. So where a project has one of these adapters, the framework's range stops
 * at the newest version proven with it here. Raise a bound only with a green `npm test` on it;
 * `npm run check-upstream` tries the newest releases and says which bounds can go up.
 * `breaks` records what the next release did when it was tried: the CLI, `list` and the README say it.
 */
export const provenWithAdapter: Partial<Record<PackageName, Partial<Record<PackageName, { newest: string; breaks?: string }>>>> = {
  "@opennextjs/cloudflare": {
    next: {
      newest: "16.4.6",
      breaks:
        "Next.js 16.5.0 builds with OpenNext for Cloudflare (`@opennextjs/cloudflare` 1.20.17), but the Worker then answers every request with a 500 (`ReferenceError: e is not defined` in its bundled manifest loader)",
    },
  },
  "@sveltejs/adapter-vercel": { "@sveltejs/kit": { newest: "2.70.4" } },
  "@sveltejs/adapter-netlify": { "@sveltejs/kit": { newest: "2.70.4" } },
  "@sveltejs/adapter-cloudflare": { "@sveltejs/kit": { newest: "2.70.4" } },
  "@cloudflare/vite-plugin": { vite: { newest: "8.4.0" } },
};

/** A framework package held at the newest version proven with the adapter that wraps it. */
export interface VersionCap {
  package: PackageName;
  adapter: PackageName;
  newest: string;
  /** What the next release did, where it was tried and broke; null where it was not. */
  breaks: string | null;
}

/** The caps that the adapters among these packages put on the others. */
export function versionCapsFor(names: readonly PackageName[]): VersionCap[] {
  return names.flatMap((adapter) =>
    Object.entries(provenWithAdapter[adapter] ?? {})
      .filter(([name]) => names.includes(name as PackageName))
      .map(([name, proven]) => ({ package: name as PackageName, adapter, newest: proven!.newest, breaks: proven!.breaks ?? null })),
  );
}

/** A range that keeps the map's floor and stops at the cap: `^16.4.6` capped at 16.4.6 is `16.4.6`. */
export function cappedRange(range: string, newest: string): string {
  const floor = /^[\^~]?(\d+\.\d+\.\d+)$/.exec(range)?.[1];
  if (!floor) throw new Error(`Cannot cap the range ${range}: give the map a ^, ~ or exact version.`);
  if (compareVersions(newest, floor) < 0) throw new Error(`The cap ${newest} is below the map's ${range}: prove the newer version with the adapter and raise the cap.`);
  return newest === floor ? newest : `>=${floor} <=${newest}`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

export type VersionLine = keyof typeof previousMajorVersions;
type LinePackage = { [L in VersionLine]: keyof (typeof previousMajorVersions)[L] }[VersionLine];
export type PackageName = keyof typeof versions | LinePackage;

/** The versions of these packages: the line's where it has one, else the newest; each cap applied. */
export function pickVersions(names: readonly PackageName[], line?: VersionLine, caps: readonly VersionCap[] = []): Record<string, string> {
  const fromLine: Partial<Record<PackageName, string>> = line ? previousMajorVersions[line] : {};
  const newest: Partial<Record<PackageName, string>> = versions;
  return Object.fromEntries(
    [...names].sort().map((name) => {
      const version = fromLine[name] ?? newest[name];
      if (!version) throw new Error(`No version of ${name}${line ? ` in versions or the ${line} line` : " in versions (it belongs to a previous-major line)"}.`);
      const cap = caps.find((c) => c.package === name);
      return [name, cap ? cappedRange(version, cap.newest) : version];
    }),
  );
}

/**
 * zod for a project that stays on zod 3: 3.25 is the first that ships the v4 API at `zod/v4` (and
 * satisfies inngest 4's peer range `^3.25.0 || ^4.0.0`); this is the last 3.x release.
 */
export const zod3WithV4Api = "3.25.76";
