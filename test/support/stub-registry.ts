import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

interface StubVersion {
  dependencies?: Record<string, string>;
  tarball: Buffer;
  integrity: string;
}

/**
 * An npm registry on localhost that serves empty packages, with the cache headers the real one
 * sends (packuments fresh for 300 s): enough to make npm's own caching misbehave on purpose.
 */
export interface StubRegistry {
  url: string;
  /** Publishes `name@version` (an empty package with these dependencies). */
  publish(name: string, version: string, dependencies?: Record<string, string>): Promise<void>;
  /** How many packument requests the registry answered for `name`. */
  requests(name: string): number;
  close(): Promise<void>;
}

export async function startStubRegistry(): Promise<StubRegistry> {
  const packages = new Map<string, Map<string, StubVersion>>();
  const counts = new Map<string, number>();
  const work = await mkdtemp(path.join(os.tmpdir(), "cia-stub-registry-"));
  let url = "";

  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname).slice(1);
    const tarball = /^(.+)\/-\/[^/]+-(\d+\.\d+\.\d+)\.tgz$/.exec(pathname);
    if (tarball) {
      const found = packages.get(tarball[1]!)?.get(tarball[2]!);
      if (!found) return void response.writeHead(404).end();
      return void response.writeHead(200, { "content-type": "application/octet-stream" }).end(found.tarball);
    }
    const versions = packages.get(pathname);
    if (!versions) return void response.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
    counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
    const latest = [...versions.keys()].at(-1)!;
    const body = JSON.stringify({
      name: pathname,
      "dist-tags": { latest },
      versions: Object.fromEntries(
        [...versions].map(([version, stub]) => [
          version,
          {
            name: pathname,
            version,
            dependencies: stub.dependencies ?? {},
            dist: { tarball: `${url}/${pathname}/-/${pathname.split("/").at(-1)}-${version}.tgz`, integrity: stub.integrity },
          },
        ]),
      ),
    });
    const etag = `"${createHash("sha1").update(body).digest("hex")}"`;
    if (request.headers["if-none-match"] === etag) return void response.writeHead(304, { etag, "cache-control": "public, max-age=300" }).end();
    response.writeHead(200, { "content-type": "application/json", etag, "cache-control": "public, max-age=300" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    async publish(name, version, dependencies) {
      const dir = path.join(work, `${name.replace("/", "+")}-${version}`);
      await mkdir(path.join(dir, "package"), { recursive: true });
      await writeFile(path.join(dir, "package", "package.json"), JSON.stringify({ name, version, dependencies }));
      await execa("tar", ["-czf", "package.tgz", "package"], { cwd: dir });
      const tarball = await readFile(path.join(dir, "package.tgz"));
      const integrity = `sha512-${createHash("sha512").update(tarball).digest("base64")}`;
      if (!packages.has(name)) packages.set(name, new Map());
      packages.get(name)!.set(version, { tarball, integrity, ...(dependencies ? { dependencies } : {}) });
    },
    requests: (name) => counts.get(name) ?? 0,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(work, { recursive: true, force: true });
    },
  };
}
