import { expect, test } from "@playwright/test";
import { call, expectNoInternals, withSecurityServer } from "./harness";

/**
 * The benchmark's fixture pages on a server started with BENCH_FIXTURES=1 (as `npm run
 * bench` starts its servers; the same build answers 404 without it, production.spec.ts).
 * Served, they still draw no identity header a client sent: /bench/passthrough because
 * middleware strips them, /bench/baseline (outside middleware, the benchmark's "no
 * middleware" reference) because the page drops them itself.
 */
withSecurityServer({ BENCH_FIXTURES: "1" });

/** Headers a client might send hoping a page draws or trusts them. */
const CLIENT_IDENTITY = {
  "x-user-id": "mallory-from-the-client",
  "x-user-role": "admin-from-the-client",
  "x-auth-runtime": "runtime-from-the-client",
  "x-auth-timing": 'mw;desc="timing-from-the-client";dur=1',
};

/** The HTML without scripts: what is drawn (Next.js's payload repeats the same values). */
const drawnOf = (body: string) => body.replace(/<script\b[\s\S]*?<\/script>/g, "");

for (const path of ["/bench/baseline", "/bench/passthrough"]) {
  test(`${path} is served, and draws no identity header the client sent`, async () => {
    const answer = await call(path, { headers: CLIENT_IDENTITY });
    expect(answer.status).toBe(200);
    expectNoInternals(answer);
    const body = answer.body;
    expect(body).toContain('data-testid="fixture-note"');
    for (const value of ["mallory", "admin-from-the-client", "runtime-from-the-client", "timing-from-the-client"]) {
      expect(body.includes(value), `the page carries the client's ${value}`).toBe(false);
      expect(drawnOf(body).includes(value), `the page draws the client's ${value}`).toBe(false);
    }
    expect(answer.headers.get("x-frame-options")).toBe("DENY");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
  });
}

test("/bench/passthrough goes through middleware's common path: a CSP with a fresh nonce on every answer", async () => {
  const [first, second] = [await call("/bench/passthrough"), await call("/bench/passthrough")];
  const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
  expect(nonceOf(first.headers.get("content-security-policy"))).toBeTruthy();
  expect(nonceOf(first.headers.get("content-security-policy"))).not.toBe(nonceOf(second.headers.get("content-security-policy")));
  expect(first.body).toContain(`nonce="${nonceOf(first.headers.get("content-security-policy"))}"`);
});

test("/bench/round-trips makes as many store GETs as asked, and no more than 32: a bad n is a 400 with a sentence", async () => {
  const answer = await call("/bench/round-trips?n=8");
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toEqual({ roundTrips: 8 });
  for (const n of ["33", "-1", "1.5", "lots"]) {
    const refused = await call(`/bench/round-trips?n=${n}`);
    expect(refused.status, n).toBe(400);
    expect(JSON.parse(refused.body), n).toEqual({ error: "n must be a whole number from 0 to 32." });
    expectNoInternals(refused);
  }
});

