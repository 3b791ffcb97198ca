import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { authenticateSession } from "@/app/session/gate";
import { SESSION_COOKIE } from "@/lib/session";
import { NO_STORE, answerStoreOutage, refusedCredentialResponse } from "@/lib/http";

export async function GET(request: NextRequest) {
  return answerStoreOutage(request, async () => {
    const auth = await authenticateSession(credentialCookieValue(request.headers, SESSION_COOKIE));
    if (!auth.ok) return refusedCredentialResponse(auth.reason);
    const { record } = auth;
    return NextResponse.json(
      {
        user: auth.user,
        session: {
          createdAt: new Date(record.createdAt).toISOString(),
          expiresAt: new Date(record.expiresAt).toISOString(),
          absoluteExpiresAt: new Date(record.absoluteExpiresAt).toISOString(),
        },
      },
      { headers: NO_STORE },
    );
  });
}
