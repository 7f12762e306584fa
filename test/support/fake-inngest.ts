import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedEvent {
  name: string;
  id?: string;
  data: Record<string, unknown>;
}

export interface FakeInngest {
  /** Give the app `INNGEST_DEV=<url>` and it sends its events here. */
  url: string;
  events: ReceivedEvent[];
  /** App syncs (`POST /fn/register`): the body and the Authorization header they came with. */
  registrations: { body: { url: string; functions: unknown[] }; authorization?: string }[];
  close(): Promise<void>;
}

/**
 * Stands in for the Inngest dev server's event API (`POST /e/<key>`) and its sync endpoint
 * (`POST /fn/register`), which cannot be installed here: it records what an app sends and answers
 * like the real one.
 */
export async function startFakeInngest(): Promise<FakeInngest> {
  const events: ReceivedEvent[] = [];
  const registrations: FakeInngest["registrations"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "POST" && req.url?.startsWith("/fn/register")) {
        registrations.push({ body: JSON.parse(body), authorization: req.headers.authorization });
        res.end(JSON.stringify({ ok: true, modified: true }));
        return;
      }
      if (req.method !== "POST" || !req.url?.startsWith("/e/")) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: `not faked: ${req.method} ${req.url}` }));
        return;
      }
      const received = [JSON.parse(body)].flat() as ReceivedEvent[];
      events.push(...received);
      res.end(JSON.stringify({ ids: received.map((e, i) => e.id ?? `fake-${events.length}-${i}`), status: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    registrations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
