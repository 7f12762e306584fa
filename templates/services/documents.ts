export interface Document {
  id: string;
  title: string;
  text: string;
}

// Local implementation: one sample document. Replace with your storage (S3, a database…) and a
// text extractor for the formats you accept (PDF, HTML, Office files).
const documents = new Map<string, Document>([
  [
    "doc_handbook",
    {
      id: "doc_handbook",
      title: "Team handbook",
      text: [
        "Welcome to the team. This handbook explains how we work together.",
        "We write things down: decisions live in documents, not in chat threads.",
        "Releases ship every Tuesday after the test suite and a review pass.",
        "On-call rotates weekly; the runbook lists what to do for each alert.",
        "Ask questions early. Nobody expects you to know everything in your first month.",
      ].join("\n\n"),
    },
  ],
]);

export async function loadDocument(id: string): Promise<Document | null> {
  return documents.get(id) ?? null;
}
