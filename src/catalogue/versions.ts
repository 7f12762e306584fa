/**
 * Every dependency a generated project can get, in one map (create-t3-app style).
 * These are the versions the end-to-end tests install and prove; bump them here only
 * together with a green `npm test`.
 */
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

export type VersionLine = keyof typeof previousMajorVersions;
type LinePackage = { [L in VersionLine]: keyof (typeof previousMajorVersions)[L] }[VersionLine];
export type PackageName = keyof typeof versions | LinePackage;

/** The versions of these packages: the line's where it has one, else the newest. */
export function pickVersions(names: readonly PackageName[], line?: VersionLine): Record<string, string> {
  const fromLine: Partial<Record<PackageName, string>> = line ? previousMajorVersions[line] : {};
  const newest: Partial<Record<PackageName, string>> = versions;
  return Object.fromEntries(
    [...names].sort().map((name) => {
      const version = fromLine[name] ?? newest[name];
      if (!version) throw new Error(`No version of ${name}${line ? ` in versions or the ${line} line` : " in versions (it belongs to a previous-major line)"}.`);
      return [name, version];
    }),
  );
}

/**
 * zod for a project that stays on zod 3: 3.25 is the first that ships the v4 API at `zod/v4` (and
 * satisfies inngest 4's peer range `^3.25.0 || ^4.0.0`); this is the last 3.x release.
 */
export const zod3WithV4Api = "3.25.76";
