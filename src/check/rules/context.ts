import type * as t from "@babel/types";
import type { Fix } from "../fixes.ts";
import type { Severity } from "../rules.ts";
import type { InngestModel } from "../inngest-model.ts";
import type { Module, ModuleGraph } from "../module-graph.ts";

export interface RuleContext {
  model: InngestModel;
  graph: ModuleGraph;
  /**
   * Reports a finding of `ruleId` at `node` (its start) in `module`; `severity`, when the rule
   * knows this case is milder than its default (a setting in the config still wins).
   */
  report(ruleId: string, module: Module, node: t.Node, message: string, fix?: Fix, severity?: Severity): void;
  /** Set when the checked folder is one package of a larger workspace: why another package may serve its functions. */
  servedElsewhere?: string;
}

/** A family of rules: each checks the model and reports through the context. */
export type RuleFamily = (context: RuleContext) => void;
