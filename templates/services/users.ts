export interface User {
  id: string;
  email: string;
  name: string;
}

// Local implementation: an in-memory table. Replace with your database.
const users = new Map<string, User>([["user_123", { id: "user_123", email: "ada@example.com", name: "Ada" }]]);

export async function findUser(id: string): Promise<User | null> {
  return users.get(id) ?? null;
}
