import { expect, test } from "@playwright/test";
import { JWT_COOKIE, call, expectNoInternals, withSecurityServer, type Answer } from "./harness";

/**
 * Attacks on the login page's account of a refusal: a crafted link, and a refusal cookie
 * planted by someone else. The page draws only the app's own reasons; the cookie is
 * `__Host-` and Secure under `next start`, and is checked against a schema before use.
 */
withSecurityServer();

const LANES = ["jwt", "session", "authjs"] as const;
const ATTACKER_TEXT = "Account locked: call +1-555-0100";

/** Nothing of the attacker's on the page: no notice, no picture, not one word of theirs. */
function expectNothingDrawn(answer: Answer) {
  expect(answer.status).toBe(200);
  expectNoInternals(answer);
  // What is drawn: the HTML without its scripts (Next.js's payload repeats the URL, which
  // holds the attacker's text but is not shown). Booleans, so a failure does not print the page.
  const drawn = answer.body.replace(/<script\b[\s\S]*?<\/script>/g, "");
  expect(drawn.includes("Account locked"), "the attacker's words on the page").toBe(false);
  expect(drawn.includes("555-0100"), "the attacker's number on the page").toBe(false);
  expect(drawn.includes('data-testid="refused-request"'), "a picture of a refusal").toBe(false);
  expect(drawn.includes('data-testid="login-reason"'), "a refusal notice").toBe(false);
}

/** The refusal cookie middleware sets on its way to the login page (a protected page, no credential). */
async function honestRefusal(lane: (typeof LANES)[number]) {
  const answer = await call(`/${lane}/dashboard`);
  expect([302, 303, 307]).toContain(answer.status);
  const line = answer.setCookies.find((c) => /^(__Host-)?auth-refusal=/.test(c));
  expect(line, `a refusal cookie (Set-Cookie: ${answer.setCookies.join(" | ")})`).toBeTruthy();
  const [pair] = (line as string).split(";");
  const name = pair.slice(0, pair.indexOf("="));
  const record = JSON.parse(decodeURIComponent(pair.slice(pair.indexOf("=") + 1))) as Record<string, unknown>;
  const location = new URL(answer.location ?? "", "http://x");
  return { line: line as string, name, record, location: `${location.pathname}${location.search}` };
}

/** The refusal cookie, as a string the Cookie header carries (Next.js percent-decodes it). */
const refusalCookie = (name: string, record: unknown) => `${name}=${encodeURIComponent(JSON.stringify(record))}`;

for (const lane of LANES) {
  test(`${lane}: a crafted reason in the login link draws nothing, neither notice nor picture`, async () => {
    const reason = encodeURIComponent(ATTACKER_TEXT).replace(/%20/g, "+");
    expectNothingDrawn(await call(`/${lane}/login?by=page&reason=${reason}&next=/${lane}/dashboard`));
    expectNothingDrawn(await call(`/${lane}/login?reason=${reason}&next=/${lane}/dashboard`));
  });

  test(`${lane}: the refusal cookie is __Host- prefixed and Secure, and the login page draws the honest one`, async () => {
    const { line, name, location } = await honestRefusal(lane);
    expect(name).toBe("__Host-auth-refusal");
    expect(line).toMatch(/;\s*Secure/i);
    expect(line).toMatch(/;\s*Path=\//i);
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).not.toMatch(/;\s*Domain=/i);
    const page = await call(location, { cookies: line.split(";")[0] });
    expect(page.status).toBe(200);
    expect(page.body.includes('data-testid="refused-request"'), "the honest refusal is drawn").toBe(true);
  });

  test(`${lane}: a forged refusal cookie with text of its own draws nothing`, async () => {
    const { name, record, location } = await honestRefusal(lane);
    const reason = new URL(location, "http://x").searchParams.get("reason") ?? "missing";
    const forgeries: Array<Record<string, unknown>> = [
      { ...record, reason: ATTACKER_TEXT }, // with the same reason in the link, below
      { ...record, runtime: ATTACKER_TEXT },
      { ...record, cookie: { name: ATTACKER_TEXT, bytes: 1 } },
      { ...record, cookie: { name: JWT_COOKIE, bytes: "555-0100" } },
      { ...record, stores: [5550100, "Account locked"] },
      { ...record, ms: 5550100 },
      { ...record, note: ATTACKER_TEXT },
    ];
    for (const forged of forgeries) {
      const linkReason = encodeURIComponent(forged.reason === ATTACKER_TEXT ? ATTACKER_TEXT : reason);
      const page = await call(`/${lane}/login?next=/${lane}/dashboard${linkReason === "missing" ? "" : `&reason=${linkReason}`}`, { cookies: refusalCookie(name, forged) });
      expectNothingDrawn(page);
    }
  });
}
