import { getProperty } from "../inngest-model.ts";
import type { RuleFamily } from "./context.ts";

/** serve() options that v4 reads from the client (or its environment variables) instead. */
const movedServeOptions = ["signingKey", "signingKeyFallback", "baseUrl", "fetch", "logLevel"];
/** Client options v4 removed; tsc still accepts them. */
const removedClientOptions: Record<string, string> = {
  schemas: "`schemas` was removed: define events with eventType().",
  logLevel: "`logLevel` was removed: use `logger: new ConsoleLogger({ level })`.",
};

export const v3Rules: RuleFamily = ({ model, graph, report }) => {
  for (const module of graph.modules.values()) {
    for (const binding of module.analysis.moduleScope.bindings.values()) {
      if (binding.import?.source === "inngest" && binding.import.imported === "EventSchemas") {
        report("v3-event-schemas", module, binding.id, "EventSchemas does not exist in v4.");
      }
    }
    for (const node of module.analysis.news) {
      const def = graph.define(module, node.callee);
      // Through a namespace import (`new ns.EventSchemas()`); named imports are reported above.
      if (def.kind === "external" && def.source === "inngest" && def.name === "EventSchemas" && node.callee.type === "MemberExpression") {
        report("v3-event-schemas", module, node.callee, "EventSchemas does not exist in v4.");
      }
    }
  }

  for (const { module, node } of model.clients) {
    const options = node.arguments[0];
    if (options?.type !== "ObjectExpression") continue;
    for (const [name, message] of Object.entries(removedClientOptions)) {
      const p = getProperty(options, name);
      if (p.key) report("v3-client-options", module, p.key, message);
    }
  }

  for (const serve of model.serves) {
    if (serve.kind !== "serve" || !serve.options) continue;
    for (const name of movedServeOptions) {
      const p = getProperty(serve.options, name);
      if (!p.key) continue;
      // v4's client has no `logLevel` either: the level goes to its logger.
      const message = name === "logLevel" ? "serve() option `logLevel` was removed in v4: set `logger: new ConsoleLogger({ level })` on the client." : `serve() option \`${name}\` belongs on the client in v4 (new Inngest({ ${name} })).`;
      report("v3-serve-options", serve.module, p.key, message);
    }
  }
};
