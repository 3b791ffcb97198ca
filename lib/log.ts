/**
 * One structured line per auth event. Callers pass reasons and ids, never tokens,
 * cookies or passwords.
 */
export function logAuthEvent(event: string, fields: Record<string, string | number | boolean | undefined>): void {
  if (process.env.NODE_ENV === "test") return;
  console.warn(JSON.stringify({ event, ...fields }));
}
