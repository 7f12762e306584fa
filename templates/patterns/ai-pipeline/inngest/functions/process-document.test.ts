import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createEmbeddings } from "../../services/ai.ts";
import { loadDocument } from "../../services/documents.ts";
import { countVectors } from "../../services/vector-store.ts";
import { chunkText, EMBEDDING_BATCH_SIZE, processDocument } from "./process-document.ts";

// The provider is mocked: tests never call a paid API, with or without a key.
vi.mock("../../services/ai.ts", () => ({ createEmbeddings: vi.fn(async (texts: string[]) => texts.map(() => [0.6, 0.8])) }));
vi.mock("../../services/documents.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../services/documents.ts")>();
  return { ...actual, loadDocument: vi.fn(actual.loadDocument) };
});

const uploaded = (documentId: string) => ({ name: "document/uploaded", data: { documentId } });

describe("process-document", () => {
  beforeEach(() => {
    vi.mocked(createEmbeddings).mockClear();
  });

  it("extracts, chunks, embeds and stores a document", async () => {
    const t = new InngestTestEngine({ function: processDocument, events: [uploaded("doc_handbook")] });
    const { result, ctx } = await t.execute();

    expect(result).toEqual({ documentId: "doc_handbook", chunks: 1, stored: 1 });
    expect(ctx.step.run).toHaveBeenCalledWith("extract-text", expect.any(Function));
    expect(ctx.step.ai.wrap).toHaveBeenCalledWith("create-embeddings-1", createEmbeddings, [expect.stringContaining("Welcome to the team")]);
    expect(await countVectors("doc_handbook")).toBe(1);
  });

  it("embeds a long document in batches, one step each", async () => {
    const longText = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} of a long document.`).join(" ");
    vi.mocked(loadDocument).mockResolvedValueOnce({ id: "doc_long", title: "Long", text: longText });
    const chunks = chunkText(longText);
    const batches = Math.ceil(chunks.length / EMBEDDING_BATCH_SIZE);
    expect(batches).toBeGreaterThan(1);

    const { result, ctx } = await new InngestTestEngine({ function: processDocument, events: [uploaded("doc_long")] }).execute();

    expect(result).toEqual({ documentId: "doc_long", chunks: chunks.length, stored: chunks.length });
    expect(createEmbeddings).toHaveBeenCalledTimes(batches);
    expect(ctx.step.run).toHaveBeenCalledWith(`store-vectors-${batches}`, expect.any(Function));
  });

  it("gives up at once on a document that does not exist", async () => {
    const { error, ctx } = await new InngestTestEngine({ function: processDocument, events: [uploaded("doc_missing")] }).execute();

    expect(error).toMatchObject({ name: "NonRetriableError", message: "Document doc_missing does not exist" });
    expect(ctx.step.ai.wrap).not.toHaveBeenCalled();
  });
});

describe("chunkText", () => {
  it("keeps chunks under the size and overlaps neighbours", () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const chunks = chunkText(text, 200, 40);

    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(200);
    const lastWordOfFirst = chunks[0]!.split(" ").at(-1)!;
    expect(chunks[1]!.split(" ")).toContain(lastWordOfFirst);
    expect(chunks.join(" ")).toContain("word299");
  });
});
