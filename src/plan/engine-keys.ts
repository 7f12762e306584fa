import { randomBytes } from "node:crypto";

/**
 * The secrets of a self-hosted Inngest server, made once per project when it is generated and
 * written only to its git-ignored `.env`. An input of the plan, so planning stays pure.
 */
export interface EngineKeys {
  /** Any random hex: apps send events with it. */
  eventKey: string;
  /** `signkey-prod-<64 hex>` as the SDK takes it; the server takes the hex part. */
  signingKey: string;
  postgresPassword: string;
}

export function generateEngineKeys(random: (size: number) => Buffer = randomBytes): EngineKeys {
  return {
    eventKey: random(32).toString("hex"),
    signingKey: `signkey-prod-${random(32).toString("hex")}`,
    postgresPassword: random(24).toString("hex"),
  };
}

/** The hex the server's `--signing-key` takes: the SDK key without its `signkey-<env>-` prefix. */
export function signingKeyHex(signingKey: string): string {
  return signingKey.replace(/^signkey-\w+-/, "");
}
