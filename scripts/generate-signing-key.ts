/**
 * Prints a THIRD_PARTY_SIGNING_KEYS value with a new Ed25519 key.
 *   npx tsx scripts/generate-signing-key.ts                 # a fresh key set
 *   npx tsx scripts/generate-signing-key.ts '<current JSON>' # rotation: new key first, old ones kept
 * Keep the old key in the list until every token it signed has expired, then drop it.
 */
import { generateSigningJwk } from "./lib/signing-key";

const current = process.argv[2] ? (JSON.parse(process.argv[2]) as unknown[]) : [];
console.log(JSON.stringify([generateSigningJwk(), ...current]));
