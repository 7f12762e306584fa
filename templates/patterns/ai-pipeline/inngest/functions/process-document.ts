import { NonRetriableError } from "inngest";
import { createEmbeddings } from "../../services/ai.ts";
import { loadDocument } from "../../services/documents.ts";
import { upsertVectors } from "../../services/vector-store.ts";
import { inngest } from "../client.ts";
import { documentUploaded } from "../events.ts";

/** Chunks embedded per call: one provider request and one step each, so a retry redoes one batch. */
export const EMBEDDING_BATCH_SIZE = 16;

/**
 * Document ingestion: extract the text, split it into overlapping chunks, embed them batch by batch
 * and store the vectors. A failed batch retries alone; finished batches are not paid for twice.
 */
export const processDocument = inngest.createFunction(
  {
    id: "process-document",
    triggers: [documentUploaded],
    // The AI provider limits requests: 5 documents in flight at most, and at most 30 started a minute.
    concurrency: { limit: 5 },
    throttle: { limit: 30, period: "1m" },
    retries: 3,
  },
  async ({ event, step }) => {
    const document = await step.run("extract-text", () => loadDocument(event.data.documentId));
    if (!document) throw new NonRetriableError(`Document ${event.data.documentId} does not exist`);

    // Pure and deterministic, so it may run outside a step: every replay computes the same chunks.
    const chunks = chunkText(document.text);

    let stored = 0;
    for (let start = 0; start < chunks.length; start += EMBEDDING_BATCH_SIZE) {
      const batch = chunks.slice(start, start + EMBEDDING_BATCH_SIZE);
      const batchNumber = start / EMBEDDING_BATCH_SIZE + 1;
      // step.ai.wrap is step.run for AI calls: the input and output show up in the dev server.
      const vectors = await step.ai.wrap(`create-embeddings-${batchNumber}`, createEmbeddings, batch);
      stored += await step.run(`store-vectors-${batchNumber}`, () =>
        upsertVectors(
          batch.map((text, i) => ({ id: `${document.id}:${start + i}`, documentId: document.id, text, vector: vectors[i]! })),
        ),
      );
    }
    return { documentId: document.id, chunks: chunks.length, stored };
  },
);

/** Splits text into chunks of about `size` characters on word boundaries, each overlapping the last. */
export function chunkText(text: string, size = 800, overlap = 100): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const word of words) {
    if (length + word.length > size && current.length > 0) {
      chunks.push(current.join(" "));
      // Carry the last words over so a sentence cut in two stays findable.
      const carried: string[] = [];
      let carriedLength = 0;
      for (let i = current.length - 1; i >= 0 && carriedLength + current[i]!.length <= overlap; i--) {
        carried.unshift(current[i]!);
        carriedLength += current[i]!.length + 1;
      }
      current = carried;
      length = carriedLength;
    }
    current.push(word);
    length += word.length + 1;
  }
  if (current.length > 0) chunks.push(current.join(" "));
  return chunks;
}
