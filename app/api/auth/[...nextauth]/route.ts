import type { NextRequest } from "next/server";
import { handlers, rateLimitNotices } from "@/auth";
import { rateLimitedResponse } from "@/lib/login";

export const { GET } = handlers;

/** Auth.js's own endpoints; a sign-in refused by the login rate limiter answers 429, like the other lanes. */
export async function POST(request: NextRequest): Promise<Response> {
  const notice: { retryAfterSeconds?: number } = {};
  const response = await rateLimitNotices.run(notice, () => handlers.POST(request));
  return notice.retryAfterSeconds === undefined ? response : rateLimitedResponse(notice.retryAfterSeconds);
}
