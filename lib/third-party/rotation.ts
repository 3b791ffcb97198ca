/**
 * Rotating THIRD_PARTY_SIGNING_KEYS in two phases (the first key in the list signs, every key
 * is published). A third party keeps its copy of the JWKS for up to JWKS_MAX_AGE_SECONDS, and
 * instances restart one by one: a key that signed at once would be unknown to it for that long.
 *
 * 1. publishNewKey: the new key goes last. It is published, and the current key still signs.
 * 2. promoteNewestKey, once every instance has served phase 1 for JWKS_MAX_AGE_SECONDS: the new
 *    key moves first and signs; the old one stays published.
 * 3. Once every instance has run phase 2 for THIRD_PARTY_TOKEN_TTL_SECONDS, drop the old key.
 */

/** Phase 1: the new key added at the end, published but not signing. */
export function publishNewKey<K extends { kid: string }>(current: readonly K[], fresh: K): K[] {
  if (current.some((key) => key.kid === fresh.kid)) throw new Error(`The list already has a key with the kid "${fresh.kid}".`);
  return [...current, fresh];
}

/** Phase 2: the newest key (the last) moved first, so it signs; the others stay published. */
export function promoteNewestKey<K extends { kid: string }>(keys: readonly K[]): K[] {
  if (keys.length < 2) throw new Error("There is no newer key to promote: publish one first (phase 1).");
  return [keys[keys.length - 1], ...keys.slice(0, -1)];
}
