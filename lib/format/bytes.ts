/**
 * What a value costs once stored: the UTF-8 bytes of its JSON, which is how `storage.local` counts its quota
 * (`getBytesInUse`) and close to what IndexedDB keeps for a structured clone of plain data. Headers, bodies, keys:
 * everything a stored record carries counts.
 */
const encoder = new TextEncoder();

export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : encoder.encode(text).length;
}

/**
 * Keeps the newest records (the list is newest first) while their total stays within `maxBytes`; the oldest go first.
 * The newest record is always kept, even alone over the cap, so the thing just done is never lost on the spot.
 */
export function keepWithinBytes<T>(newestFirst: readonly T[], maxBytes: number, cost = jsonBytes): T[] {
  const kept: T[] = [];
  let total = 2; // the array's brackets
  for (const [index, item] of newestFirst.entries()) {
    const bytes = cost(item) + (index === 0 ? 0 : 1); // the comma
    if (index > 0 && total + bytes > maxBytes) break;
    total += bytes;
    kept.push(item);
  }
  return kept;
}
