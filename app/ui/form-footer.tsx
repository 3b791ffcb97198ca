"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { RetryCountdown } from "./countdown";
import { useHydrated } from "./use-hydrated";
import { ResetOffer } from "./step-up-notices";
import { EVERY_LANE, LAST_ATTEMPT_SENTENCE, attemptsLeftSentence, lockLengthSentence } from "./attempts-left";
import { usernameLock as peekUsernameLock } from "./lock-actions";

/** An address's own lock, found before any submit (app/ui/lock-window.tsx). */
export interface AddressLock {
  retryAfterSeconds: number;
  /** The address's limit: failed sign-ins from it, any usernames, per window. */
  failures: number;
}

/**
 * What the login page (a server component, app/ui/lock-window.tsx) knows about the limiter and
 * provides here, so every lane's form, the JSON one and the server-action one alike, can say it:
 * its window in seconds (loginLimitsConfig in lib/security/login.ts), which is how long a lock lasts at most,
 * and whether this client's address is locked already.
 */
const LockContext = createContext<{
  windowSeconds?: number;
  addressLock?: AddressLock | null;
  /** The username in the field, and a lock the server reported for one typed earlier. */
  typedUsername?: string;
  usernameLock?: UsernameLock | null;
  onUsernameTyped?: (username: string) => void;
  checkUsername?: (username: string) => void;
  clearUsernameLock?: () => void;
}>({});

/** A lock on one username from this address, reported when the field was left (app/ui/lock-actions.ts). */
interface UsernameLock { username: string; retryAfterSeconds: number }

export function LockInfo({ windowSeconds, addressLock, children }: { windowSeconds: number; addressLock: AddressLock | null; children: React.ReactNode }) {
  const [typedUsername, onUsernameTyped] = useState("");
  const [usernameLock, setUsernameLock] = useState<UsernameLock | null>(null);
  const checkUsername = useCallback((username: string) => {
    // Read-only on the server: asking counts no attempt. No answer: nothing shown (the submit says it).
    void peekUsernameLock(username).then((lock) => setUsernameLock(lock && { username, ...lock }), () => setUsernameLock(null));
  }, []);
  const clearUsernameLock = useCallback(() => setUsernameLock(null), []);
  return (
    <LockContext.Provider value={{ windowSeconds, addressLock, typedUsername, usernameLock, onUsernameTyped, checkUsername, clearUsernameLock }}>
      {children}
    </LockContext.Provider>
  );
}

/** A 429's wait: `attempt` tells one refusal from the next, so each restarts the countdown. */
export type Lockout = { seconds: number; attempt?: number } | null;

/**
 * The end of every login form: the form-level error (with the rate limiter's countdown when
 * there is one: after a refusal, or with the wrong password that spent the last attempt, then
 * said so), the attempts left after a wrong password, and the submit button, disabled
 * until the page runs, while signing in, or while waiting out a lockout. A lockout says which lanes it covers and, where
 * the demo reset is enabled (`resetTo`: the page to land on after it), offers it right here.
 */
export function FormFooter({ error, lockout, onLockoutEnd, pending, attemptsLeft, resetTo }: {
  error?: string;
  lockout: Lockout;
  onLockoutEnd: () => void;
  pending: boolean;
  attemptsLeft?: number;
  resetTo?: string;
}) {
  const hydrated = useHydrated();
  const { windowSeconds, addressLock, typedUsername, usernameLock, clearUsernameLock } = useContext(LockContext);
  // The address's lock found on arrival, until its countdown ends (or a sign-in says more).
  const [addressLockOver, setAddressLockOver] = useState(false);
  const endAddressLock = useCallback(() => setAddressLockOver(true), []);
  const arrivedLocked = addressLock && !addressLockOver && !error && !lockout ? addressLock : null;
  // The username in the field is locked out from here (the page was reloaded after a lockout, or
  // another lane's login opened): said before the submit that would be refused.
  const lockedUsername = usernameLock && usernameLock.username === typedUsername && !arrivedLocked && !error && !lockout ? usernameLock : null;
  return (
    <>
      {error && (
        <p role="alert" className="error" data-testid="form-error">
          {error}
          {lockout && attemptsLeft === 0 && <> {LAST_ATTEMPT_SENTENCE}</>}
          {lockout && <> <RetryCountdown key={lockout.attempt} seconds={lockout.seconds} onDone={onLockoutEnd} /></>}
        </p>
      )}
      {error && !lockout && attemptsLeft !== undefined && <p className="notice" data-testid="attempts-left">{attemptsLeftSentence(attemptsLeft, windowSeconds)}</p>}
      {lockout && (
        <div className="notice lockout-help" data-testid="lockout-help">
          <p>
            {windowSeconds !== undefined && <>{lockLengthSentence(windowSeconds)}{" "}</>}
            The lock covers this username from this network address, in {EVERY_LANE}: they share one limiter, so another
            lane refuses you too. Another username may still sign in here: change the username and the button comes back
            (unless this address has failed with many usernames, which locks the address).
          </p>
          {resetTo && <ResetOffer resetTo={resetTo} />}
        </div>
      )}
      {arrivedLocked && (
        <LockNotice testId="address-lock" windowSeconds={windowSeconds} resetTo={resetTo}>
          <strong>Sign-in is locked for this network address</strong>: {arrivedLocked.failures} failed sign-ins came from it
          within the limiter&apos;s window, whatever the usernames. Every sign-in from here is refused in {EVERY_LANE},
          for every username, until the lock ends.{" "}
          <RetryCountdown seconds={arrivedLocked.retryAfterSeconds} onDone={endAddressLock} />
        </LockNotice>
      )}
      {lockedUsername && (
        <LockNotice testId="username-lock" windowSeconds={windowSeconds} resetTo={resetTo}>
          <strong>This username is locked out here</strong>: too many failed sign-ins for it came from this network
          address. It is refused in {EVERY_LANE} until the lock ends; another username may still sign in.{" "}
          <RetryCountdown key={lockedUsername.retryAfterSeconds} seconds={lockedUsername.retryAfterSeconds} onDone={clearUsernameLock ?? (() => {})} />
        </LockNotice>
      )}
      <button type="submit" disabled={!hydrated || pending || lockout !== null || arrivedLocked !== null || lockedUsername !== null}>{pending ? "Signing in…" : "Sign in"}</button>
    </>
  );
}

/**
 * A lock found before any submit (the address's on arrival, the username's once its field is left):
 * why the button below is disabled, how long a lock lasts, and the reset where it is enabled.
 * Brought into view once, when it appears: on a phone, or on the JWT form below the revocation
 * checks, it would come off screen, where the eye is not.
 */
function LockNotice({ testId, windowSeconds, resetTo, children }: { testId: string; windowSeconds?: number; resetTo?: string; children: React.ReactNode }) {
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    notice.current?.scrollIntoView({ block: "nearest" });
  }, []);
  return (
    <div className="notice lockout-help" role="status" data-testid={testId} ref={notice}>
      <p>{children}</p>
      {windowSeconds !== undefined && <p>{lockLengthSentence(windowSeconds)}</p>}
      {resetTo && <ResetOffer resetTo={resetTo} />}
    </div>
  );
}

/** Username and password, each with its error (ids prefixed by `idPrefix`, unique on the page). */
export function CredentialFields({ errors, idPrefix, defaultUsername, onUsernameChange }: {
  errors: { username?: string; password?: string };
  idPrefix: string;
  defaultUsername?: string;
  /** A lockout is for the username it refused: typing another one lifts the form's wait. */
  onUsernameChange?: (username: string) => void;
}) {
  const { onUsernameTyped, checkUsername } = useContext(LockContext);
  return (
    <>
      <label>
        Username
        <input
          name="username"
          autoComplete="username"
          defaultValue={defaultUsername}
          onChange={(event) => {
            onUsernameChange?.(event.currentTarget.value);
            onUsernameTyped?.(event.currentTarget.value);
          }}
          onBlur={(event) => checkUsername?.(event.currentTarget.value)}
          aria-invalid={Boolean(errors.username)}
          aria-describedby={errors.username ? `${idPrefix}username-error` : undefined}
        />
        {errors.username && <span id={`${idPrefix}username-error`} className="error">{errors.username}</span>}
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" aria-invalid={Boolean(errors.password)} aria-describedby={errors.password ? `${idPrefix}password-error` : undefined} />
        {errors.password && <span id={`${idPrefix}password-error`} className="error">{errors.password}</span>}
      </label>
    </>
  );
}
