/**
 * Prints a THIRD_PARTY_SIGNING_KEYS value (the first key signs, every key is published).
 *   npx tsx scripts/generate-signing-key.ts                      # a fresh key set
 *   npx tsx scripts/generate-signing-key.ts '<current JSON>'     # rotation, phase 1: a new key, published, not signing yet
 *   npx tsx scripts/generate-signing-key.ts --promote '<JSON>'   # rotation, phase 2: the newest key signs
 * The value goes to stdout; what to do next, to stderr. docs/deploying.md has the whole procedure.
 */
import { thirdPartySection, type SigningJwk } from "../lib/third-party/config";
import { promoteNewestKey, publishNewKey } from "../lib/third-party/rotation";
import { JWKS_MAX_AGE_SECONDS } from "../lib/third-party/token";
import { generateSigningJwk } from "./lib/signing-key";

function main(args: string[]) {
  const promote = args[0] === "--promote";
  const json = promote ? args[1] : args[0];
  // The value given is checked as a start would check it (JSON, Ed25519, distinct kids, each x its d's).
  const current = json ? thirdPartySection.parse({ THIRD_PARTY_SIGNING_KEYS: json }).signingKeys : [];

  if (promote) {
    const keys = promoteNewestKey(current);
    console.log(JSON.stringify(keys));
    console.error(
      `Phase 2: "${keys[0].kid}" signs from now on; "${keys[1].kid}" stays published for the tokens it signed. ` +
        "Set this value on every instance. Once the last instance has run it for THIRD_PARTY_TOKEN_TTL_SECONDS, drop the old key from the list.",
    );
  } else if (current.length > 0) {
    const keys = publishNewKey(current, generateSigningJwk() as SigningJwk);
    console.log(JSON.stringify(keys));
    console.error(
      `Phase 1: "${keys[keys.length - 1].kid}" is added last: published in /.well-known/jwks.json, not signing; "${keys[0].kid}" still signs. ` +
        `Set this value on every instance. Third parties may keep the old JWKS for ${JWKS_MAX_AGE_SECONDS} s (its max-age): ` +
        `once the last instance has served this value that long, run phase 2 with it: npx tsx scripts/generate-signing-key.ts --promote '<this value>'`,
    );
  } else {
    console.log(JSON.stringify([generateSigningJwk()]));
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
