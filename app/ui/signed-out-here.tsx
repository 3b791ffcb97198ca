"use client";

import { createContext, useContext, useState } from "react";

/**
 * A dashboard that signs you out without leaving the page (the revocation stopwatch) must not
 * go on saying "signed in as bob": the page's signed-in parts sit in <WhileSignedIn>, and
 * once a sign-out happened here they give way to <SignedOutHereNotice> at the top of the page.
 * Reloading would send the browser to the login page and lose the stopwatch's result, so the
 * page says it instead.
 */
/** What signed the browser out from within the page: the stopwatch, or reuse detection (the refresh-family demo's thief). */
export type SignedOutBy = "stopwatch" | "reuse";

const SignedOutHere = createContext<{ signedOutBy: SignedOutBy | null; markSignedOut: (by?: SignedOutBy) => void; loginPath?: string }>({ signedOutBy: null, markSignedOut: () => {} });

/** `loginPath`: where "Sign in again" goes, when the lane's login should open as this sign-in was made (the JWT lane's checks). */
export function SignedOutHereProvider({ children, loginPath }: { children: React.ReactNode; loginPath?: string }) {
  const [signedOutBy, setSignedOutBy] = useState<SignedOutBy | null>(null);
  return <SignedOutHere.Provider value={{ signedOutBy, markSignedOut: (by = "stopwatch") => setSignedOutBy(by), loginPath }}>{children}</SignedOutHere.Provider>;
}

/** Where "Sign in again" goes on this page, if the page said (otherwise the lane's login). */
export const useLoginAgainPath = () => useContext(SignedOutHere).loginPath;

/** What signed this browser out from within the page, if anything. */
export const useSignedOutBy = () => useContext(SignedOutHere).signedOutBy;

/** Whether this page signed the browser out (a credential's buttons then have nothing to act on). */
export const useSignedOutHere = () => useSignedOutBy() !== null;

/** What a component that signs the browser out calls once the sign-out succeeded. */
export const useMarkSignedOut = () => useContext(SignedOutHere).markSignedOut;

/** Parts that are only true while signed in: the user's name, the countdowns, the sign-out buttons. */
export function WhileSignedIn({ children }: { children: React.ReactNode }) {
  return useSignedOutHere() ? null : children;
}

/** Said in place of a signed-in part once this browser was signed out from within the page. */
export function OnceSignedOutHere({ children }: { children: React.ReactNode }) {
  return useSignedOutHere() ? children : null;
}

/** Said at the top of the page once this browser was signed out from within it. */
export function SignedOutHereNotice({ user, loginPath }: { user: string; loginPath: string }) {
  const { signedOutBy: by, loginPath: again = loginPath } = useContext(SignedOutHere);
  if (by === null) return null;
  return (
    // A state change (app/ui/attack-verdict.tsx): neutral, not a warning, and never a verdict's colour.
    <p className="state-change" role="status" data-testid="signed-out-here">
      {by === "stopwatch" ? (
        <><strong>Signed out.</strong> The revocation stopwatch signed <strong>{user}</strong> out of this browser: it no longer holds the credential.</>
      ) : (
        <><strong>Signed out by reuse detection.</strong> A spent refresh token of this sign-in came back (the thief&apos;s copy), so the
          server revoked every token of the sign-in, <strong>{user}</strong>&apos;s own in this browser included.</>
      )}{" "}
      The rest of this page shows the credential as it was. <a href={again}>Sign in again</a>.
    </p>
  );
}
