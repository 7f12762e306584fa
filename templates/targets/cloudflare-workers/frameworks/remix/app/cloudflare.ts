import { createContext } from "react-router";

/** The Worker's bindings (variables and secrets), set for each request by workers/app.ts. */
export const cloudflareEnv = createContext<Record<string, string | undefined>>({});
