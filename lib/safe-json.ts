/** JSON.parse that answers null instead of throwing: store values are parsed, then validated with zod. */
export function parseJsonOrNull(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
