import { NextResponse } from "next/server";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, answerStoreOutage, isCrossOriginWrite, jsonError } from "@/lib/http";
import { RESET_DONE_MESSAGE, demoResetEnabled, resetDemo } from "@/app/demo/reset";

/** POST only, same-origin only (middleware checks too), and only where the reset is enabled. */
export async function POST(request: Request) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  if (!demoResetEnabled()) {
    return jsonError(403, "Resetting the demo is turned off on this server (set DEMO_RESET_ENABLED=true to allow it).");
  }
  return answerStoreOutage(request, async () => {
    await resetDemo();
    return NextResponse.json({ ok: true, message: RESET_DONE_MESSAGE }, { headers: NO_STORE });
  });
}
