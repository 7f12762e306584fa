import pc from "picocolors";
import { frameworks, type FrameworkId } from "../catalogue/frameworks.ts";
import { defaultPatterns, patterns } from "../catalogue/patterns.ts";
import { defaultTargetReasons, defaultTargets, frameworkOn, olderMajorsOn, targets, targetsFor, versionCapsOn, type TargetId } from "../catalogue/targets.ts";
import { stdout } from "../ui/output.ts";
import { terminalWidth, wrapText } from "../ui/width.ts";

/** The catalogue as one document: what `list --json` prints, and what the text view shows. */
export function describeCatalogue() {
  return {
    frameworks: Object.values(frameworks).map((f) => ({
      id: f.id,
      label: f.label,
      hint: f.hint,
      aliases: [...f.aliases],
      minNode: f.minNode,
      targets: targetsFor(f.id).map((t) => t.id),
      defaultTarget: defaultTargets[f.id],
      // Why the default differs per framework.
      defaultTargetReason: defaultTargetReasons[f.id],
    })),
    targets: Object.values(targets).map((t) => ({
      id: t.id,
      label: t.label,
      hint: t.hint,
      frameworks: [...t.supports],
      // Why the other frameworks are refused, so a tool can say it without trying.
      refused: { ...t.refusals },
      // The frameworks this target deploys as their previous major (its adapter lags behind), and why.
      previousMajors: olderMajorsOn(t.id),
      // Framework packages held at the newest version proven with the target's adapter.
      versionCaps: versionCapsOn(t.id),
    })),
    patterns: Object.values(patterns).map((p) => ({
      id: p.id,
      label: p.label,
      hint: p.hint,
      startsOn: p.startsOn,
      functionCount: p.functionCount,
      env: p.env.map((v) => v.key),
      default: defaultPatterns.includes(p.id),
    })),
  };
}

export function listCommand(flags: { json?: boolean }): void {
  const catalogue = describeCatalogue();
  if (flags.json) {
    stdout.write(`${JSON.stringify(catalogue, null, 2)}\n`);
    return;
  }
  const width = 20;
  // Each entry: its id in a column, then its text wrapped beside it within the terminal's width.
  const textWidth = Math.max(terminalWidth() - width - 2, 30);
  const column = (text: string, style: (s: string) => string = (s) => s) =>
    wrapText(text, textWidth).split("\n").map(style).join(`\n  ${"".padEnd(width)}`);
  // "vercel (as SvelteKit 2)": the pair generates the framework's previous major;
  // "cloudflare-workers (next <= 16.4.6)": its adapter is known to break on a newer release.
  const pair = (shown: string, frameworkId: FrameworkId, targetId: TargetId) => {
    const deployed = frameworkOn(frameworkId, targetId);
    const notes = [
      ...(deployed.olderMajor ? [`as ${deployed.olderMajor.major}`] : []),
      ...deployed.versionCaps.filter((cap) => cap.breaks).map((cap) => `${cap.package} <= ${cap.newest}`),
    ];
    return notes.length ? `${shown} (${notes.join(", ")})` : shown;
  };
  const section = (title: string, rows: string[]) => `${pc.bold(title)}\n${rows.join("\n")}\n`;
  const out = [
    section(
      "Frameworks (--framework)",
      catalogue.frameworks.map(
        (f) =>
          `  ${pc.cyan(f.id.padEnd(width))}${column(`${f.label}: ${f.hint}`)}` +
          `\n  ${"".padEnd(width)}${column(`Node ${f.minNode}+ · targets: ${f.targets.map((t) => pair(t, f.id, t)).join(", ") || "none yet"}${f.aliases.length ? ` · also: ${f.aliases.join(", ")}` : ""}`, pc.dim)}`,
      ),
    ),
    section(
      "Targets (--target)",
      catalogue.targets.map(
        (t) =>
          `  ${pc.cyan(t.id.padEnd(width))}${column(`${t.label}: ${t.hint}`)}\n  ${"".padEnd(width)}${column(`frameworks: ${t.frameworks.map((f) => pair(f, f, t.id)).join(", ") || "none yet"}`, pc.dim)}`,
      ),
    ),
    section(
      "Patterns (--patterns, comma-separated)",
      catalogue.patterns.map(
        (p) =>
          `  ${pc.cyan(p.id.padEnd(width))}${column(`${p.hint}${p.default ? pc.green(" (default)") : ""}`)}` +
          `\n  ${"".padEnd(width)}${column(`starts on ${p.startsOn} · ${p.functionCount} function${p.functionCount === 1 ? "" : "s"}${p.env.length ? ` · reads ${p.env.join(", ")}` : ""}`, pc.dim)}`,
      ),
    ),
  ];
  stdout.write(out.join("\n"));
}
