import { isFreshSignIn } from "@/lib/step-up";
import { SignInAgeLine } from "./sign-in-age-line";

/**
 * The dashboards' one line about sudo mode: how long ago the password was checked (from the
 * lane's real credential) and whether sensitive actions will ask for it again. The server
 * decides for the first paint; the line then keeps time in the browser.
 */
export function SignInAge({ authTimeMs, nowMs, maxAgeSeconds }: { authTimeMs: number | null; nowMs: number; maxAgeSeconds: number }) {
  const fresh = isFreshSignIn(authTimeMs, nowMs, maxAgeSeconds);
  return <SignInAgeLine authTimeMs={authTimeMs} serverNowMs={nowMs} maxAgeSeconds={maxAgeSeconds} freshAtRender={fresh} />;
}
