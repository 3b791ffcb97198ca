"use server";

import { refusedAsCrossOrigin } from "@/app/demo/reveal";
import { getJwtAuth } from "../gate";
import { PRESETS, customVariantSchema, presetVariant, tryVariant, type Preset, type TamperResult } from "./tamper";

export type PlaygroundAnswer = { ok: true; result: TamperResult } | { ok: false; error: string };

const SIGN_IN_AGAIN = "Your access token is no longer valid: sign in again to tamper with a fresh one.";

/** One preset variant of the caller's own access token, sent to the real verifier. */
export async function tryPreset(preset: Preset): Promise<PlaygroundAnswer> {
  if (await refusedAsCrossOrigin("tryPreset")) return { ok: false, error: "Refused: this action only runs from this site's own pages." };
  if (!PRESETS.includes(preset)) return { ok: false, error: "There is no such preset." };
  const auth = await getJwtAuth();
  if (!auth.ok) return { ok: false, error: SIGN_IN_AGAIN };
  const { variant, meta } = presetVariant(auth.token, preset);
  return { ok: true, result: await tryVariant(auth.token, variant, meta) };
}

/** A freely edited header and claims (and a signature choice), sent to the real verifier. */
export async function tryCustom(input: { header: string; claims: string; signature: string }): Promise<PlaygroundAnswer> {
  if (await refusedAsCrossOrigin("tryCustom")) return { ok: false, error: "Refused: this action only runs from this site's own pages." };
  const parsed = customVariantSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const auth = await getJwtAuth();
  if (!auth.ok) return { ok: false, error: SIGN_IN_AGAIN };
  return {
    ok: true,
    result: await tryVariant(auth.token, parsed.data, { label: "your edit", change: "Header and claims as you wrote them.", rfc: "Each check of verifyAccessToken (lib/jwt.ts)", rfcAnswers: "real" }),
  };
}
