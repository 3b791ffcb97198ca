import { NextResponse } from "next/server";
import { JWT_COOKIE } from "@/lib/jwt";
import { EXPIRED_COOKIE_OPTIONS } from "@/lib/cookies";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError } from "@/lib/http";

/**
 * Clears the cookie. That is all a stateless logout can do: a copy of the token taken
 * before this call stays valid until its `exp` (the trade-off this app demonstrates).
 */
export async function POST(request: Request) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  const response = NextResponse.json({ ok: true }, { headers: NO_STORE });
  response.cookies.set(JWT_COOKIE, "", EXPIRED_COOKIE_OPTIONS);
  return response;
}
