import { describe, expect, it } from "vitest";
import type { Expression, ExpressionStatement } from "@babel/types";
import { parseSource } from "../../src/code/parse.ts";
import { unwrapExpression } from "../../src/code/unwrap.ts";

const expression = (code: string) => (parseSource("x.ts", `${code};`).ast.program.body[0] as ExpressionStatement).expression as Expression;

describe("unwrapExpression: the value inside wrappers that change nothing at run time", () => {
  it.each([
    ["(list)", "Identifier"],
    ["list as const", "Identifier"],
    ["list satisfies unknown[]", "Identifier"],
    ["list!", "Identifier"],
    ["((list as unknown) as Fn[])!", "Identifier"],
    ["[a, b] as const", "ArrayExpression"],
  ])("%s → %s", (code, type) => {
    expect(unwrapExpression(expression(code)).type).toBe(type);
  });

  it("goes inside `await` only when asked (a module's top-level `await flatRoutes()`)", () => {
    const awaited = expression("await (flatRoutes() satisfies Routes)");
    expect(unwrapExpression(awaited).type).toBe("AwaitExpression");
    expect(unwrapExpression(awaited, { awaits: true }).type).toBe("CallExpression");
  });
});
