import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { JWT_FAILURE_MESSAGES, jwtSettingsFromConfig, verifyAccessTokenFully, type JwtFailureReason, type JwtSettings } from "@/lib/jwt";
import { keyId } from "@/lib/signing-keys";
import { epochSeconds } from "@/lib/time";

/**
 * The token tamper playground (/jwt/playground): variants of the user's own access token,
 * each sent to the app's real verifier (verifyAccessToken with the app's key and settings).
 *
 * It never signs anything with the app's key. A variant keeps the original signature (so any
 * edit breaks it), has none, or is signed with a wrong key. To show the checks *behind* the
 * signature too, each variant is also signed with a throwaway "attacker's" key and checked by
 * the same verifier configured with that key: what would happen if the key had leaked.
 */

export const PRESETS = ["alg-none", "other-role", "other-aud", "other-typ", "past-exp", "no-signature", "kid-jku", "wrong-key"] as const;
export type Preset = (typeof PRESETS)[number];

type Json = Record<string, unknown>;
type SignatureChoice = "original" | "none" | "wrong-key";

interface Recipe {
  /** The button's words; for a preset that depends on whose token it is, from the token's claims. */
  label: string | ((claims: Json) => string);
  /** What the variant changes, in a sentence. */
  change: string | ((claims: Json) => string);
  header?: (h: Json) => Json;
  claims?: (c: Json) => Json;
  signature: SignatureChoice;
  /** The check this preset exercises, as RFC 8725 (or RFC 7519) names it. */
  rfc: string;
  /**
   * Which answer that check gives. Any edit breaks the original signature, so for most presets
   * the app's verifier refuses at the signature; the preset's own check (audience, type, expiry,
   * the key the header names) is then the one that refuses the variant re-signed with the
   * leaked key. Each is refused where it says (tests/unit/app/playground.test.ts).
   */
  rfcAnswers: CheckedAnswer;
}

/** The app's verifier with the app's key, or the same verifier with the leaked key. */
export type CheckedAnswer = "real" | "leaked";

export const RECIPES: Record<Preset, Recipe> = {
  "alg-none": {
    label: "alg: none",
    change: "The header says the token is unsecured (alg none) and the signature is gone.",
    header: (h) => ({ ...h, alg: "none" }),
    signature: "none",
    rfc: "RFC 8725 §3.1 Perform Algorithm Verification",
    rfcAnswers: "real",
  },
  // Always a change a reader can see: an admin's token is turned into a user's (a forged
  // "role: admin" on an admin's token would be the token itself, and simply accepted).
  "other-role": {
    label: (c) => `role → ${otherRole(c)}`,
    change: (c) => `The claims say ${otherRole(c)} instead of ${String(c.role)}; the signature is the original one.`,
    claims: (c) => ({ ...c, role: otherRole(c) }),
    signature: "original",
    rfc: "RFC 8725 §2.1 Weak Signatures and Insufficient Signature Validation",
    rfcAnswers: "real",
  },
  "other-aud": {
    label: "another aud",
    change: "The audience is another service's.",
    claims: (c) => ({ ...c, aud: "another-service" }),
    signature: "original",
    rfc: "RFC 8725 §3.9 Use and Validate Audience",
    rfcAnswers: "leaked",
  },
  "other-typ": {
    label: "another typ",
    change: "The header's typ says plain JWT, not an access token (at+jwt).",
    header: (h) => ({ ...h, typ: "JWT" }),
    signature: "original",
    rfc: "RFC 8725 §3.11 Use Explicit Typing",
    rfcAnswers: "leaked",
  },
  "past-exp": {
    label: "past exp",
    change: "The expiry is an hour ago.",
    claims: (c) => ({ ...c, exp: epochSeconds(Date.now()) - 3600 }),
    signature: "original",
    rfc: "RFC 7519 §4.1.4 (exp), which RFC 8725 §3.10 asks to check rather than trust",
    rfcAnswers: "leaked",
  },
  "no-signature": {
    label: "signature stripped",
    change: "Header and claims unchanged; the signature segment is empty.",
    signature: "none",
    rfc: "RFC 8725 §2.1 Weak Signatures and Insufficient Signature Validation",
    rfcAnswers: "real",
  },
  "kid-jku": {
    label: "kid / jku header",
    change: "The header points at a key of the attacker's choosing (a kid path and a jku URL).",
    header: (h) => ({ ...h, kid: "../../../dev/null", jku: "https://attacker.example/jwks.json" }),
    signature: "original",
    rfc: "RFC 8725 §3.10 Do Not Trust Received Claims (jku is never followed; kid only picks among the server's own keys, by fingerprint)",
    rfcAnswers: "leaked",
  },
  "wrong-key": {
    label: "HS256, wrong key",
    change: "Header and claims unchanged, signed with HS256 and a key that is not the server's.",
    signature: "wrong-key",
    rfc: "RFC 8725 §3.5 Ensure Cryptographic Keys Have Sufficient Entropy (a guessed key signs nothing)",
    rfcAnswers: "real",
  },
};

/** The role the "other-role" preset writes: user for an admin, admin for anyone else. */
const otherRole = (claims: Json) => (claims.role === "admin" ? "user" : "admin");

/** A recipe's label or sentence, for this token's claims. */
const forClaims = (text: string | ((claims: Json) => string), claims: Json) => (typeof text === "function" ? text(claims) : text);

/** The presets' buttons, labelled for this token (the role preset says which way it flips the role). */
export function presetsFor(claims: Json): Array<{ preset: Preset; label: string }> {
  return PRESETS.map((preset) => ({ preset, label: forClaims(RECIPES[preset].label, claims) }));
}

export interface Verdict {
  accepted: boolean;
  reason?: JwtFailureReason;
  /** Refused: why, in words (JWT_FAILURE_MESSAGES). Accepted: as whom ("as bob (user)."). */
  message: string;
}

export interface TamperResult {
  label: string;
  change: string;
  rfc: string;
  rfcAnswers: CheckedAnswer;
  header: Json;
  claims: Json;
  signature: SignatureChoice;
  /** Not the user's own token, byte for byte: accepting it would be the attacker winning. */
  forged: boolean;
  /** The app's verifier, the app's key. */
  real: Verdict;
  /** The same verifier, keyed with the throwaway key the variant was signed with. */
  ifKeyLeaked: Verdict;
}

const b64 = (value: Json) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** HS256 the way the app's verifier keys it: the secret's UTF-8 bytes (lib/signing-keys.ts hmacKey). */
const hs256 = (input: string, secret: string) => createHmac("sha256", Buffer.from(secret, "utf8")).update(input).digest("base64url");
/** Fresh random keys per process: the "attacker's" leaked key, and (separately) a wrong key. */
const THROWAWAY_SECRET = randomBytes(32).toString("base64url");
const WRONG_SECRET = randomBytes(32).toString("base64url");

function decodeSegment(segment: string): Json {
  const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
  return value as Json;
}

/** The header and claims of a token (no verification: anyone holding it can read them). */
export function readToken(token: string): { header: Json; claims: Json } {
  const [header, claims] = token.split(".");
  return { header: decodeSegment(header), claims: decodeSegment(claims) };
}

async function verdictOf(token: string, settings: JwtSettings): Promise<Verdict> {
  // The whole check every time, never remembered: the variants are written by the user (and
  // the "if the key leaked" ones accepted under a throwaway key), so none may fill the
  // verifier's memory of accepted tokens.
  const result = await verifyAccessTokenFully(token, settings, Date.now());
  if (result.ok) return { accepted: true, message: `as ${result.claims.sub} (${result.claims.role}).` };
  return { accepted: false, reason: result.reason, message: JWT_FAILURE_MESSAGES[result.reason] };
}

/** Builds the variant and sends it to the verifier twice (the app's key; the throwaway key). */
export async function tryVariant(
  token: string,
  variant: { header: Json; claims: Json; signature: SignatureChoice },
  meta: { label: string; change: string; rfc: string; rfcAnswers: CheckedAnswer },
): Promise<TamperResult> {
  const [originalHeader, originalClaims, originalSignature] = token.split(".");
  const headerPart = JSON.stringify(variant.header) === JSON.stringify(decodeSegment(originalHeader)) ? originalHeader : b64(variant.header);
  const claimsPart = JSON.stringify(variant.claims) === JSON.stringify(decodeSegment(originalClaims)) ? originalClaims : b64(variant.claims);
  const input = `${headerPart}.${claimsPart}`;
  const signature = { original: originalSignature, none: "", "wrong-key": hs256(input, WRONG_SECRET) }[variant.signature];
  const settings = jwtSettingsFromConfig();
  const forged = `${input}.${signature}` !== token;
  const real = await verdictOf(`${input}.${signature}`, settings);
  // With the key in hand an attacker signs whatever they like: what still stops them is
  // everything the verifier checks besides the signature.
  // The throwaway key stands in for the app's: where the header names the app's key (`kid`),
  // the stand-in's own fingerprint takes its place, as the leaked key's would be.
  const leakedHeader = variant.header.kid === (await keyId(settings.secret)) ? { ...variant.header, kid: await keyId(THROWAWAY_SECRET) } : variant.header;
  const leakedInput = leakedHeader === variant.header ? input : `${b64(leakedHeader)}.${claimsPart}`;
  const leakedSignature = variant.signature === "none" ? "" : hs256(leakedInput, THROWAWAY_SECRET);
  const ifKeyLeaked = await verdictOf(`${leakedInput}.${leakedSignature}`, { ...settings, secret: THROWAWAY_SECRET, previousSecrets: [] });
  return { ...meta, header: variant.header, claims: variant.claims, signature: variant.signature, forged, real, ifKeyLeaked };
}

export function presetVariant(token: string, preset: Preset) {
  const recipe = RECIPES[preset];
  const { header, claims } = readToken(token);
  return {
    variant: { header: recipe.header?.(header) ?? header, claims: recipe.claims?.(claims) ?? claims, signature: recipe.signature },
    meta: { label: forClaims(recipe.label, claims), change: forClaims(recipe.change, claims), rfc: recipe.rfc, rfcAnswers: recipe.rfcAnswers },
  };
}

/** A free edit from the page: JSON objects of bounded size, and a signature choice. */
export const customVariantSchema = z.object({
  header: z.string().max(2000, "The header is too long (2,000 characters at most).").transform((text, ctx) => parseObject(text, "header", ctx)),
  claims: z.string().max(4000, "The claims are too long (4,000 characters at most).").transform((text, ctx) => parseObject(text, "claims", ctx)),
  signature: z.enum(["original", "none", "wrong-key"], { error: "Choose which signature the variant carries." }),
});

function parseObject(text: string, what: "header" | "claims", ctx: z.RefinementCtx): Json {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // fall through
  }
  const example = what === "header" ? '{"alg": "HS256"}' : '{"sub": "bob", "role": "user"}';
  ctx.addIssue({ code: "custom", message: `The ${what} must be a JSON object, like ${example}.` });
  return z.NEVER;
}
