import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { cookieGrowth } from "@/app/demo/cookie-budget";
import { JWT_COOKIE } from "@/lib/jwt";
import { SESSION_COOKIE } from "@/lib/session";
import { AUTHJS_SESSION_COOKIE } from "@/lib/authjs/session-cookie";
import { NO_STORE, jsonError } from "@/lib/http";

const querySchema = z.object({
  claims: z.coerce.number({ error: "claims must be a number." }).int("claims must be a whole number.").min(0, "claims cannot be negative.").max(500, "claims is at most 500."),
});

/** GET ?claims=N: how big each lane's cookie is with N extra claims (app/demo/cookie-budget.ts). */
export async function GET(request: NextRequest) {
  const parsed = querySchema.safeParse({ claims: request.nextUrl.searchParams.get("claims") ?? "0" });
  if (!parsed.success) return jsonError(400, parsed.error.issues[0].message);
  const lanes = await cookieGrowth(parsed.data.claims, { jwt: JWT_COOKIE, session: SESSION_COOKIE, authjs: AUTHJS_SESSION_COOKIE });
  return NextResponse.json({ claims: parsed.data.claims, lanes }, { headers: NO_STORE });
}
