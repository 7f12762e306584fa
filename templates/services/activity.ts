export interface ActivityItem {
  title: string;
  url: string;
}

/** Local implementation: a fixed feed. Replace with a query over your own data (comments, mentions…). */
export async function activitySince(userId: string, date: string): Promise<ActivityItem[]> {
  if (userId === "user_456") return [];
  return [
    { title: `3 new comments on your project (since ${date})`, url: "https://example.com/projects/1" },
    { title: "Ada mentioned you in a review", url: "https://example.com/reviews/42" },
  ];
}
