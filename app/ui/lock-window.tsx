import "server-only";
import { headers } from "next/headers";
import { loginLimitsConfig } from "@/lib/security/login";
import { clientAddress } from "@/lib/http";
import { peekAddressLock } from "@/lib/security/login-lock";
import { getStore } from "@/lib/store";
import { LockInfo } from "./form-footer";

/**
 * Around a login page's form: the limiter's window (how long a lock lasts) and, read from the
 * limiter without counting anything, whether this client's address is locked already, so the
 * form says so on arrival instead of at the first submit. A page knows no username, so only the
 * address's own lock shows here. The store unreachable: nothing shown (the submit says it).
 */
export async function LockWindow({ children }: { children: React.ReactNode }) {
  const limits = loginLimitsConfig();
  const address = clientAddress(await headers(), limits.trustedProxyHeader);
  const lock = await peekAddressLock(getStore(), limits, address).catch(() => null);
  const addressLock = lock && { ...lock, failures: limits.maxFailuresPerAddress };
  return <LockInfo windowSeconds={limits.windowSeconds} addressLock={addressLock}>{children}</LockInfo>;
}
