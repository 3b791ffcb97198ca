"use server";

import { headers } from "next/headers";
import { clientAddress } from "@/lib/http";
import { peekUsernameLock } from "@/lib/security/login-lock";
import { loginLimitsConfig } from "@/lib/security/login";
import { getStore } from "@/lib/store";
import { MAX_USERNAME_LENGTH } from "@/lib/validation";

/**
 * Whether the username typed on a login form is locked out from this client's address, read
 * without counting anything: the form says so before the next submit, so a page reloaded (or
 * another lane's login opened) after a lockout is no plain form that fails on submit. Anything
 * that is not a username, or a store that cannot answer: null (the submit still says it).
 */
export async function usernameLock(username: unknown): Promise<{ retryAfterSeconds: number } | null> {
  if (typeof username !== "string" || username.trim() === "" || username.length > MAX_USERNAME_LENGTH) return null;
  const limits = loginLimitsConfig();
  const address = clientAddress(await headers(), limits.trustedProxyHeader);
  return peekUsernameLock(getStore(), limits, username, address).catch(() => null);
}
