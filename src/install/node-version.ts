/** True when `actual` (e.g. process.versions.node) is at least `minimum`, both `major.minor.patch`. */
export function satisfiesMinimum(actual: string, minimum: string): boolean {
  const a = actual.split(".").map(Number);
  const m = minimum.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = m[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
