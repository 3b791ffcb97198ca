/**
 * One structured line per auth event. Callers pass reasons and ids, never tokens,
 * cookies or passwords.
 *
 * Fields may hold client text (a path, an Origin, a cookie name), so the line is written in
 * ASCII: JSON.stringify escapes CR, LF and the other C0 controls, and jsonLine escapes the
 * rest, including the line breaks a reader may split on (NEL, U+2028, U+2029). No request
 * can start a line of its own, nor fill the log: a string field is cut at MAX_LOG_FIELD_CHARS.
 */
export function logAuthEvent(event: string, fields: Record<string, string | number | boolean | undefined>): void {
  if (process.env.NODE_ENV === "test") return;
  console.warn(jsonLine({ event, ...fields }));
}

export const MAX_LOG_FIELD_CHARS = 200;
const cut = (v: unknown) => {
  if (typeof v !== "string" || v.length <= MAX_LOG_FIELD_CHARS) return v;
  const keep = /[\ud800-\udbff]/.test(v[MAX_LOG_FIELD_CHARS - 1]) ? MAX_LOG_FIELD_CHARS - 1 : MAX_LOG_FIELD_CHARS; // never half an emoji
  return `${v.slice(0, keep)}…(+${v.length - keep} chars)`;
};

/** JSON on one line of printable ASCII: every character from U+007F up as a \uXXXX escape (still valid JSON). */
export function jsonLine(value: Record<string, unknown>): string {
  return JSON.stringify(value, (_key, v) => cut(v)).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
