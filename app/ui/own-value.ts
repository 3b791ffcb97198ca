/**
 * `table[key]` for the table's own keys only. A key from the client (a query parameter)
 * named `__proto__`, `constructor` or `toString` would otherwise find Object.prototype's
 * members, which a page then tries to draw (a 500).
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string | null | undefined): V | undefined {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}
