import { TEMPLATE_SUFFIX, type Templates } from "./templates.ts";

/** Dotfiles stored under another name: npm leaves `.gitignore`, `.npmrc` and `.env` out of published packages. */
const renamedOnOutput: Record<string, string> = { _gitignore: ".gitignore", _npmrc: ".npmrc", _dockerignore: ".dockerignore", _env: ".env" };

export interface RenderedFile {
  path: string;
  content: string;
}

/** Places rendered templates in the project: which files a layer holds, and where they go. */
export function createRenderer(templates: Templates) {
  const keys = [...templates.keys].sort();

  /**
   * Renders every file below `layer`, placed below `into` in the project, leaving out sub-folders
   * listed in `except` (rendered elsewhere).
   */
  function renderLayer(layer: string, into: string, context: object, except: readonly string[] = []): RenderedFile[] {
    const prefix = `${layer}/`;
    const excluded = except.map((folder) => `${prefix}${folder}/`);
    return keys
      .filter((key) => key.startsWith(prefix) && !excluded.some((folder) => key.startsWith(folder)))
      .map((key) => ({ path: outputPath(into, key.slice(prefix.length)), content: templates.render(key, context) }));
  }

  return { renderLayer, renderSource: templates.render };
}

function outputPath(into: string, relative: string): string {
  const segments = relative.split("/");
  const last = segments.pop()!;
  const stripped = last.endsWith(TEMPLATE_SUFFIX) ? last.slice(0, -TEMPLATE_SUFFIX.length) : last;
  const name = renamedOnOutput[stripped] ?? stripped;
  return [into, ...segments, name].filter(Boolean).join("/");
}
