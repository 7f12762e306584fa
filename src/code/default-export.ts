import { unwrapExpression } from "./unwrap.ts";
import type { Expression, Node, Program } from "@babel/types";

/** A module's default export, through `satisfies`/`as` and one top-level `const`. */
export function defaultExportedValue(program: Program): Expression | undefined {
  const exported = program.body.find((statement) => statement.type === "ExportDefaultDeclaration");
  if (exported?.type !== "ExportDefaultDeclaration" || !isExpression(exported.declaration)) return undefined;
  let value = unwrap(exported.declaration);
  if (value.type === "Identifier") {
    const name = value.name;
    const declarator = program.body
      .flatMap((statement) => (statement.type === "VariableDeclaration" ? statement.declarations : statement.type === "ExportNamedDeclaration" && statement.declaration?.type === "VariableDeclaration" ? statement.declaration.declarations : []))
      .find((d) => d.id.type === "Identifier" && d.id.name === name);
    if (!declarator?.init) return undefined;
    value = unwrap(declarator.init);
  }
  return value;
}

/** Through `satisfies`, `as`, parentheses and `await`. */
export function unwrap(node: Expression): Expression {
  return unwrapExpression(node, { awaits: true });
}

function isExpression(node: Node): node is Expression {
  return node.type !== "FunctionDeclaration" && node.type !== "ClassDeclaration" && node.type !== "TSDeclareFunction" && node.type !== "TSInterfaceDeclaration" && node.type !== "TSEnumDeclaration" && node.type !== "TSModuleDeclaration" && node.type !== "TSTypeAliasDeclaration";
}
