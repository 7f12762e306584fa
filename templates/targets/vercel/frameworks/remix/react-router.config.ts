import type { Config } from "@react-router/dev/config";
import { vercelPreset } from "@vercel/react-router/vite";

export default {
  // Server-side render by default; the Inngest endpoint needs a server anyway.
  ssr: true,
  // Vercel's preset: one function per route `config` (app/routes/api.inngest.ts sets its maxDuration).
  presets: [vercelPreset()],
} satisfies Config;
