import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../src/migrate/migrate-plan.ts";
import { writeProject } from "../support/check-project.ts";

const v3Manifest = (extra: Record<string, string> = {}) => JSON.stringify({ name: "app", dependencies: { inngest: "^3.30.0", ...extra } }, null, 2) + "\n";

/** Plans a migration of a small v3 project; returns the new text of each changed file. */
async function migrate(files: Record<string, string>, manifest = v3Manifest()) {
  const root = await writeProject({ "package.json": manifest, ...files }, "migrate");
  const plan = planMigration(root);
  const out = Object.fromEntries(plan.files.map((f) => [f.path, f.content]));
  return { plan, out, root, left: plan.left.map((l) => `${l.file}:${l.line} ${l.message}`) };
}

/** Migrating the migrated code (still declared as v3) changes nothing more. */
async function secondRun(files: Record<string, string>, out: Record<string, string>) {
  const again = await migrate({ ...files, ...Object.fromEntries(Object.entries(out).filter(([p]) => p !== "package.json")) });
  return again.plan.files.filter((f) => f.path !== "package.json").map((f) => f.path);
}

const client = `import { Inngest } from "inngest";\n\nexport const inngest = new Inngest({ id: "my-app" });\n`;

describe("migrate: createFunction", () => {
  it("moves the trigger argument into `triggers`, keeping the rest byte for byte", async () => {
    const fn = `import { inngest } from "./client";

// keep me
export const a = inngest.createFunction(
  { id: "a", retries: 1 },
  { event: "app/a" },
  async ({ step }) => {
    /* untouched */ await step.run("x", () => 1);
  },
);
export const b = inngest.createFunction({ id: "b" }, [{ cron: "0 * * * *" }, { event: "app/b", if: "event.data.ok" }], async () => 2);
const opts = { id: "c" };
export const c = inngest.createFunction(opts, { event: "app/c" }, async () => 3);
`;
    const { out } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(out["fn.ts"]).toBe(`import { inngest } from "./client";

// keep me
export const a = inngest.createFunction(
  { id: "a", retries: 1, triggers: [{ event: "app/a" }] },
  async ({ step }) => {
    /* untouched */ await step.run("x", () => 1);
  },
);
export const b = inngest.createFunction({ id: "b", triggers: [{ cron: "0 * * * *" }, { event: "app/b", if: "event.data.ok" }] }, async () => 2);
const opts = { id: "c" };
export const c = inngest.createFunction({ ...opts, triggers: [{ event: "app/c" }] }, async () => 3);
`);
    expect(await secondRun({ "client.ts": client, "fn.ts": fn }, out)).toEqual([]);
  });

  it("gives a trigger held by a variable or property to `triggers` as it is: it may be one trigger or a list, and v4 takes either", async () => {
    const fn = `import { inngest } from "./client";
const both = [{ event: "app/a" }, { cron: "0 * * * *" }];
export const a = inngest.createFunction({ id: "a" }, both, async () => 1);
export const make = (def: { id: string; triggers: { event: string }[] }) => inngest.createFunction({ id: def.id }, def.triggers, async () => 2);
`;
    const { out } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(out["fn.ts"]).toContain(`inngest.createFunction({ id: "a", triggers: both }, async () => 1);`);
    expect(out["fn.ts"]).toContain(`inngest.createFunction({ id: def.id, triggers: def.triggers }, async () => 2);`);
    expect(await secondRun({ "client.ts": client, "fn.ts": fn }, out)).toEqual([]);
  });

  it("keeps the comments written between the options and the trigger: above `triggers` in a multi-line object, else in place", async () => {
    const fn = `import { inngest } from "./client";
export const a = inngest.createFunction(
  {
    id: "a",
    retries: 3,
  },
  // Sent by the upload action once the file is stored.
  /* one per file */
  { event: "app/a" },
  async () => 1,
);
export const b = inngest.createFunction(
  { id: "b" },
  // Nightly, before the report.
  { cron: "0 2 * * *" }, // UTC
  async () => 2,
);
`;
    const { out } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(out["fn.ts"]).toBe(`import { inngest } from "./client";
export const a = inngest.createFunction(
  {
    id: "a",
    retries: 3,
    // Sent by the upload action once the file is stored.
    /* one per file */
    triggers: [{ event: "app/a" }],
  },
  async () => 1,
);
export const b = inngest.createFunction(
  { id: "b", triggers: [{ cron: "0 2 * * *" }] },
  // Nightly, before the report.
  // UTC
  async () => 2,
);
`);
    expect(await secondRun({ "client.ts": client, "fn.ts": fn }, out)).toEqual([]);
  });

  it("adds to a multi-line options object on its own line, after a trailing comma", async () => {
    const fn = `import { inngest } from "./client";\nexport const a = inngest.createFunction(\n  {\n    id: "a",\n  },\n  { event: "app/a" },\n  async () => 1,\n);\n`;
    const { out } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(out["fn.ts"]).toBe(`import { inngest } from "./client";\nexport const a = inngest.createFunction(\n  {\n    id: "a",\n    triggers: [{ event: "app/a" }],\n  },\n  async () => 1,\n);\n`);
  });
});

describe("migrate: EventSchemas → eventType", () => {
  const typed = `import { EventSchemas, Inngest } from "inngest";

type Events = {
  "app/user.signed_up": { data: { userId: string } };
  "app/ping": {};
};

export const inngest = new Inngest({
  id: "my-app",
  schemas: new EventSchemas().fromRecord<Events>(),
});
`;
  const fn = `import { inngest } from "./client";
export const welcome = inngest.createFunction({ id: "welcome" }, { event: "app/user.signed_up" }, async ({ event, step }) => {
  await step.sendEvent("ping", { name: "app/ping", data: {} });
  await step.waitForEvent("pinged", { event: "app/ping", timeout: "1h" });
  return event.data.userId;
});
export async function signUp(userId: string) {
  await inngest.send({ name: "app/user.signed_up", data: { userId }, id: userId });
  await inngest.send({ name: "app/user.signed_up", data: { userId }, ts: 1 });
}
`;

  it("fromRecord<Events>() becomes staticSchema definitions; triggers and sends use them", async () => {
    const { out, left } = await migrate({ "client.ts": typed, "fn.ts": fn });
    expect(left).toEqual([]);
    expect(out["client.ts"]).toBe(`import { Inngest, eventType, staticSchema } from "inngest";

type Events = {
  "app/user.signed_up": { data: { userId: string } };
  "app/ping": {};
};

export const inngest = new Inngest({
  id: "my-app",
});

export const appUserSignedUp = eventType("app/user.signed_up", { schema: staticSchema<Events["app/user.signed_up"]["data"]>() });
export const appPing = eventType("app/ping");
`);
    expect(out["fn.ts"]).toContain(`import { inngest, appUserSignedUp, appPing } from "./client";`);
    expect(out["fn.ts"]).toContain(`createFunction({ id: "welcome", triggers: [appUserSignedUp] }, async`);
    expect(out["fn.ts"]).toContain(`await step.waitForEvent("pinged", { event: appPing, timeout: "1h" });`);
    expect(out["fn.ts"]).toContain(`await step.sendEvent("ping", appPing.create({}));`);
    expect(out["fn.ts"]).toContain(`await inngest.send(appUserSignedUp.create({ userId }, { id: userId }));`);
    // `ts` has no place in create(): that payload stays as written.
    expect(out["fn.ts"]).toContain(`await inngest.send({ name: "app/user.signed_up", data: { userId }, ts: 1 });`);
    expect(await secondRun({ "client.ts": typed, "fn.ts": fn }, out)).toEqual([]);
  });

  it("fromZod keeps each zod schema; a separate `schemas` constant goes with it", async () => {
    const zodClient = `import { EventSchemas, Inngest } from "inngest";
import { z } from "zod";

const schemas = new EventSchemas().fromZod({
  "app/order": { data: z.object({ id: z.string() }) },
});

export const inngest = new Inngest({ id: "shop", schemas });
`;
    const { out, plan } = await migrate({ "client.js": zodClient }, v3Manifest({ zod: "^3.22.4" }));
    expect(out["client.js"]).toBe(`import { Inngest, eventType } from "inngest";
import { z } from "zod";

export const inngest = new Inngest({ id: "shop" });

export const appOrder = eventType("app/order", { schema: z.object({ id: z.string() }) });
`);
    expect(out["package.json"]).toContain(`"zod": "^3.25.0"`);
    expect(out["package.json"]).toContain(`"inngest": "^4.24.0"`);
    expect(plan.changes.join("\n")).toContain("zod ^3.22.4 → ^3.25.0 (inngest 4 peers on zod ^3.25.0 || ^4)");
  });

  it("a file binding the definition's name (a function named like its event) imports it under another", async () => {
    const sameName = `import { inngest } from "./client";
export const appUserSignedUp = inngest.createFunction({ id: "signed-up" }, { event: "app/user.signed_up" }, async ({ event }) => event.data.userId);
`;
    const { out, left } = await migrate({ "client.ts": typed, "fn.ts": sameName });
    expect(left).toEqual([]);
    expect(out["fn.ts"]).toBe(`import { inngest, appUserSignedUp as appUserSignedUpEvent } from "./client";
export const appUserSignedUp = inngest.createFunction({ id: "signed-up", triggers: [appUserSignedUpEvent] }, async ({ event }) => event.data.userId);
`);
  });

  it("an event name written `as const` is still known", async () => {
    const asConst = `import { inngest } from "./client";
export const greet = inngest.createFunction({ id: "greet" }, { event: "app/user.signed_up" as const }, async ({ event }) => event.data.userId);
export const ping = () => inngest.send({ name: "app/ping" as const, data: {} });
`;
    const { out, left } = await migrate({ "client.ts": typed, "fn.ts": asConst });
    expect(left).toEqual([]);
    expect(out["fn.ts"]).toContain(`inngest.createFunction({ id: "greet", triggers: [appUserSignedUp] }, async`);
    expect(out["fn.ts"]).toContain(`inngest.send(appPing.create({}))`);
  });

  it("fromZod(constant) reads each event's schema from the constant, here or imported", async () => {
    const local = `import { EventSchemas, Inngest } from "inngest";
import { z } from "zod";

const catalogue = {
  "shelf/book.added": { data: z.object({ isbn: z.string() }) },
  "shelf/emptied": {},
} as const;

export const library = new Inngest({ id: "shelf", schemas: new EventSchemas().fromZod(catalogue) });
`;
    const { out, left } = await migrate({ "client.ts": local });
    expect(left).toEqual([]);
    expect(out["client.ts"]).toContain(`const catalogue = {`);
    expect(out["client.ts"]).toContain(`export const library = new Inngest({ id: "shelf" });

export const shelfBookAdded = eventType("shelf/book.added", { schema: catalogue["shelf/book.added"].data });
export const shelfEmptied = eventType("shelf/emptied");
`);
    const imported = {
      "catalogue.ts": `import { z } from "zod";\nexport const bookEvents = {\n  'shelf/book.lent': { data: z.object({ to: z.string() }) },\n};\n`,
      "client.ts": `import { EventSchemas, Inngest } from 'inngest';\nimport { bookEvents as events } from './catalogue';\nexport const library = new Inngest({ id: 'shelf', schemas: new EventSchemas().fromZod(events) });\n`,
    };
    const second = await migrate(imported);
    expect(second.left).toEqual([]);
    expect(second.out["client.ts"]).toContain(`export const shelfBookLent = eventType('shelf/book.lent', { schema: events['shelf/book.lent'].data });`);
    const notConstant = await migrate({ "client.ts": `import { EventSchemas, Inngest } from "inngest";\nlet events = {};\nexport const library = new Inngest({ id: "shelf", schemas: new EventSchemas().fromZod(events) });\n` });
    expect(notConstant.left).toEqual([expect.stringMatching(/^client\.ts:3 client option `schemas` left: fromZod\(events\): `events` is not a constant declared in the project/)]);
  });

  it("fromZod([...]) of z.object() events: names from their literals, data from the constant or as written", async () => {
    const list = `import { EventSchemas, Inngest, type LiteralZodEventSchema } from "inngest";
import { z } from "zod";

const parcelSent = z.object({ name: z.literal("post/parcel.sent"), data: z.object({ parcelId: z.string() }) }) satisfies LiteralZodEventSchema;

export const post = new Inngest({
  id: "post",
  schemas: new EventSchemas().fromZod([parcelSent, z.object({ name: z.literal("post/parcel.lost"), data: z.object({ since: z.string() }) })]),
});
`;
    const { out, left } = await migrate({ "client.ts": list });
    expect(out["client.ts"]).toContain(`export const postParcelSent = eventType("post/parcel.sent", { schema: parcelSent.shape.data });
export const postParcelLost = eventType("post/parcel.lost", { schema: z.object({ since: z.string() }) });
`);
    // What v4 no longer exports is still said, with what to do.
    expect(left).toEqual([expect.stringMatching(/^client\.ts:1 `LiteralZodEventSchema` is not exported by inngest 4/)]);
    const withUser = await migrate({ "client.ts": list.replace("data: z.object({ since", "user: z.object({}), data: z.object({ since") });
    expect(withUser.left).toContainEqual(expect.stringMatching(/`schemas` left: "post\/parcel\.lost" in fromZod\(\[\.\.\.\]\) has more than a name and a data schema/));
  });

  it("an interface as data type is wrapped in Pick<>; a type from elsewhere is listed", async () => {
    const union = `import { EventSchemas, Inngest } from "inngest";
import type * as mail from "./mail";
import { z } from "zod";

const stampSchema = z.object({ value: z.number() });
interface Letter { to: string }
type Parcel = { weight: number };
type LetterSent = { name: "post/letter.sent"; data: Letter };
type MailQueued = { name: "post/mail.queued"; data: mail.Message };
type ParcelSent = { name: "post/parcel.sent"; data: Parcel };
type Stamp = z.infer<typeof stampSchema>;
type StampBought = { name: "post/stamp.bought"; data: Stamp };
type Session = { user: { id: string } } | null;
type SessionOpened = { name: "post/session.opened"; data: Session["user"] };
type Sorted = { name: "post/sorted"; data: Parcel & { bin: number } };
type Swept = { name: "post/swept"; data: undefined };

export const post = new Inngest({ id: "post", schemas: new EventSchemas().fromUnion<LetterSent | MailQueued | ParcelSent | StampBought | SessionOpened | Sorted | Swept>() });
`;
    const { out, left } = await migrate({ "client.ts": union, "mail.ts": `export type Message = { subject: string };\n` });
    // An interface of the project: the same fields as an object type.
    expect(out["client.ts"]).toContain(`export const postLetterSent = eventType("post/letter.sent", { schema: staticSchema<Pick<LetterSent["data"], keyof LetterSent["data"]>>() });`);
    expect(out["client.ts"]).toContain(`export const postParcelSent = eventType("post/parcel.sent", { schema: staticSchema<ParcelSent["data"]>() });`);
    // No data: an event without a schema.
    expect(out["client.ts"]).toContain(`export const postSwept = eventType("post/swept");`);
    // A type from elsewhere may be one: listed.
    expect(out["client.ts"]).toContain(`export const postMailQueued = eventType("post/mail.queued", { schema: staticSchema<MailQueued["data"]>() });`);
    expect(left).toEqual([
      `client.ts:9 the data type of "post/mail.queued" (mail.Message) is not seen to be an object type: v4's staticSchema<T>() needs T assignable to Record<string, unknown> (an interface is not, nor a type that may be undefined or null). If tsc says so, write it as staticSchema<Pick<T, keyof T>>() for an interface, or exclude undefined/null.`,
      expect.stringMatching(/^client\.ts:14 the data type of "post\/session\.opened" \(Session\["user"\]\) is not seen to be an object type/),
    ]);
  });

  it("a `schemas` constant imported from another file: the definitions take its place there", async () => {
    const files = {
      "inngest/events.ts": `import { EventSchemas } from "inngest";

type TicketOpened = { name: "desk/ticket.opened"; data: { ticketId: string } };
type TicketClosed = { name: "desk/ticket.closed"; data: { ticketId: string; reason?: string } };

export const deskSchemas = new EventSchemas().fromUnion<TicketOpened | TicketClosed>();

export const priorities = ["low", "high"] as const;
`,
      "inngest/client.ts": `import { Inngest } from "inngest";\nimport { deskSchemas } from "./events";\n\nexport const desk = new Inngest({ id: "desk", schemas: deskSchemas });\n`,
      "inngest/functions/triage.ts": `import { desk } from "../client";\n\nexport const triage = desk.createFunction({ id: "triage" }, { event: "desk/ticket.opened" }, async ({ event, step }) => {\n  await step.sendEvent("close", { name: "desk/ticket.closed", data: { ticketId: event.data.ticketId } });\n});\n`,
    };
    const { out, left } = await migrate(files);
    expect(left).toEqual([]);
    expect(out["inngest/events.ts"]).toBe(`import { eventType, staticSchema } from "inngest";

type TicketOpened = { name: "desk/ticket.opened"; data: { ticketId: string } };
type TicketClosed = { name: "desk/ticket.closed"; data: { ticketId: string; reason?: string } };

export const deskTicketOpened = eventType("desk/ticket.opened", { schema: staticSchema<TicketOpened["data"]>() });
export const deskTicketClosed = eventType("desk/ticket.closed", { schema: staticSchema<TicketClosed["data"]>() });

export const priorities = ["low", "high"] as const;
`);
    expect(out["inngest/client.ts"]).toBe(`import { Inngest } from "inngest";\n\nexport const desk = new Inngest({ id: "desk" });\n`);
    expect(out["inngest/functions/triage.ts"]).toBe(`import { desk } from "../client";
import { deskTicketOpened, deskTicketClosed } from "../events";

export const triage = desk.createFunction({ id: "triage", triggers: [deskTicketOpened] }, async ({ event, step }) => {
  await step.sendEvent("close", deskTicketClosed.create({ ticketId: event.data.ticketId }));
});
`);
    expect(await secondRun(files, out)).toEqual([]);

    // Imported by another file too: it stays, listed.
    const shared = await migrate({ ...files, "inngest/other.ts": `import { deskSchemas } from "./events";\nexport const again = deskSchemas;\n` });
    expect(shared.left).toContainEqual(expect.stringMatching(/^inngest\/client\.ts:4 client option `schemas` left: its `schemas` constant \(inngest\/events\.ts\) is used elsewhere too/));
    expect(shared.out["inngest/events.ts"]).toBeUndefined();
    const reexported = await migrate({ ...files, "index.ts": `export * from "./inngest/events";\n` });
    expect(reexported.out["inngest/events.ts"]).toBeUndefined();
  });

  it("leaves schemas it cannot read, with the line and what to do", async () => {
    const imported = `import { EventSchemas, Inngest } from "inngest";
import type { Events } from "@acme/events";
export const inngest = new Inngest({
  id: "a",
  schemas: new EventSchemas().fromRecord<Events>(),
});
`;
    const { out, left } = await migrate({ "client.ts": imported });
    expect(out["client.ts"]).toBeUndefined();
    expect(left).toEqual([expect.stringMatching(/^client\.ts:5 client option `schemas` left: its event record type is not an object type declared in the project/)]);
  });

  it("follows the record type and its constant names through imports", async () => {
    const files = {
      "events.ts": `export const ORDER_PAID = "shop/order.paid";\nexport type OrderPaid = { name: typeof ORDER_PAID; data: { id: string } };\nexport type Events = { [ORDER_PAID]: OrderPaid; "shop/ping": {} };\n`,
      "client.ts": `import { EventSchemas, Inngest } from "inngest";\nimport type { Events } from "./events";\nexport const inngest = new Inngest({ id: "shop", schemas: new EventSchemas().fromRecord<Events>() });\n`,
    };
    const { out, left } = await migrate(files);
    expect(left).toEqual([]);
    expect(out["client.ts"]).toContain(`export const shopOrderPaid = eventType("shop/order.paid", { schema: staticSchema<Events["shop/order.paid"]["data"]>() });`);
    expect(out["client.ts"]).toContain(`export const shopPing = eventType("shop/ping");`);
    expect(out["events.ts"]).toBeUndefined();
  });

  it("fromUnion<A | B>() reads each member's literal name", async () => {
    const union = `import { EventSchemas, Inngest } from "inngest";
type A = { name: "a/one"; data: { n: number } };
type B = { name: "a/two"; data: { s: string } };
export const inngest = new Inngest({ id: "u", schemas: new EventSchemas().fromUnion<A | B>() });
`;
    const { out } = await migrate({ "client.ts": union });
    expect(out["client.ts"]).toContain(`export const aOne = eventType("a/one", { schema: staticSchema<A["data"]>() });`);
    expect(out["client.ts"]).toContain(`export const aTwo = eventType("a/two", { schema: staticSchema<B["data"]>() });`);
    expect(out["client.ts"]).toContain(`new Inngest({ id: "u" })`);
  });
});

describe("migrate: serve(), steps and cancelOn", () => {
  it("moves portable serve() options to the client, renames serveHost, leaves the rest", async () => {
    const route = `import { serve } from "inngest/next";
import { inngest } from "./client";
import { fns } from "./fns";
const key = readKey();
export const { GET, POST, PUT } = serve({
  client: inngest,
  functions: fns,
  signingKey: process.env.MY_SIGNING_KEY,
  baseUrl: key,
  serveHost: "https://example.com",
  streaming: "force",
});
`;
    const { out, left } = await migrate({ "client.ts": client, "route.ts": route });
    expect(out["client.ts"]).toBe(`import { Inngest } from "inngest";\n\nexport const inngest = new Inngest({ id: "my-app", signingKey: process.env.MY_SIGNING_KEY });\n`);
    expect(out["route.ts"]).toContain(`  functions: fns,\n  baseUrl: key,\n  serveOrigin: "https://example.com",\n  streaming: true,\n});`);
    expect(left).toEqual([expect.stringMatching(/^route\.ts:9 serve\(\) option `baseUrl` belongs on the client in v4/)]);
  });

  it("string ids in step.invoke become referenceFunction for this app; others are left", async () => {
    const fn = `import { inngest } from "./client";
export const a = inngest.createFunction({ id: "a", triggers: [{ event: "x" }] }, async ({ step }) => {
  await step.invoke("mine", { function: "my-app-send-mail", data: {} });
  await step.invoke("theirs", { function: "billing-charge", data: {} });
});
`;
    const { out, left } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(out["fn.ts"]).toContain(`import { referenceFunction } from "inngest";`);
    expect(out["fn.ts"]).toContain(`{ function: referenceFunction({ functionId: "send-mail" }), data: {} }`);
    expect(out["fn.ts"]).toContain(`{ function: "billing-charge", data: {} }`);
    expect(left).toEqual([expect.stringMatching(/^fn\.ts:4 step\.invoke\(\) with a string id is rejected by v4/)]);
  });

  it("Promise.race of steps → group.parallel race, with `group` from the handler", async () => {
    const fn = `import { inngest } from "./client";
export const a = inngest.createFunction({ id: "a", triggers: [{ event: "x" }] }, async ({ step }) => {
  return Promise.race([step.sleep("s", "1h"), step.run("r", () => 1)]);
});
export const b = inngest.createFunction({ id: "b", triggers: [{ event: "x" }] }, async (ctx) => {
  return Promise.race([ctx.step.run("r", () => 1), helper()]);
});
export const c = inngest.createFunction({ id: "c", triggers: [{ event: "x" }] }, async ({ step }) => {
  const later = () => Promise.race([step.run("r", () => 1), step.run("q", () => 2)]);
  return later();
});
const helper = () => Promise.resolve(1);
`;
    const { out, left } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(out["fn.ts"]).toContain(`async ({ step, group }) => {\n  return group.parallel({ mode: "race" }, () => Promise.race([step.sleep("s", "1h"), step.run("r", () => 1)]));`);
    // ctx.step is not spotted as a step call: left as it is, no change, no note.
    expect(out["fn.ts"]).toContain(`return Promise.race([ctx.step.run("r", () => 1), helper()]);`);
    expect(left).toEqual([expect.stringMatching(/^fn\.ts:9 Promise\.race\(\) of steps waits for every step in v4/)]);
    // Run again over its own output: a race inside group.parallel is moved already, neither changed nor listed.
    const again = await migrate({ "client.ts": client, "fn.ts": out["fn.ts"]! });
    expect(again.out["fn.ts"]).toBeUndefined();
    expect(again.left).toEqual([expect.stringMatching(/^fn\.ts:9 Promise\.race\(\) of steps/)]);
  });

  it("a race of steps started earlier and held in variables is listed, not wrapped: the group would not hold them", async () => {
    const fn = `import { inngest } from "./client";
export const a = inngest.createFunction({ id: "a", triggers: [{ event: "x" }] }, async ({ step }) => {
  const approved = step.waitForEvent("approved", { event: "ok", timeout: "1d" }).then((e) => ({ e }));
  const rejected = step.waitForEvent("rejected", { event: "no", timeout: "1d" }).then((e) => ({ e }));
  const plain = Promise.resolve(1);
  await Promise.race([plain, Promise.resolve(2)]);
  return Promise.race([approved, rejected]);
});
`;
    const { out, left } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(out["fn.ts"]).toBeUndefined();
    expect(left).toEqual([expect.stringMatching(/^fn\.ts:7 Promise\.race\(\) of steps started earlier \(held in variables\) waits for every step in v4/)]);
  });

  it("cancelOn match → if comparing both events; single quotes where the file uses them", async () => {
    const fn = `import { inngest } from './client'
export const a = inngest.createFunction({ id: 'a', cancelOn: [{ event: 'app/cancel', match: 'data.id' }] }, { event: 'app/go' }, async () => 1)
`;
    const { out } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(out["fn.ts"]).toContain(`cancelOn: [{ event: 'app/cancel', if: 'event.data.id == async.data.id' }], triggers: [{ event: 'app/go' }] }`);
  });

  it("v3 helper types given an event name are listed", async () => {
    const helpers = `import { type GetStepTools, type GetFunctionInput } from "inngest";
import { inngest } from "./client";
export type Tools = GetStepTools<typeof inngest, "app/x">;
export type Input = GetFunctionInput<typeof inngest>;
`;
    const { left } = await migrate({ "client.ts": client, "helpers.ts": helpers });
    expect(left).toEqual(["helpers.ts:3 `GetStepTools` takes the client only in v4 (no event name): write GetStepTools<typeof client>; the event is typed by the function's triggers."]);
  });

  it("client logLevel → a ConsoleLogger; removed exports and middleware are listed", async () => {
    const c = `import { Inngest, InngestMiddleware, type GetEvents } from "inngest";
export const inngest = new Inngest({ id: "a", logLevel: "debug" });
export type E = GetEvents<typeof inngest>;
export const mw = new InngestMiddleware({ name: "m", init: () => ({}) });
`;
    const { out, left } = await migrate({ "client.ts": c });
    expect(out["client.ts"]).toContain(`new Inngest({ id: "a", logger: new ConsoleLogger({ level: "debug" }) })`);
    expect(out["client.ts"]).toContain(`import { Inngest, InngestMiddleware, type GetEvents, ConsoleLogger } from "inngest";`);
    expect(left).toEqual([
      expect.stringMatching(/^client\.ts:1 `InngestMiddleware` \(InngestMiddleware\) does not exist in inngest 4/),
      expect.stringMatching(/^client\.ts:1 `GetEvents` is not exported by inngest 4/),
    ]);
  });
});

describe("migrate: v3 event fields", () => {
  it("lists `user` sent with an event and `event.user` read in a handler", async () => {
    const fn = `import { inngest } from "./client";
export const a = inngest.createFunction({ id: "a", triggers: [{ event: "x" }] }, async ({ event }) => {
  return event.user;
});
export const send = () => inngest.send({ name: "x", data: {}, user: { id: 1 } });
export const b = inngest.createFunction({ id: "b", triggers: [{ event: "y" }] }, async ({ step }) => {
  return step.invoke("call-a", { function: a, data: {}, user: { id: 2 } });
});
export const typed = () => inngest.send({ name: "x", data: {}, user: { id: 3 } } satisfies { name: string; data: object; user: object });
`;
    const { left } = await migrate({ "client.ts": client, "fn.ts": fn });
    expect(left).toEqual([
      expect.stringMatching(/^fn\.ts:3 `event\.user` does not exist in v4/),
      expect.stringMatching(/^fn\.ts:5 events have no `user` field in v4/),
      expect.stringMatching(/^fn\.ts:7 step\.invoke\(\) takes no `user` in v4: pass it in `data`/),
      expect.stringMatching(/^fn\.ts:9 events have no `user` field in v4/),
    ]);
  });
});

describe("migrate: the project", () => {
  it("leaves packages already on inngest 4 alone", async () => {
    const root = await writeProject({ "package.json": JSON.stringify({ dependencies: { inngest: "^4.1.0" } }), "client.ts": client, "fn.ts": `import { inngest } from "./client";\ninngest.createFunction({ id: "a" }, { event: "x" }, async () => 1);\n` }, "migrate");
    const plan = planMigration(root);
    expect(plan.packages).toEqual([]);
    expect(plan.files).toEqual([]);
  });

  it("moves @inngest/test to its v4 line and lists other Inngest packages", async () => {
    const { out, left } = await migrate(
      { "client.ts": client },
      JSON.stringify({ dependencies: { inngest: "~3.2.0", "@inngest/realtime": "^0.3.0" }, devDependencies: { "@inngest/test": "^0.1.6", typescript: "~5.4.5" } }, null, 2),
    );
    // A tilde range stays a tilde range.
    expect(out["package.json"]).toContain(`"inngest": "~4.24.0"`);
    expect(out["package.json"]).toContain(`"typescript": "^5.8.0"`);
    expect(out["package.json"]).toContain(`"@inngest/test": "^1.0.0"`);
    expect(left).toEqual([expect.stringMatching(/^package\.json:\d+ @inngest\/realtime is an Inngest package/)]);
  });

  it("keeps an exact pin exact, moves a library's peer range too, and leaves a pnpm catalog entry to its catalog, listed", async () => {
    const pinned = await migrate({ "client.ts": client }, JSON.stringify({ dependencies: { inngest: "3.35.0" } }, null, 2));
    expect(pinned.out["package.json"]).toContain(`"inngest": "4.24.0"`);
    const library = await migrate({ "client.ts": client }, JSON.stringify({ name: "utils", peerDependencies: { inngest: "^3.0.0" }, devDependencies: { inngest: "^3.35.0" } }, null, 2));
    expect(JSON.parse(library.out["package.json"]!)).toMatchObject({ peerDependencies: { inngest: "^4.0.0" }, devDependencies: { inngest: "^4.24.0" } });
    expect(library.plan.changes).toEqual(["package.json: inngest ^3.35.0 → ^4.24.0", "package.json: inngest ^3.0.0 → ^4.0.0 (peerDependencies)"]);
    const catalog = await migrate(
      { "client.ts": client, "pnpm-workspace.yaml": "packages: []\ncatalog:\n  inngest: 3.35.1\n", "pnpm-lock.yaml": "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      inngest:\n        specifier: 'catalog:'\n        version: 3.35.1\n" },
      JSON.stringify({ name: "app", dependencies: { inngest: "catalog:" } }, null, 2),
    );
    expect(catalog.out["package.json"]).toBeUndefined();
    expect(catalog.left).toContainEqual(expect.stringMatching(/^package\.json:\d+ inngest "catalog:" in dependencies is set in the pnpm catalog \(pnpm-workspace\.yaml\): move that to \^4\.24\.0/));
  });

  it("changes the dependency, never a script of the same name (`\"inngest\": \"npx inngest-cli dev\"`) or a setting", async () => {
    const manifest = `{
  "name": "dinner",
  "scripts": {
    "inngest": "npx inngest-cli@latest dev",
    "typescript": "tsc --noEmit"
  },
  "dependencies": {
    "@inngest/realtime": "^0.3.0",
    "inngest": "^3.27.5"
  },
  "devDependencies": {
    "typescript": "~5.4.5"
  }
}
`;
    const { out, left } = await migrate({ "client.ts": client }, manifest);
    expect(out["package.json"]).toBe(manifest.replace(`"inngest": "^3.27.5"`, `"inngest": "^4.24.0"`).replace(`"typescript": "~5.4.5"`, `"typescript": "^5.8.0"`));
    expect(left).toEqual([expect.stringMatching(/^package\.json:8 @inngest\/realtime is an Inngest package/)]);
  });

  it("changes test files too, and a file it cannot parse is listed", async () => {
    const { out, left, root } = await migrate({
      "client.ts": client,
      "fn.test.ts": `import { inngest } from "./client";\nconst f = inngest.createFunction({ id: "t" }, { event: "x" }, async () => 1);\n`,
      "broken.ts": `import { inngest } from "./client";\nconst = ;\n`,
    });
    expect(out["fn.test.ts"]).toContain(`{ id: "t", triggers: [{ event: "x" }] }`);
    expect(left).toEqual([expect.stringMatching(/^broken\.ts:1 not parsed/)]);
    expect(readFileSync(path.join(root, "fn.test.ts"), "utf8")).toContain(`{ event: "x" }, async`); // planning writes nothing
  });
});

describe("migrate: packages already on inngest 4", () => {
  it("lists what v3 code is left there and changes nothing; correct v4 code gives no entries", async () => {
    const v4Manifest = JSON.stringify({ name: "app", dependencies: { inngest: "^4.2.0" } }, null, 2) + "\n";
    const leftovers = {
      "client.ts": client,
      "middleware.ts": `import { InngestMiddleware } from "inngest";\nexport const logs = new InngestMiddleware({ name: "logs", init: () => ({}) });\n`,
      "fn.ts": `import { eventType } from "inngest";\nimport { inngest } from "./client";\nconst placed = eventType("app/order.placed");\nexport const f = inngest.createFunction({ id: "f", triggers: [placed] }, async ({ event }) => event.user);\n`,
    };
    const { plan } = await migrate(leftovers, v4Manifest);
    expect(plan.files).toEqual([]);
    expect(plan.packages).toEqual([]);
    expect(plan.stillLeft.map((l) => `${l.file}:${l.line}`)).toEqual(["fn.ts:4", "middleware.ts:1"]);
    const clean = await migrate({ "client.ts": client, "fn.ts": leftovers["fn.ts"].replace("event.user", "event.data") }, v4Manifest);
    expect(clean.plan.stillLeft).toEqual([]);
    expect(clean.plan.files).toEqual([]);
  });
});
