import { cp, mkdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";

export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  steps: Instruction[];
}

/** The stages of a Dockerfile and their instructions (no line continuations: the generated one has none). */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line.trim())!;
    if (op === "FROM") {
      const [, from, name] = /^(\S+)\s+AS\s+(\S+)$/i.exec(args!)!;
      stages.push({ name: name!, from: from!, steps: [] });
    } else {
      stages.at(-1)!.steps.push({ op: op!, args: args! });
    }
  }
  return stages;
}

const runs = (stage: Stage) => stage.steps.filter((s) => s.op === "RUN").map((s) => s.args);

export interface Runtime {
  dir: string;
  command: string[];
  env: Record<string, string>;
}

/**
 * Does what `docker build` would with the generated Dockerfile, as far as this machine allows (no
 * Docker engine): the `deps` and `build` stages must be the lockfile install and the build script
 * the project was just proven with (not repeated); the `prod-deps` stage runs for real in a fresh
 * folder; the `runtime` stage is assembled from its COPY lines, its ENV and CMD returned.
 */
export async function assembleRuntime(projectDir: string, imageDir: string, expected: { install: string; build: string }, env: NodeJS.ProcessEnv): Promise<Runtime> {
  const stages = parseDockerfile(await readFile(path.join(projectDir, "Dockerfile"), "utf8"));
  const stage = (name: string) => stages.find((s) => s.name === name)!;
  if (JSON.stringify(runs(stage("deps"))) !== JSON.stringify([expected.install])) throw new Error(`deps stage runs ${runs(stage("deps"))}`);
  if (JSON.stringify(runs(stage("build"))) !== JSON.stringify([expected.build])) throw new Error(`build stage runs ${runs(stage("build"))}`);

  // Where each stage's /app is on this machine: the project itself stands for the finished build.
  const stageDirs: Record<string, string> = { build: projectDir, "prod-deps": path.join(imageDir, "prod-deps"), runtime: path.join(imageDir, "runtime") };
  const copy = async (args: string, into: string) => {
    const words = args.split(/\s+/);
    const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
    const paths = words.filter((w) => !w.startsWith("--"));
    const destination = paths.pop()!;
    for (const source of paths) {
      const sourcePath = path.join(from ? stageDirs[from]! : projectDir, source.replace(/^\/app\//, ""));
      const target = destination.endsWith("/") ? path.join(into, path.basename(source)) : path.join(into, destination);
      // The production dependencies move, as a layer would; everything else is copied.
      if (from === "prod-deps") await rename(sourcePath, target);
      else await cp(sourcePath, target, { recursive: true });
    }
  };

  for (const name of ["prod-deps", "runtime"]) {
    const dir = stageDirs[name]!;
    await mkdir(dir, { recursive: true });
    for (const step of stage(name).steps) {
      if (step.op === "COPY") await copy(step.args, dir);
      if (step.op === "RUN") await execa("bash", ["-c", step.args], { cwd: dir, env, extendEnv: false });
    }
  }
  const runtime = stage("runtime");
  const envSteps = runtime.steps.filter((s) => s.op === "ENV").map((s) => s.args.split("=") as [string, string]);
  const cmd = runtime.steps.find((s) => s.op === "CMD")!;
  return { dir: stageDirs.runtime!, command: JSON.parse(cmd.args) as string[], env: Object.fromEntries(envSteps) };
}
