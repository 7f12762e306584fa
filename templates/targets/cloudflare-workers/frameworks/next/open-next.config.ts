import { defineCloudflareConfig } from "@opennextjs/cloudflare";

export default {
  // OpenNext's defaults: no incremental cache binding is needed for the Inngest routes.
  ...defineCloudflareConfig(),
  // OpenNext runs this for the Next.js build (by default it runs the `build` script, which is OpenNext itself).
  buildCommand: "next build",
};
