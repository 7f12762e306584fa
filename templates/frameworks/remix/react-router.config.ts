import type { Config } from "@react-router/dev/config";

export default {
  // Server-side render by default; the Inngest endpoint needs a server anyway.
  ssr: true,
} satisfies Config;
