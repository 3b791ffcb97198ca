import "server-only";
import { decodeJwt } from "jose";
import { IS_PRODUCTION } from "@/lib/config";
import { authCookieOptions } from "@/lib/cookies";
import { readRefreshFamily } from "@/lib/jwt/refresh";
import { getStore } from "@/lib/store";
import { JWT_ROUTES } from "./routes";
import { familyView, type FamilyView } from "./refresh-family-view";

/**
 * DEMO ONLY: the refresh-family picture's thief. When "refresh now" spends a refresh token,
 * the thief keeps a copy of it: in a cookie of its own (HttpOnly, sent only below the refresh
 * path, never shown to the page), so the replay is the real refresh check answering a
 * really spent token. A real app keeps no such copy.
 */
export const THIEF_COPY_COOKIE = IS_PRODUCTION ? "__Secure-jwt-thief-copy" : "jwt-thief-copy";

/** An hour: long enough to play with, and gone on its own (sign-out does not know of it). */
const THIEF_COPY_SECONDS = 3600;

export function thiefCopyCookieOptions() {
  return { ...authCookieOptions(THIEF_COPY_SECONDS), sameSite: "strict" as const, path: JWT_ROUTES.api.refresh };
}

/** What the picture draws for this family, read from the store now. */
export async function familyViewOf(familyId: string): Promise<FamilyView> {
  return familyView(await readRefreshFamily(getStore(), familyId));
}

/** When an access token this server just issued expires (ms). */
export const accessExpiresAtMs = (accessToken: string) => (decodeJwt(accessToken).exp ?? 0) * 1000;

/** The answer of both demo routes. */
export interface RefreshDemoAnswer {
  family: FamilyView | null;
  /** The generation of the refresh token the thief holds, if any. */
  thiefHolds: number | null;
  message: string;
}
export interface RefreshNowAnswer extends RefreshDemoAnswer { ok: boolean; accessExpiresAtMs?: number }
export interface ThiefAnswer extends RefreshDemoAnswer { accepted: boolean; grace: boolean }
