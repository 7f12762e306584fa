import { defineCloudflareConfig } from "@opennextjs/cloudflare";

// OpenNext's defaults: no incremental cache binding is needed for the Inngest routes.
export default defineCloudflareConfig();
