import type { NextRequest } from "next/server";
import { handlers, rateLimitNotices, type RateLimitNotice } from "@/auth";
import { rateLimitedResponse } from "@/lib/login";
import { storeUnavailableResponse } from "@/lib/http";

export const { GET } = handlers;

/**
 * Auth.js's own endpoints. A sign-in refused by the login rate limiter answers 429, and one
 * the limiter could not count (store down) 503, like the other lanes.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const notice: RateLimitNotice = {};
  const response = await rateLimitNotices.run(notice, () => handlers.POST(request));
  if (notice.storeUnavailable) return storeUnavailableResponse(true);
  return notice.retryAfterSeconds === undefined ? response : rateLimitedResponse(notice.retryAfterSeconds);
}
