import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileChange, planFixes, type Fix, type FixPlan } from "../../../src/check/fixes.ts";
import { durationString } from "../../../src/check/rules/steps.ts";
import { formatJson, formatSarif, formatText } from "../../../src/check/report.ts";
import { checkProject } from "../../../src/check/run-check.ts";
import { applyPlan } from "../../../src/write/apply-plan.ts";
import { writeProject } from "../../support/check-project.ts";

/**
 * A small shop on inngest 4: a Next.js route serving the list of src/inngest/functions/index.ts.
 * Each case adds the files it needs; `fixesOf` plans the fixes, `fixOnce` writes them.
 */
const base = {
  "package.json": JSON.stringify({ name: "shop", dependencies: { inngest: "^4.2.0", next: "^16.0.0" } }),
  "src/inngest/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "shop" });\n`,
  "src/app/api/inngest/route.ts": `import { serve } from "inngest/next";
import { inngest } from "../../../inngest/client";
import { functions } from "../../../inngest/functions";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
`,
  "src/inngest/functions/index.ts": `import { packOrder } from "./pack-order";

// Every function the app serves.
export const functions = [
  packOrder,
];
`,
  "src/inngest/functions/pack-order.ts": fnFile("packOrder", `id: "pack-order", retries: 2`, `await step.run("pick-items", () => 1);`),
};

function fnFile(name: string, options: string, body: string, header = `import { inngest } from "../client";\n`): string {
  return `${header}\nexport const ${name} = inngest.createFunction(\n  { ${options}, triggers: [{ event: "shop/order.placed" }] },\n  async ({ event, step }) => {\n    ${body}\n  },\n);\n`;
}

const read = (root: string) => (file: string) => {
  try {
    return readFileSync(path.join(root, file), "utf8");
  } catch {
    return undefined;
  }
};

async function fixesOf(files: Record<string, string>, suggestions: string[] = []): Promise<{ root: string; fixes: FixPlan }> {
  const root = await writeProject({ ...base, ...files }, "fix");
  const result = checkProject(root);
  return { root, fixes: planFixes(root, result.findings, { suggestions: new Set(suggestions) }, read(root)) };
}

async function fixOnce(files: Record<string, string>, suggestions: string[] = []) {
  const { root, fixes } = await fixesOf(files, suggestions);
  await applyPlan(fixes.plan);
  return { root, fixes, text: (file: string) => readFileSync(path.join(root, file), "utf8") };
}

const rulesLeft = (root: string) => checkProject(root).findings.map((f) => f.ruleId);

describe("duration strings for milliseconds", () => {
  it("converts only what the SDK reads as exactly the same wait", () => {
    expect(durationString(60_000)).toBe("1m");
    expect(durationString(90_000)).toBe("90s");
    expect(durationString(86_400_000 * 14)).toBe("2w");
    expect(durationString(86_400_000 * 3)).toBe("3d");
    expect(durationString(5_400_000)).toBe("90m");
    // The SDK drops a number's sub-second part and clamps under 1s; ms reads no "1.5s" the same way: left alone.
    expect(durationString(1500)).toBeUndefined();
    expect(durationString(500)).toBeUndefined();
    expect(durationString(0)).toBeUndefined();
    expect(durationString(-1000)).toBeUndefined();
  });

  it("rewrites numeric sleeps and waitForEvent timeouts written in place, keeps constants and everything else byte-identical", async () => {
    const body = `await step.sleep("cool-down", 60 * 60 * 1000); // an hour
    await step.sleep('short-pause', 30000);
    await step.sleep("odd-pause", 1500);
    const reply = await step.waitForEvent("await-reply", { event: "shop/reply", timeout: 86400000 });
    return reply;`;
    const { root, text, fixes } = await fixOnce({ "src/inngest/functions/pack-order.ts": fnFile("packOrder", `id: "pack-order", retries: 2`, body) });
    expect(fixes.applied.map((a) => a.fix.description)).toEqual([`Write 60 * 60 * 1000 ms as "1h".`, `Write 30000 ms as "30s".`, `Write 86400000 ms as "1d".`]);
    const after = text("src/inngest/functions/pack-order.ts");
    expect(after).toBe(
      fnFile(
        "packOrder",
        `id: "pack-order", retries: 2`,
        `await step.sleep("cool-down", "1h"); // an hour
    await step.sleep('short-pause', '30s');
    await step.sleep("odd-pause", 1500);
    const reply = await step.waitForEvent("await-reply", { event: "shop/reply", timeout: "1d" });
    return reply;`,
      ),
    );
    // 1500 ms has no exact string: still reported, never guessed.
    expect(rulesLeft(root).filter((r) => r === "sleep-duration-number")).toHaveLength(1);
  });
});

/** Registering is a suggestion (a function that never ran starts running): these cases ask for it. */
const registerOnce = (files: Record<string, string>) => fixOnce(files, ["function-not-served"]);
const registerFixes = (files: Record<string, string>) => fixesOf(files, ["function-not-served"]);

describe("registering an unserved function", () => {
  it("is a suggestion, with its risk: `check --fix` alone never starts a function that did not run", async () => {
    const { fixes, root } = await fixesOf({ "src/inngest/functions/ship-order.ts": fnFile("shipOrder", `id: "ship-order", retries: 2`, `await step.run("book-courier", () => 1);`) });
    expect(fixes.applied).toEqual([]);
    expect(fixes.offered.map((o) => [o.fix.kind, o.fix.description, o.fix.risk])).toEqual([
      ["suggestion", `Register "ship-order" in the serve() functions list of src/inngest/functions/index.ts.`, expect.stringContaining("It starts running")],
    ]);
    expect(checkProject(root).findings.find((f) => f.ruleId === "function-not-served")?.severity).toBe("error");
  });

  it("says a function left out on purpose is off, at info level, and offers no fix: its name commented out where the list is, or a comment above it that says so", async () => {
    const { fixes, root } = await registerFixes({
      "src/inngest/functions/index.ts": `import { packOrder } from "./pack-order";
// import { shipOrder } from "./ship-order"; // double-books couriers, off until #42

export const functions = [
  packOrder,
  // refundOrder,
];
`,
      "src/inngest/functions/ship-order.ts": fnFile("shipOrder", `id: "ship-order", retries: 2`, `await step.run("book-courier", () => 1);`),
      "src/inngest/functions/refund-order.ts": fnFile("refundOrder", `id: "refund-order", retries: 2`, `await step.run("refund", () => 1);`),
      "src/inngest/functions/purge.ts": fnFile("purgeCarts", `id: "purge-carts", retries: 0`, `await step.run("purge", () => 1);`).replace("\nexport const purgeCarts", "\n// DISABLED 2026-03-01: purged carts still in checkout\nexport const purgeCarts"),
      // The same words later in a sentence say nothing of the function: it is still registered.
      "src/inngest/functions/remind.ts": fnFile("remindCarts", `id: "remind-carts", retries: 2`, `await step.run("remind", () => 1);`).replace("\nexport const remindCarts", "\n/** Reminds buyers of carts left unused for a day. */\nexport const remindCarts"),
    });
    const notServed = checkProject(root).findings.filter((f) => f.ruleId === "function-not-served");
    expect(notServed.map((f) => [f.file, f.severity, f.message])).toEqual([
      ["src/inngest/functions/purge.ts", "info", `Function "purge-carts" is not in any serve() functions list; it looks switched off on purpose (the comment above it says "DISABLED 2026-03-01: purged carts still in checkout").`],
      ["src/inngest/functions/refund-order.ts", "info", `Function "refund-order" is not in any serve() functions list; it looks switched off on purpose (refundOrder is in a comment at src/inngest/functions/index.ts:6).`],
      ["src/inngest/functions/remind.ts", "error", `Function "remind-carts" is not in any serve() functions list.`],
      ["src/inngest/functions/ship-order.ts", "info", `Function "ship-order" is not in any serve() functions list; it looks switched off on purpose (shipOrder is in a comment at src/inngest/functions/index.ts:2).`],
    ]);
    expect(fixes.applied.map((a) => a.fix.description)).toEqual([`Register "remind-carts" in the serve() functions list of src/inngest/functions/index.ts.`]);
  });

  it("imports it and appends it to the served list, in the list file's style", async () => {
    const { root, text } = await registerOnce({ "src/inngest/functions/ship-order.ts": fnFile("shipOrder", `id: "ship-order", retries: 2`, `await step.run("book-courier", () => 1);`) });
    expect(text("src/inngest/functions/index.ts")).toBe(`import { packOrder } from "./pack-order";
import { shipOrder } from "./ship-order";

// Every function the app serves.
export const functions = [
  packOrder,
  shipOrder,
];
`);
    expect(rulesLeft(root)).not.toContain("function-not-served");
  });

  it("writes single quotes, no semicolons and .js extensions when the list file does, and exports a function that was not", async () => {
    const { root, text } = await registerOnce({
      "src/inngest/functions/index.ts": `import { packOrder } from './pack-order.js'\n\nexport const functions = [packOrder]\n`,
      "src/inngest/functions/ship-order.ts": fnFile("shipOrder", `id: "ship-order", retries: 2`, `await step.run("book-courier", () => 1);`).replace("export const shipOrder", "const shipOrder"),
      "src/inngest/functions/refund-order.ts": `import { inngest } from "../client";\n\nexport default inngest.createFunction({ id: "refund-order", retries: 1, triggers: [{ event: "shop/order.refunded" }] }, async () => "ok");\n`,
    });
    expect(text("src/inngest/functions/index.ts")).toBe(
      `import { packOrder } from './pack-order.js'\nimport refundOrder from './refund-order.js'\nimport { shipOrder } from './ship-order.js'\n\nexport const functions = [packOrder, refundOrder, shipOrder]\n`,
    );
    expect(text("src/inngest/functions/ship-order.ts")).toContain(`\nexport const shipOrder = inngest.createFunction(`);
    expect(rulesLeft(root)).not.toContain("function-not-served");
  });

  it("imports through the folder alias the list file uses (@/ for src/)", async () => {
    const { text } = await registerOnce({
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["./src/*"] } } }),
      "src/app/api/inngest/route.ts": `import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { packOrder } from "@/inngest/functions/pack-order";

export const { GET, POST, PUT } = serve({ client: inngest, functions: [packOrder] });
`,
      "src/inngest/functions/index.ts": `export {};\n`,
      "src/inngest/jobs/ship-order.ts": fnFile("shipOrder", `id: "ship-order", retries: 2`, `await step.run("book-courier", () => 1);`, `import { inngest } from "../client";\n`),
    });
    expect(text("src/app/api/inngest/route.ts")).toContain(`import { packOrder } from "@/inngest/functions/pack-order";\nimport { shipOrder } from "@/inngest/jobs/ship-order";\n`);
    expect(text("src/app/api/inngest/route.ts")).toContain("functions: [packOrder, shipOrder]");
  });

  it("never registers a function of another client (another app) in this app's list", async () => {
    const { fixes, root } = await registerFixes({
      "src/inngest/other-client.ts": `import { Inngest } from "inngest";\nexport const billing = new Inngest({ id: "billing" });\n`,
      "src/inngest/functions/ship-order.ts": fnFile("shipOrder", `id: "ship-order", retries: 2`, `await step.run("book-courier", () => 1);`, `import { billing as inngest } from "../other-client";\n`),
    });
    expect(checkProject(root).findings.map((f) => f.ruleId)).toContain("function-not-served");
    expect(fixes.applied).toEqual([]);
  });

  it("requires it in a CommonJS list file (an import line would break the module), and never adds `export` to a CommonJS module", async () => {
    // An Express server on inngest 3, all CommonJS: the list file requires with single quotes, no semicolons.
    const root = await writeProject(
      {
        "package.json": JSON.stringify({ name: "kiosk", dependencies: { inngest: "^3.40.0", express: "^4.19.0" } }),
        "lib/client.js": `const { Inngest } = require("inngest");\nconst inngest = new Inngest({ id: "kiosk" });\nmodule.exports = { inngest };\n`,
        "lib/orders.js": `const { inngest } = require("./client");

const printReceipt = inngest.createFunction({ id: "print-receipt", retries: 1 }, { event: "kiosk/order.paid" }, async () => "printed");
const refillPaper = inngest.createFunction({ id: "refill-paper", retries: 1 }, { event: "kiosk/paper.low" }, async () => "ordered");
const closeTill = inngest.createFunction({ id: "close-till", retries: 1 }, { event: "kiosk/day.ended" }, async () => "closed");

module.exports = { printReceipt, refillPaper };
`,
        "lib/stock.js": `const { inngest } = require("./client");\n\nmodule.exports = inngest.createFunction({ id: "count-stock", retries: 1 }, { event: "kiosk/day.ended" }, async () => 0);\n`,
        "lib/drawer.js": `const { inngest } = require("./client");\n\nmodule.exports = inngest.createFunction({ id: "open-drawer", retries: 1 }, { event: "kiosk/order.paid" }, async () => "open");\n`,
        "server.js": `'use strict'
const express = require('express')
const { serve } = require('inngest/express')
const { inngest } = require('./lib/client')
const { printReceipt } = require('./lib/orders')
const { countStock } = { countStock: 1 }

const app = express()
app.use(express.json())
app.use('/api/inngest', serve({ client: inngest, functions: [printReceipt] }))
app.listen(3000)
`,
      },
      "fix-cjs",
    );
    const { plan } = planFixes(root, checkProject(root).findings, { suggestions: new Set(["function-not-served"]) }, read(root));
    await applyPlan(plan);
    const server = readFileSync(path.join(root, "server.js"), "utf8");
    // Joined to the require of the same module; a new one after the last require.
    expect(server).toContain(`const { printReceipt, refillPaper } = require('./lib/orders')\nconst openDrawer = require('./lib/drawer')\nconst { countStock } = { countStock: 1 }\n`);
    expect(server).toContain("functions: [printReceipt, openDrawer, refillPaper]");
    expect(server).not.toMatch(/^import /m);
    // closeTill is not exported, and CommonJS has no \`export\`; countStock, the only name for
    // count-stock, is bound by a destructuring: both left for the user.
    expect(readFileSync(path.join(root, "lib/orders.js"), "utf8")).not.toMatch(/^export /m);
    expect(checkProject(root).findings.filter((f) => f.ruleId === "function-not-served").map((f) => f.message)).toEqual([
      `Function "close-till" is not in any serve() functions list.`,
      `Function "count-stock" is not in any serve() functions list.`,
    ]);
  });

  it("never imports into the list a module that loads the list's own module (the client beside the list): the cycle would fail at start-up", async () => {
    // server/jobs.ts holds the list and hands out the client; one function file imports the client
    // from it directly, another through a helper. A third takes the client from its own file and
    // only a type from jobs.ts: it is registered.
    const root = await writeProject(
      {
        "package.json": JSON.stringify({ name: "tickets", type: "module", dependencies: { inngest: "^3.40.0", express: "^5.1.0" } }),
        "server/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "tickets" });\n`,
        "server/jobs.ts": `import { inngest } from "./client";\n\nexport { inngest };\nexport type Seat = { row: string };\n\nconst holdSeat = inngest.createFunction({ id: "hold-seat", retries: 1 }, { event: "seat/picked" }, async () => "held");\n\nexport const functions = [holdSeat];\n`,
        "server/jobs/release-seat.ts": `import { inngest } from "../jobs";\n\nexport const releaseSeat = inngest.createFunction({ id: "release-seat", retries: 1 }, { event: "seat/released" }, async () => "free");\n`,
        "server/jobs/helpers.ts": `export { inngest } from "../jobs";\n`,
        "server/jobs/refund-seat.ts": `import { inngest } from "./helpers";\n\nexport const refundSeat = inngest.createFunction({ id: "refund-seat", retries: 1 }, { event: "seat/refunded" }, async () => "refunded");\n`,
        "server/jobs/print-seat.ts": `import type { Seat } from "../jobs";\nimport { inngest } from "../client";\n\nexport const printSeat = inngest.createFunction({ id: "print-seat", retries: 1 }, { event: "seat/sold" }, async () => ({ row: "A" }) satisfies Seat);\n`,
        "server/app.ts": `import express from "express";\nimport { serve } from "inngest/express";\nimport { inngest, functions } from "./jobs";\n\nconst app = express();\napp.use("/api/inngest", serve({ client: inngest, functions }));\napp.listen(3000);\n`,
      },
      "fix-cycle",
    );
    const { plan, applied } = planFixes(root, checkProject(root).findings, { suggestions: new Set(["function-not-served"]) }, read(root));
    expect(applied.map((a) => a.fix.description)).toEqual([`Register "print-seat" in the serve() functions list of server/jobs.ts.`]);
    await applyPlan(plan);
    expect(readFileSync(path.join(root, "server/jobs.ts"), "utf8")).toContain(`import { printSeat } from "./jobs/print-seat";`);
    const messages = checkProject(root).findings.filter((f) => f.ruleId === "function-not-served").map((f) => `${f.file}: ${f.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^server\/jobs\/refund-seat\.ts: Function "refund-seat" is not in any serve\(\) functions list\. Its module loads server\/jobs\.ts, which holds the list: importing it there makes an import cycle that fails at start-up\. Move what it takes from server\/jobs\.ts \(the client\) into a file of its own, then list it\.$/),
      expect.stringMatching(/^server\/jobs\/release-seat\.ts: .*Its module loads server\/jobs\.ts/),
    ]);
  });

  it("offers nothing when the served list is not one array check can edit", async () => {
    const { fixes } = await registerFixes({
      "src/app/api/inngest/route.ts": base["src/app/api/inngest/route.ts"].replace("{ client: inngest, functions }", "{ client: inngest, functions: functions.concat([]) }"),
      "src/inngest/functions/ship-order.ts": fnFile("shipOrder", `id: "ship-order", retries: 2`, `await step.run("book-courier", () => 1);`),
    });
    expect(fixes.applied).toEqual([]);
  });
});

describe("a missing function id", () => {
  it("is derived from the name, else the variable, unique in the project", async () => {
    const { root, text } = await fixOnce({
      "src/inngest/functions/index.ts": `import { packOrder } from "./pack-order";\nimport { shipOrder, notifyBuyer } from "./more";\n\nexport const functions = [packOrder, shipOrder, notifyBuyer];\n`,
      "src/inngest/functions/more.ts": `import { inngest } from "../client";

export const shipOrder = inngest.createFunction(
  {
    name: "Pack Order",
    retries: 1,
    triggers: [{ event: "shop/order.packed" }],
  },
  async () => "shipped",
);

export const notifyBuyer = inngest.createFunction({ retries: 1, triggers: [{ event: "shop/order.shipped" }] }, async () => "sent");
`,
    });
    // "pack-order" is taken by another function of the app: the next free one.
    expect(text("src/inngest/functions/more.ts")).toBe(`import { inngest } from "../client";

export const shipOrder = inngest.createFunction(
  {
    id: "pack-order-2",
    name: "Pack Order",
    retries: 1,
    triggers: [{ event: "shop/order.packed" }],
  },
  async () => "shipped",
);

export const notifyBuyer = inngest.createFunction({ id: "notify-buyer", retries: 1, triggers: [{ event: "shop/order.shipped" }] }, async () => "sent");
`);
    expect(rulesLeft(root)).not.toContain("function-missing-id");
  });
});

describe("suggestions", () => {
  const withEverything = {
    "src/inngest/functions/pack-order.ts": `import Stripe from "stripe";
import { inngest } from "../client";

const stripe = new Stripe("key");

export const packOrder = inngest.createFunction(
  { id: "pack-order", triggers: [{ event: "shop/order.placed" }] },
  async ({ event, step }) => {
    await step.run("charge", () => stripe.charges.create({ amount: event.data.amount, customer: event.data.customerId }));
    await step.run("Notify Buyer", () => fetch("https://example.com"));
    const ok = await step.waitForEvent("await-approval", { event: "shop/approved" });
    return ok;
  },
);
`,
  };

  it("are shown with their risk and not applied unless their rule is named", async () => {
    const { fixes } = await fixesOf(withEverything);
    expect(fixes.applied).toEqual([]);
    expect(fixes.offered.map((o) => [o.findings[0]!.ruleId, o.fix.description])).toEqual([
      ["payment-without-idempotency", "Key the function's runs on event.data.customerId."],
      ["no-concurrency-limit", "Limit the function to 10 runs at once."],
      ["no-retry-policy", "Set `retries: 4`, Inngest's default, so the policy is written down."],
      ["step-id-style", 'Rename step "Notify Buyer" to "notify-buyer".'],
      ["wait-without-timeout", "Give the wait a timeout of 7d."],
    ]);
    for (const { fix } of fixes.offered) expect(fix.risk).toMatch(/\w/);
  });

  it("are counted in the report's last line", async () => {
    const { root } = await fixesOf(withEverything);
    expect(formatText(checkProject(root), {})).toContain("5 suggested fixes to review (`check --fix --dry-run` shows the diffs).");
  });

  it("each rule named applies its own, and only those", async () => {
    const { root, text } = await fixOnce(withEverything, ["wait-without-timeout", "no-retry-policy", "step-id-style", "no-concurrency-limit", "payment-without-idempotency"]);
    expect(text("src/inngest/functions/pack-order.ts")).toBe(
      withEverything["src/inngest/functions/pack-order.ts"]
        .replace(`{ id: "pack-order",`, `{ idempotency: "event.data.customerId", concurrency: { limit: 10 }, retries: 4, id: "pack-order",`)
        .replace(`"Notify Buyer"`, `"notify-buyer"`)
        .replace(`{ event: "shop/approved" }`, `{ timeout: "7d", event: "shop/approved" }`),
    );
    const left = rulesLeft(root);
    for (const rule of ["wait-without-timeout", "no-retry-policy", "step-id-style", "no-concurrency-limit", "payment-without-idempotency"]) expect(left).not.toContain(rule);

    const { text: onlyOne } = await fixOnce(withEverything, ["wait-without-timeout"]);
    expect(onlyOne("src/inngest/functions/pack-order.ts")).toBe(withEverything["src/inngest/functions/pack-order.ts"].replace(`{ event: "shop/approved" }`, `{ timeout: "7d", event: "shop/approved" }`));
  });
});

describe("an options object shared by several functions", () => {
  it("gets no id (one id cannot name two functions) and each missing property once", async () => {
    const { root, fixes, text } = await fixOnce(
      {
        "src/inngest/functions/index.ts": `import { packOrder } from "./pack-order";\nimport { sweepCarts, sweepWishlists } from "./sweeps";\n\nexport const functions = [packOrder, sweepCarts, sweepWishlists];\n`,
        "src/inngest/functions/sweeps.ts": `import { inngest } from "../client";

const sweepOptions = { name: "Nightly Sweep", triggers: [{ event: "shop/night.fell" }] };

export const sweepCarts = inngest.createFunction(sweepOptions, async ({ step }) => step.run("sweep-carts", () => fetch("https://example.com/carts")));
export const sweepWishlists = inngest.createFunction(sweepOptions, async ({ step }) => step.run("sweep-wishlists", () => fetch("https://example.com/wishlists")));
`,
      },
      ["no-retry-policy", "no-concurrency-limit"],
    );
    expect(text("src/inngest/functions/sweeps.ts")).toContain(`const sweepOptions = { concurrency: { limit: 10 }, retries: 4 as const, name: "Nightly Sweep",`);
    // One fix per property, both functions' findings resolved by it.
    expect(fixes.applied.map((a) => [a.fix.description, a.findings.length])).toEqual([
      ["Limit the function to 10 runs at once.", 2],
      ["Set `retries: 4`, Inngest's default, so the policy is written down.", 2],
    ]);
    expect(rulesLeft(root).filter((r) => r === "function-missing-id")).toHaveLength(2);
  });
});

describe("suggestions that must still type-check", () => {
  it("writes `retries: 4 as const` in a TypeScript options object declared apart from the call or behind `satisfies` (a bare 4 may widen to number)", async () => {
    const shared = `import { inngest } from "../client";

const restockOptions = { id: "restock", triggers: [{ event: "shop/stock.low" }] };

export const restock = inngest.createFunction(restockOptions, async () => "ordered");
`;
    const { text } = await fixOnce(
      {
        "src/inngest/functions/index.ts": `import { packOrder } from "./pack-order";\nimport { restock } from "./restock";\nimport { restockJs } from "./restock-js.js";\nimport { recount } from "./recount";\n\nexport const functions = [packOrder, restock, restockJs, recount];\n`,
        "src/inngest/functions/recount.ts": `import { inngest } from "../client";\n\nexport const recount = inngest.createFunction({ id: "recount", triggers: [{ event: "shop/stock.low" }] } satisfies { id: string; triggers: unknown[] }, async () => 0);\n`,
        "src/inngest/functions/restock.ts": shared,
        "src/inngest/functions/restock-js.js": shared.replace(/restock/g, "restockJs").replace(`"restockJs"`, `"restock-js"`),
        "src/inngest/functions/pack-order.ts": fnFile("packOrder", `id: "pack-order"`, `await step.run("pick-items", () => 1);`),
      },
      ["no-retry-policy"],
    );
    expect(text("src/inngest/functions/restock.ts")).toContain(`const restockOptions = { retries: 4 as const, id: "restock",`);
    // JavaScript has no `as const`, and nothing to type-check; inline options keep their literal type.
    expect(text("src/inngest/functions/restock-js.js")).toContain(`const restockJsOptions = { retries: 4, id: "restock-js",`);
    expect(text("src/inngest/functions/pack-order.ts")).toContain(`{ retries: 4, id: "pack-order",`);
    // Behind \`satisfies\`, the type asked for decides, which may be wider.
    expect(text("src/inngest/functions/recount.ts")).toContain(`createFunction({ retries: 4 as const, id: "recount",`);
  });
});

describe("the guarantees of add", () => {
  const broken = {
    "src/inngest/functions/ship-order.ts": fnFile("shipOrder", `retries: 2`, `await step.sleep("rest", 120000);`),
  };

  it("a second run changes nothing", async () => {
    const { root } = await fixOnce(broken);
    const again = planFixes(root, checkProject(root).findings, { suggestions: new Set() }, read(root));
    expect(again.plan.files).toEqual([]);
    expect(again.applied).toEqual([]);
  });

  it("a file changed between plan and write is never overwritten, and nothing else is written", async () => {
    const { root, fixes } = await fixesOf(broken, ["function-not-served"]);
    expect(fixes.plan.files.map((f) => f.path)).toEqual(["src/inngest/functions/index.ts", "src/inngest/functions/ship-order.ts"]);
    const index = path.join(root, "src/inngest/functions/index.ts");
    const fn = path.join(root, "src/inngest/functions/ship-order.ts");
    const before = readFileSync(index, "utf8");
    writeFileSync(fn, `${readFileSync(fn, "utf8")}// saved by an editor\n`);
    const fnNow = readFileSync(fn, "utf8");
    await expect(applyPlan(fixes.plan)).rejects.toThrow(/changed while the plan was being applied/);
    expect(readFileSync(index, "utf8")).toBe(before);
    expect(readFileSync(fn, "utf8")).toBe(fnNow);
  });
});

describe("fixes in JSON and SARIF", () => {
  it("travel as SARIF fixes whose replacements, applied by offset, give the fixed file", async () => {
    const { root } = await fixesOf({ "src/inngest/functions/pack-order.ts": fnFile("packOrder", `id: "pack-order", retries: 2`, `await step.sleep("rest", 120000);`) });
    const result = checkProject(root);
    const sarif = JSON.parse(formatSarif(result, { rules: new Map() }, "0.0.0"));
    const withFix = sarif.runs[0].results.filter((r: { fixes?: unknown }) => r.fixes);
    expect(withFix.map((r: { ruleId: string }) => r.ruleId)).toEqual(["sleep-duration-number"]);
    const [fix] = withFix[0].fixes;
    expect(fix).toEqual({
      description: { text: `Write 120000 ms as "2m".` },
      artifactChanges: [
        {
          artifactLocation: { uri: "src/inngest/functions/pack-order.ts", uriBaseId: "%SRCROOT%" },
          replacements: [{ deletedRegion: { startLine: 6, startColumn: 30, endLine: 6, endColumn: 36, charOffset: expect.any(Number), charLength: 6 }, insertedContent: { text: `"2m"` } }],
        },
      ],
      properties: { kind: "safe" },
    });
    const original = readFileSync(path.join(root, "src/inngest/functions/pack-order.ts"), "utf8");
    const { charOffset, charLength } = fix.artifactChanges[0].replacements[0].deletedRegion;
    expect(original.slice(charOffset, charOffset + charLength)).toBe("120000");
    expect(original.split("\n")[5]!.slice(29, 35)).toBe("120000");

    const json = JSON.parse(formatJson(result));
    const finding = json.findings.find((f: { ruleId: string }) => f.ruleId === "sleep-duration-number");
    expect(finding.fixes).toEqual([fix]);
    expect(finding.fix).toBeUndefined();
  });
});

describe("planFixes", () => {
  const text = `export const a = 1;\n`;
  const target = (ruleId: string, fix: Fix) => ({ ruleId, file: "a.ts", line: 1, column: 1, fix });
  const replace = (at: number, remove: number, insert: string): Fix => ({ kind: "safe", description: `replace ${at}`, changes: [fileChange("a.ts", text, [{ at, remove, insert }])] });

  it("leaves a fix whose edits cross an earlier one's for the next run, and says why", () => {
    const first = replace(17, 1, "2");
    const second = replace(16, 3, " 3;");
    const planned = planFixes("/nowhere", [target("x", first), target("y", second)], { suggestions: new Set() }, () => text);
    expect(planned.applied.map((a) => a.fix)).toEqual([first]);
    expect(planned.deferred.map((d) => [d.fix, d.reason])).toEqual([[second, "it changes the same code of a.ts as another fix: run check --fix again"]]);
    expect(planned.plan.files).toEqual([{ path: "a.ts", action: "update", previous: text, content: "export const a = 2;\n" }]);
  });

  it("refuses to plan code that would no longer parse", () => {
    expect(() => planFixes("/nowhere", [target("x", replace(15, 1, "=="))], { suggestions: new Set() }, () => text)).toThrow(/would leave it unparseable/);
  });
});
