import { describe, expect, it } from "vitest";
import { patternIds, type PatternId } from "../../src/catalogue/patterns.ts";
import { packageManagers } from "../../src/install/package-manager.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { compileTemplates } from "../../src/render/compile-templates.ts";
import { loadTemplateStore } from "../../src/render/template-store.ts";
import { TEMPLATE_SUFFIX, type Templates } from "../../src/render/templates.ts";
import { referenceTemplates } from "../support/handlebars-reference.ts";
import { fixedEngineKeys, optionsFor, supportedPairs } from "../support/options.ts";

// Every template, partials included, rendered by our compiler and by real Handlebars in every
// context the catalogue gives the templates: the same text, or both throw (a template rendered in
// a context it is not meant for may lack a property; strict mode must then fail in both).

const store = loadTemplateStore();
const ours = compileTemplates(store);
const reference = referenceTemplates(store);
const templateKeys = [...store.keys()].filter((key) => key.endsWith(TEMPLATE_SUFFIX));

/** The contexts planCreate renders with, for one set of options. */
function contextsOf(...args: Parameters<typeof optionsFor>): object[] {
  const seen = new Set<object>();
  const recording: Templates = {
    keys: ours.keys,
    render(key, context) {
      seen.add(context);
      return ours.render(key, context);
    },
  };
  planCreate(optionsFor(...args), "/work/my-app", recording, undefined, fixedEngineKeys);
  return [...seen];
}

/** What `add` changes in a context: names from the user's own app file, a project without a source folder. */
function addVariants(context: object): object[] {
  const mount = { app: "server", express: "exp", serve: "serveInngest", client: "inngestClient", functions: "inngestFunctions" };
  return [context, { ...context, mount }, { ...context, srcDir: "" }];
}

function outcome(templates: Templates, key: string, context: object): { text?: string; threw?: true } {
  try {
    return { text: templates.render(key, context) };
  } catch {
    return { threw: true };
  }
}

describe("compiled templates print exactly what Handlebars prints", () => {
  const patternSets: PatternId[][] = [[...patternIds], ...patternIds.map((id) => [id])];

  it.each(supportedPairs)("$framework on $target, every pattern set and package manager", ({ framework, target }) => {
    const contexts = [
      ...packageManagers.flatMap((packageManager) => contextsOf(framework, { target, packageManager, patterns: [...patternIds] })),
      ...patternSets.slice(1).flatMap((patterns) => contextsOf(framework, { target, patterns })),
    ].flatMap(addVariants);
    let rendered = 0;
    const differences: string[] = [];
    for (const context of contexts) {
      for (const key of templateKeys) {
        const theirs = outcome(reference, key, context);
        const mine = outcome(ours, key, context);
        if (theirs.text !== undefined) rendered++;
        if (mine.text !== theirs.text || mine.threw !== theirs.threw) differences.push(`${key}: ${JSON.stringify(mine)} ≠ ${JSON.stringify(theirs)}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // Most templates render in most contexts: the comparison is not between two errors.
    expect(rendered).toBeGreaterThan(contexts.length * templateKeys.length * 0.5);
  });
});
