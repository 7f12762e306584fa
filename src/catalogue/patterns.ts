export const patternIds = ["durable-sleep"] as const;
export type PatternId = (typeof patternIds)[number];

export const serviceIds = ["email", "users"] as const;
export type ServiceId = (typeof serviceIds)[number];

export interface Pattern {
  id: PatternId;
  label: string;
  hint: string;
  /** Functions the pattern exports, by module file (in `inngest/functions/`) and export name. */
  functions: readonly { module: string; exportName: string }[];
  /** How many functions the serve endpoint reports for this pattern (`onFailure` adds one). */
  functionCount: number;
  /** Event definitions the pattern adds to the events module, by export name. */
  events: readonly string[];
  /** Service modules (in `services/`) the pattern uses; shared between patterns. */
  services: readonly ServiceId[];
  /** A typed event to send from the demo route, as code using the pattern's events. */
  demoEvent: { uses: string; code: string };
}

export const patterns: Record<PatternId, Pattern> = {
  "durable-sleep": {
    id: "durable-sleep",
    label: "Durable sleep",
    hint: "welcome drip: email, sleep 24h, follow up; cancelled when the user is deleted",
    functions: [{ module: "welcome-drip", exportName: "welcomeDrip" }],
    functionCount: 1,
    events: ["userSignedUp", "userDeleted"],
    services: ["email", "users"],
    demoEvent: {
      uses: "userSignedUp",
      code: 'userSignedUp.create({ userId: "user_123", email: "ada@example.com", name: "Ada" })',
    },
  },
};

export const defaultPatterns: readonly PatternId[] = ["durable-sleep"];

export function functionCount(ids: readonly PatternId[]): number {
  return ids.reduce((sum, id) => sum + patterns[id].functionCount, 0);
}
