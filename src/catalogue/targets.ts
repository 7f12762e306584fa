import type { FrameworkId } from "./frameworks.ts";

export const targetIds = ["vercel", "netlify", "railway", "fly-io", "cloudflare-workers", "self-hosted"] as const;
export type TargetId = (typeof targetIds)[number];

export interface Target {
  id: TargetId;
  label: string;
  hint: string;
  /** Frameworks this target can deploy as generated; the others map to the reason they can't. */
  supports: readonly FrameworkId[];
  refusals: Partial<Record<FrameworkId, string>>;
  /** Markdown for the README's "Deploy" section. `{{pm}}`-style values are filled by the template. */
  deploySteps: readonly string[];
}

const notYet = (what: string) => `${what} is not generated yet by this version of create-inngest-app`;

export const targets: Record<TargetId, Target> = {
  vercel: {
    id: "vercel",
    label: "Vercel",
    hint: "zero-config Next.js hosting",
    supports: ["next"],
    refusals: {
      express: notYet("the Vercel entry for Express"),
      hono: notYet("the Vercel entry for Hono"),
      remix: notYet("the Vercel preset for React Router"),
      sveltekit: notYet("the SvelteKit Vercel adapter"),
    },
    deploySteps: [
      "Push the repository and import it in Vercel (or run `npx vercel`).",
      "Install the Inngest Vercel integration: it sets `INNGEST_EVENT_KEY` and `INNGEST_SIGNING_KEY` and syncs the app on each deploy.",
    ],
  },
  netlify: {
    id: "netlify",
    label: "Netlify",
    hint: "Next.js on Netlify",
    supports: ["next"],
    refusals: {
      express: notYet("the Netlify Functions handler for Express"),
      hono: notYet("the Netlify Functions handler for Hono"),
      remix: notYet("the Netlify setup for React Router"),
      sveltekit: notYet("the SvelteKit Netlify adapter"),
    },
    deploySteps: [
      "Push the repository and import it in Netlify; it detects Next.js and builds it.",
      "Set `INNGEST_EVENT_KEY` and `INNGEST_SIGNING_KEY` in the site's environment variables.",
      "After each deploy, sync the app in the Inngest dashboard with the URL `https://<your-site>/api/inngest`.",
    ],
  },
  railway: {
    id: "railway",
    label: "Railway",
    hint: "a long-running Node server",
    supports: ["next", "express", "hono", "remix", "sveltekit"],
    refusals: {},
    deploySteps: [
      "Create a Railway service from the repository; it runs the `build` script, then `start`, which listens on `PORT`.",
      "Set `INNGEST_EVENT_KEY`, `INNGEST_SIGNING_KEY` and `INNGEST_SERVE_ORIGIN=https://<your-domain>` in the service's variables.",
      "Sync the app in the Inngest dashboard with the URL `https://<your-domain>/api/inngest`.",
    ],
  },
  "fly-io": {
    id: "fly-io",
    label: "Fly.io",
    hint: "a long-running Node server in a Fly Machine",
    supports: ["next", "express", "hono", "remix", "sveltekit"],
    refusals: {},
    deploySteps: [
      "Run `fly launch`: it detects the Node app, writes a Dockerfile and `fly.toml`, and serves `start` on `PORT`.",
      "Set the keys: `fly secrets set INNGEST_EVENT_KEY=… INNGEST_SIGNING_KEY=… INNGEST_SERVE_ORIGIN=https://<app>.fly.dev`.",
      "Sync the app in the Inngest dashboard with the URL `https://<app>.fly.dev/api/inngest`.",
    ],
  },
  "cloudflare-workers": {
    id: "cloudflare-workers",
    label: "Cloudflare Workers",
    hint: "edge functions on Workers",
    supports: [],
    refusals: {
      next: notYet("the OpenNext Workers build for Next.js"),
      express: "Express needs Node's HTTP server, which Workers does not provide",
      hono: notYet("the Workers entry for Hono"),
      remix: notYet("the Workers entry for React Router"),
      sveltekit: notYet("the SvelteKit Cloudflare adapter"),
    },
    deploySteps: [],
  },
  "self-hosted": {
    id: "self-hosted",
    label: "Self-hosted Inngest",
    hint: "your own Inngest server beside the app",
    supports: [],
    refusals: {
      next: notYet("the self-hosted Inngest setup"),
      express: notYet("the self-hosted Inngest setup"),
      hono: notYet("the self-hosted Inngest setup"),
      remix: notYet("the self-hosted Inngest setup"),
      sveltekit: notYet("the self-hosted Inngest setup"),
    },
    deploySteps: [],
  },
};

export const defaultTargets: Record<FrameworkId, TargetId> = {
  next: "vercel",
  express: "railway",
  hono: "railway",
  remix: "railway",
  sveltekit: "railway",
};

export function targetsFor(framework: FrameworkId): Target[] {
  return Object.values(targets).filter((t) => t.supports.includes(framework));
}
