export interface VectorRecord {
  /** Stable per chunk (`<documentId>:<chunk index>`), so storing a document again replaces its vectors. */
  id: string;
  documentId: string;
  text: string;
  vector: number[];
}

// Local implementation: vectors in memory. Replace with your vector database (pgvector, Pinecone,
// Qdrant, Turbopuffer…); keep the upsert by id so a retried step writes nothing twice.
const records = new Map<string, VectorRecord>();

export async function upsertVectors(batch: VectorRecord[]): Promise<number> {
  for (const record of batch) records.set(record.id, record);
  return batch.length;
}

export async function countVectors(documentId: string): Promise<number> {
  return [...records.values()].filter((r) => r.documentId === documentId).length;
}
