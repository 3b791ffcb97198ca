/**
 * The middleware.ts a copied pattern gets: tests/copies/copies.test.ts writes this file into
 * each copy, with that lane's guard in place of the session's, and docs/copying.md shows it.
 */
// #region lane-middleware
import { firstGate } from "@/app/first-gate";
import { sessionLane } from "@/app/session/lane";

export const middleware = firstGate([sessionLane]);
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
// #endregion lane-middleware
