const OPENAI_EMBEDDINGS_URL = "https://api.openai.com/v1/embeddings";
const EMBEDDING_MODEL = "text-embedding-3-small";
/** Shorter vectors than the model's 1536 keep step results and storage small. */
export const EMBEDDING_DIMENSIONS = 512;

/**
 * Turns texts into embedding vectors. With OPENAI_API_KEY set it calls OpenAI. Without it, in
 * development only, a local stand-in returns deterministic vectors so the pipeline runs end to end;
 * in production a missing key is an error, never a silent fallback.
 */
export async function createEmbeddings(texts: string[]): Promise<number[][]> {
  const apiKey = process.env.OPENAI_API_KEY;
  if (!apiKey) {
    if (!process.env.INNGEST_DEV) {
      throw new Error("OPENAI_API_KEY is not set: add it to the environment, or plug another provider into src/services/ai.ts.");
    }
    console.warn("[ai] OPENAI_API_KEY is not set: using local stand-in embeddings, which carry no meaning. Set the key to call OpenAI.");
    return texts.map(localEmbedding);
  }

  const response = await fetch(OPENAI_EMBEDDINGS_URL, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: EMBEDDING_MODEL, input: texts, dimensions: EMBEDDING_DIMENSIONS }),
  });
  // A thrown error fails the step, and Inngest retries it with backoff (rate limits included).
  if (!response.ok) throw new Error(`OpenAI embeddings failed with ${response.status}: ${await response.text()}`);
  const { data } = (await response.json()) as { data: { index: number; embedding: number[] }[] };
  return data.sort((a, b) => a.index - b.index).map((item) => item.embedding);
}

/** Hashes words into a fixed-size unit vector: stable and free, for trying the pipeline locally. */
function localEmbedding(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 0;
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    vector[hash % EMBEDDING_DIMENSIONS]! += 1;
  }
  const length = Math.hypot(...vector) || 1;
  return vector.map((value) => value / length);
}
