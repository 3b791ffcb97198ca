import Link from "next/link";
import { LoginForm } from "./login-form";
import { LockWindow } from "./lock-window";
import { DemoUsers } from "./demo-users";
import { safeNextPath } from "@/lib/http";
import { ROUTES } from "@/app/routes";
import { cookies } from "next/headers";
import { REFUSAL_COOKIE, readRefusal, type RefusalLane } from "@/lib/observe/refusal";
import { cookieBytes } from "@/lib/cookies";
import { ownValue } from "./own-value";
import { RequestTimeline, type TimelineStep } from "./request-timeline";
import { RESET_DONE_MESSAGE, demoResetEnabled } from "@/app/demo/reset";


interface Props {
  lane: "jwt" | "session" | "authjs" | "better-auth";
  title: string;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
  /** Why the previous credential was refused, worded per lane. */
  reasonMessages: Record<string, string>;
  /** Where to go after signing in when the URL names no (safe) `next`: the lane's dashboard. */
  dashboardPath: string;
  /** This page's own path (the lane's login), where a reset offered at a lockout lands. */
  loginPath: string;
  /** The JSON login route the default form posts to. */
  endpoint?: string;
  /** The /jwt login: revocation checks the user may choose. */
  revocationChoices?: ReadonlyArray<{ check: string; label: string; hint?: string }>;
  /**
   * The sign-in form for the already-checked `next` target (default: the JSON login form);
   * `resetTo`, where the demo reset is enabled: the page a reset offered at a lockout lands on.
   */
  form?: (next: string, resetTo: string | undefined) => React.ReactNode;
  /** The lane's credential cookie, to draw a request the page's gate refused. */
  credentialCookie: string;
}

/**
 * The picture of the request that was refused on the way here, from what the refusing gate
 * recorded. `why` is one of the lane's own reasons (the caller checked): a URL or a cookie
 * anyone can craft never puts text of its own on this page.
 */
async function refusedRequest(by: string | undefined, why: string, next: string, lane: RefusalLane & { ended: readonly string[] }, sentence: string | undefined): Promise<TimelineStep[] | null> {
  const jar = await cookies();
  const credentialCookie = lane.cookieName;
  // In words, with the reason's code after it; a request with no credential at all is someone
  // not signed in yet, and a sign-in that ended is the user's own state change: neither is an
  // attack held off (no shield), and the box says which it was.
  const ended = lane.ended.includes(why);
  const refusedBecause = why === "missing"
    ? { detail: "refused: no credential was sent, so nobody is signed in (missing)", short: "refused: no credential", noCredential: true }
    : { detail: `refused (${why})${sentence ? `. ${sentence[0].toUpperCase()}${sentence.slice(1)}` : ""}`, short: ended ? `refused: the sign-in ended (${why})` : `refused (${why})`, noCredential: ended };
  if (by === "page") {
    const sent = jar.get(credentialCookie)?.value;
    return [
      sent === undefined
        ? { kind: "browser", title: "browser", detail: "no credential cookie" }
        : { kind: "browser", title: "browser", detail: `${credentialCookie}, ${cookieBytes(credentialCookie, sent)} bytes` },
      { kind: "middleware", title: "middleware", detail: "passed it on" },
      { kind: "gate", title: "second gate", ...refusedBecause, refused: true },
      { kind: "answer", title: "answer", detail: "redirect to this page" },
    ];
  }
  const refusal = readRefusal(jar.get(REFUSAL_COOKIE)?.value, lane);
  // Only the refusal that sent the user here (same page, within the cookie's minute).
  if (!refusal || refusal.path !== new URL(next, "http://x").pathname || refusal.reason !== why) return null;
  const steps: TimelineStep[] = [
    refusal.cookie
      ? { kind: "browser", title: "browser", detail: `${refusal.cookie.name}, ${refusal.cookie.bytes} bytes` }
      : { kind: "browser", title: "browser", detail: "no credential cookie" },
    { kind: "middleware", title: `middleware (${refusal.runtime})`, ...refusedBecause, ms: refusal.ms, refused: true },
  ];
  if (refusal.stores.length > 0) {
    steps.push({ kind: "store", title: `store (${refusal.runtime})`, detail: `${refusal.stores.length} round trip${refusal.stores.length > 1 ? "s" : ""}`, ms: refusal.stores.reduce((a, b) => a + b, 0) });
  }
  steps.push({ kind: "gate", title: "second gate", detail: "never ran", skipped: true }, { kind: "answer", title: "answer", detail: "redirect to this page" });
  return steps;
}

/**
 * Reasons that end the user's own sign-in (it expired, another device or an admin ended it, a
 * newer sign-in pushed it out): drawn as a state change, not as an attack held off. Every other
 * reason (a forged, altered or guessed credential, one replayed after reuse detection) keeps
 * the "defence holds" shield. Per lane: a JWT "revoked" is a copy of a signed-out token (the
 * browser that signed out holds none), a session or Better Auth "revoked" is the device list's sign-out.
 */
const ENDED_REASONS: Record<Props["lane"], readonly string[]> = {
  jwt: ["expired", "stale-version", "role-changed", "family-revoked", "family-evicted", "refresh-expired", "refresh-family-revoked", "refresh-everywhere"],
  session: ["expired", "evicted", "revoked"],
  authjs: ["expired", "role-changed", "stale-version"],
  "better-auth": ["revoked"],
};

/**
 * Reasons that end a sign-in the user had: the ended ones, and reuse detection (a theft seen,
 * every token of the sign-in revoked). Headed "You were signed out". Any other reason (a cookie
 * that is not ours, altered, or unknown to the store) may never have been a sign-in at all:
 * headed "Not signed in", claiming nothing about the past.
 */
const signedOut = (lane: Props["lane"], reason: string) => ENDED_REASONS[lane].includes(reason) || (lane === "jwt" && (reason === "family-reused" || reason === "refresh-reused"));

/** What a sign-out sends the browser here with: a confirmation, not a refusal. */
const CONFIRMATIONS: Record<string, string> = {
  "signed-out": "Signed out. This browser no longer holds the credential.",
  "signed-out-everywhere": "Signed out everywhere: every browser and device signed in to this account is signed out too.",
  reset: RESET_DONE_MESSAGE,
};

/**
 * The JWT lane's "everywhere" reaches only what the server can check: a token is a credential
 * in its own right, and one chosen without the version check (a plain JWT) has nothing to revoke.
 */
const JWT_CONFIRMATIONS: Record<string, string> = {
  ...CONFIRMATIONS,
  "signed-out-everywhere":
    "Signed out everywhere the server can reach: every token of yours with the token-version check is refused from its next request, and every refresh token is revoked. A token without those checks (a plain JWT) on another device keeps working until it expires: nothing on the server refers to it.",
};

/** A lane's reason, some written as a clause ("this session was …"), as a sentence. */
const asSentence = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}`;

/** "Signed out. This browser …": the first sentence (or the part before a colon) in bold, like every state-change notice's lead. */
function LeadInBold({ text }: { text: string }) {
  const lead = /^[^.:]+[.:]/.exec(text)?.[0];
  return lead ? <><strong>{lead}</strong>{text.slice(lead.length)}</> : text;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The login page of one lane: the form, the demo users, and why the user landed here. */
export async function LoginPage({ lane, title, searchParams, reasonMessages, dashboardPath, loginPath, endpoint, revocationChoices, form, credentialCookie }: Props) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next), dashboardPath);
  const reason = first(params.reason);
  const confirmation = ownValue(lane === "jwt" ? JWT_CONFIRMATIONS : CONFIRMATIONS, reason);
  const reasonMessage = confirmation ? undefined : ownValue(reasonMessages, reason);
  // Only the lane's own reasons are drawn (no reason: the credential was missing); any other
  // text in the URL draws nothing, neither the notice nor the picture.
  const why = reason ?? "missing";
  const accepted = { reasons: ["missing", ...Object.keys(reasonMessages)], cookieName: credentialCookie, ended: ENDED_REASONS[lane] };
  const refused = confirmation || !accepted.reasons.includes(why) ? null : await refusedRequest(first(params.by), why, next, accepted, ownValue(reasonMessages, why));
  // A lockout is no dead end: where the demo may be reset, the form offers it, and lands back here.
  const resetTo = demoResetEnabled() ? `${loginPath}?${new URLSearchParams({ next, reason: "reset" })}` : undefined;
  return (
    // One centred column: the form, then the demo users under it. Side by side at 1280 px the
    // demo users card left ~545 px of empty column beside the JWT form (650-700 px with a notice
    // or the refused request's picture).
    <div className="login-page">
      <section className={`card ${lane}`} data-testid="login-card">
        <h1>{title}</h1>
        {confirmation && <p className="confirmation" role="status" data-testid="login-confirmation"><LeadInBold text={confirmation} /></p>}
        {reasonMessage && (
          // A state change, drawn like the "Signed out." confirmation, not as a warning: a bold
          // lead, then the lane's reason as a sentence of its own.
          <p className="state-change" data-testid="login-reason"><strong>{signedOut(lane, why) ? "You were signed out." : "Not signed in."}</strong> {asSentence(reasonMessage)}</p>
        )}
        {/* The limiter's window: how long a lock lasts, said by the form's lockout notices. */}
        <LockWindow>
          {form ? form(next, resetTo) : endpoint && <LoginForm endpoint={endpoint} next={next} revocationChoices={revocationChoices} resetTo={resetTo} />}
        </LockWindow>
        <p>After signing in you go to <code data-testid="login-next">{next}</code>.</p>
        {refused && (
          <div className="refused-request" data-testid="refused-request">
            <h2>Which gate said no, and why</h2>
            <RequestTimeline id="refusal-timeline" label="The request that was refused" steps={refused} />
          </div>
        )}
      </section>
      <section className="card demo-users" data-testid="demo-users-card">
        <h2>Demo users</h2>
        <DemoUsers />
        <p><Link href={ROUTES.home}>Back to the overview</Link></p>
      </section>
    </div>
  );
}
