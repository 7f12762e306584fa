import type { Expression, Node } from "@babel/types";

/**
 * The expression inside parentheses and type-only wrappers (`x as T`, `x satisfies T`, `x!`,
 * `<T>x`), which change nothing at run time; with `awaits`, inside `await` too (a value a module
 * awaits at its top level, such as `export default await flatRoutes()`).
 */
export function unwrapExpression(node: Expression, options?: { awaits?: boolean }): Expression;
export function unwrapExpression(node: Node, options?: { awaits?: boolean }): Node;
export function unwrapExpression(node: Node, { awaits = false } = {}): Node {
  let current = node;
  for (;;) {
    if (
      current.type === "TSAsExpression" ||
      current.type === "TSSatisfiesExpression" ||
      current.type === "TSNonNullExpression" ||
      current.type === "TSTypeAssertion" ||
      current.type === "ParenthesizedExpression"
    ) {
      current = current.expression;
    } else if (awaits && current.type === "AwaitExpression") {
      current = current.argument;
    } else {
      return current;
    }
  }
}
