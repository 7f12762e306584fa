export interface User {
  id: string;
  email: string;
  name: string;
  /** Whether the user asked for the daily digest email. */
  wantsDigest: boolean;
}

// Local implementation: an in-memory table. Replace with your database.
const users = new Map<string, User>([
  ["user_123", { id: "user_123", email: "ada@example.com", name: "Ada", wantsDigest: true }],
  ["user_456", { id: "user_456", email: "grace@example.com", name: "Grace", wantsDigest: true }],
  ["user_789", { id: "user_789", email: "alan@example.com", name: "Alan", wantsDigest: false }],
]);

export async function findUser(id: string): Promise<User | null> {
  return users.get(id) ?? null;
}

/** Everyone subscribed to the digest. A real table would page through them (see daily-digest.ts). */
export async function listDigestRecipients(): Promise<Pick<User, "id" | "email">[]> {
  return [...users.values()].filter((u) => u.wantsDigest).map(({ id, email }) => ({ id, email }));
}
