import type * as t from "@babel/types";
import { propertyName, unwrap, type Definition, type Module, type ModuleGraph } from "./module-graph.ts";
import { getProperty, isInngestSource, staticString, type ServeCall } from "./inngest-model.ts";
import { isFunction } from "./scope.ts";

/**
 * Every official way to expose functions to Inngest, read from the exports of inngest 3.x and 4.x
 * and of @inngest/agent-kit: what is imported, and where its `functions` list is.
 *   - `call`: `serve({ client, functions })` of every adapter (and the v2 `serve(client, functions)`);
 *   - `plugin`: `fastify.register(fastifyPlugin, { client, functions })`;
 *   - `connect`: `connect({ apps: [{ client, functions }] })`;
 *   - `agentkit`: AgentKit's `createServer({ agents, networks, functions })`, which serves the
 *     functions given to it besides those it builds for agents and networks.
 */
export type ServeForm = "call" | "plugin" | "connect" | "agentkit";

interface ServeEntry {
  /** An exact module, or `inngest/*` for every adapter. */
  source: string;
  exports: readonly string[];
  form: ServeForm;
}

export const serveEntries: readonly ServeEntry[] = [
  // astro bun cloudflare deno/fresh digitalocean edge express fastify h3 hono koa lambda next nitro node nuxt redwood remix sveltekit
  { source: "inngest/*", exports: ["serve"], form: "call" },
  { source: "inngest/next", exports: ["default"], form: "call" },
  { source: "inngest/node", exports: ["createServer"], form: "call" },
  { source: "inngest/fastify", exports: ["fastifyPlugin", "default"], form: "plugin" },
  { source: "inngest/connect", exports: ["connect"], form: "connect" },
  { source: "@inngest/agent-kit/server", exports: ["createServer"], form: "agentkit" },
  // AgentKit before 0.5 exported createServer from its main entry.
  { source: "@inngest/agent-kit", exports: ["createServer"], form: "agentkit" },
];

/** Names a serve entry goes by; a call by one of them that check cannot follow may serve functions. */
const serveLikeNames = new Set(["serve", "createServer", "connect", "fastifyPlugin"]);

function entryFor(definition: Definition): ServeEntry | undefined {
  if (definition.kind !== "external") return undefined;
  const { source, name } = definition;
  return serveEntries.find((e) => e.exports.includes(name) && (e.source === source || (e.source === "inngest/*" && source.startsWith("inngest/") && source !== "inngest/connect")));
}

/** A package that is not Inngest's own but is named after it (`nestjs-inngest`, `@acme/inngest`): it may serve. */
const namedAfterInngest = (source: string) => /inngest/i.test(source) && !isInngestSource(source) && !source.startsWith("@inngest/");

/**
 * Recognises the calls that serve functions. Also a custom handler: a function of the project
 * that builds `new InngestCommHandler(…)` is a serve of its own, and so is each call of it.
 */
export class ServeRecognizer {
  /** Functions of the project that build an InngestCommHandler, with the `new` inside. */
  private readonly customFactories = new Map<t.Node, { module: Module; node: t.NewExpression }>();
  private readonly factoriesCalled = new Set<t.Node>();

  constructor(private readonly graph: ModuleGraph) {
    for (const module of graph.modules.values()) {
      for (const node of module.analysis.news) {
        const def = graph.define(module, node.callee);
        if (def.kind !== "external" || def.source !== "inngest" || def.name !== "InngestCommHandler") continue;
        let fn: t.Node | undefined = module.analysis.parentOf.get(node);
        while (fn && !isFunction(fn)) fn = module.analysis.parentOf.get(fn);
        this.customFactories.set(fn ?? node, { module, node });
      }
    }
  }

  recognize(module: Module, call: t.CallExpression): ServeCall | undefined {
    const callee = unwrap(call.callee);
    const def = this.graph.define(module, callee);
    const entry = entryFor(def);
    if (entry) return this.describe(module, call, entry.form);

    const args = call.arguments;
    if (propertyName(callee) === "register" && args[0]) {
      if (this.isFastifyPlugin(module, args[0])) return this.describe(module, call, "plugin");
      // Another plugin given `{ client, functions }`: a wrapper check cannot see into.
      const options = objectArgument(this.graph, module, args[1]);
      if (options && getProperty(options, "functions").value && getProperty(options, "client").value) {
        return { module, call, kind: "unknown", functionLists: [], certain: false, reason: "a Fastify plugin check cannot follow is given `{ client, functions }` and may serve them" };
      }
    }

    if (this.customFactories.size > 0 && (def.kind === "binding" || def.kind === "expression")) {
      const value = this.graph.valueOf(def);
      const v = value && unwrap(value.node);
      if (v && this.customFactories.has(v)) {
        this.factoriesCalled.add(v);
        return { ...this.describe(module, call, "call"), kind: "custom" };
      }
    }

    // Something check cannot follow, shaped like a serve: it may be one. Either its options pair a
    // `functions` list with a `client`, or it is a serve-like name imported from where check cannot see.
    const name = callee.type === "Identifier" ? callee.name : propertyName(callee);
    const options = args[0] && objectArgument(this.graph, module, args[0]);
    const opaque = def.kind === "unknown" || (def.kind === "external" && !isInngestSource(def.source) && !def.source.startsWith("@inngest/"));
    const importedName = callee.type === "Identifier" && module.analysis.bindingOf.get(callee)?.kind === "import";
    const servesByName = name !== undefined && serveLikeNames.has(name) && importedName && (def.kind === "unknown" || (def.kind === "external" && namedAfterInngest(def.source)));
    // `{ client, functions }` is how every serve is given its functions (an OpenAI call's `functions` has no `client`).
    const servesByOptions = options !== undefined && getProperty(options, "functions").value !== undefined && (getProperty(options, "client").value !== undefined || (name !== undefined && serveLikeNames.has(name)));
    if (opaque && (servesByName || servesByOptions)) {
      const from = def.kind === "external" ? `from "${def.source}"` : importedName ? "from an import check cannot follow" : "(which check cannot follow)";
      return { module, call, kind: "unknown", functionLists: [], certain: false, reason: `\`${name ?? "a call"}\` ${from} may serve them` };
    }
    if (callee.type === "MemberExpression" || callee.type === "OptionalMemberExpression") {
      const object = this.graph.define(module, callee.object);
      if (object.kind === "external" && namedAfterInngest(object.source)) {
        const objectName = unwrap(callee.object).type === "Identifier" ? (unwrap(callee.object) as t.Identifier).name : object.name;
        return { module, call, kind: "unknown", functionLists: [], certain: false, reason: `\`${objectName}.${name ?? "…"}\` from "${object.source}" may serve them` };
      }
    }
    return undefined;
  }

  /** `fastifyPlugin` or the default export of inngest/fastify, imported or `require`d. */
  private isFastifyPlugin(module: Module, node: t.Node): boolean {
    const n = unwrap(node);
    if (entryFor(this.graph.define(module, n))?.form === "plugin") return true;
    const required = (c: t.Node) => {
      const call = unwrap(c);
      return call.type === "CallExpression" && call.callee.type === "Identifier" && call.callee.name === "require" && staticString(call.arguments[0]) === "inngest/fastify";
    };
    if (required(n)) return true;
    const member = propertyName(n);
    return (member === "default" || member === "fastifyPlugin") && (n.type === "MemberExpression" || n.type === "OptionalMemberExpression") && required(n.object);
  }

  /** Custom handlers whose factory no call of the project uses (exported for another package, say). */
  uncalledCustomHandlers(): ServeCall[] {
    return [...this.customFactories.entries()]
      .filter(([fn]) => !this.factoriesCalled.has(fn))
      .map(([, { module, node }]) => ({ module, call: node, kind: "custom" as const, functionLists: [], certain: true }));
  }

  private describe(module: Module, call: t.CallExpression, form: ServeForm): ServeCall {
    const kind = form === "call" ? "serve" : form;
    const serve: ServeCall = { module, call, kind, functionLists: [], certain: true };
    const args = call.arguments;
    const options = objectArgument(this.graph, module, form === "plugin" ? args[1] : args[0]);
    if (!options) {
      // v2's serve(client, functions), still accepted by some adapters.
      if (form === "call" && args.length >= 2 && args[1]) serve.functionLists.push(args[1]);
      return serve;
    }
    serve.options = options;
    if (form === "connect") {
      const apps = getProperty(options, "apps").value;
      const list = apps && unwrap(apps);
      if (list?.type === "ArrayExpression") {
        for (const app of list.elements) {
          const o = app && unwrap(app);
          const functions = o?.type === "ObjectExpression" ? getProperty(o, "functions").value : undefined;
          if (functions) serve.functionLists.push(functions);
        }
      }
      return serve;
    }
    const functions = getProperty(options, "functions");
    if (functions.value) serve.functionLists.push(functions.value);
    // AgentKit serves only agents and networks when given no `functions`.
    else if (form === "agentkit" && !functions.open) serve.listsKnown = true;
    return serve;
  }
}

/** An object literal given inline or through a const of the same module. */
export function objectArgument(graph: ModuleGraph, module: Module, node: t.Node | undefined): t.ObjectExpression | undefined {
  if (!node || node.type === "SpreadElement" || node.type === "ArgumentPlaceholder") return undefined;
  const n = unwrap(node);
  if (n.type === "ObjectExpression") return n;
  if (n.type !== "Identifier") return undefined;
  const value = graph.valueOf(graph.define(module, n));
  const v = value && value.module === module ? unwrap(value.node) : undefined;
  return v?.type === "ObjectExpression" ? v : undefined;
}
