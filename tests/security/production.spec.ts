import { expect, test } from "@playwright/test";
import { call, expectNoInternals, secret, withSecurityServer } from "./harness";

/**
 * What a production server shows an anonymous visitor: no benchmark fixtures (unless
 * BENCH_FIXTURES=1, see bench-fixtures.spec.ts), and no internals. The store here is Redis
 * over Upstash's REST API at an address with credentials in it (nothing listens there: no
 * page these tests request needs the store).
 */
const STORE_PASSWORD = secret("upstash-userinfo-password-0100");
const STORE_TOKEN = secret("upstash-rest-token-that-must-stay-hidden");
const STORE_ADDRESS = "127.0.0.1:9";
const PROXY_HEADER = "x-proxy-client-address-0100";
withSecurityServer({
  UPSTASH_REDIS_REST_URL: `http://upstash-user:${STORE_PASSWORD}@${STORE_ADDRESS}/`,
  UPSTASH_REDIS_REST_TOKEN: STORE_TOKEN,
  // The suite's servers count store calls at /bench/store-stats; a production server does not.
  STORE_ROUND_TRIP_COUNTER: "off",
  // Which header the proxy writes the client's address into is an internal too.
  TRUSTED_PROXY_HEADER: PROXY_HEADER,
});

for (const path of ["/bench/baseline", "/bench/passthrough"]) {
  test(`${path} is not served without BENCH_FIXTURES=1 (404)`, async () => {
    const answer = await call(path, { headers: { "x-user-id": "mallory", "x-user-role": "admin" } });
    expect(answer.status).toBe(404);
    expectNoInternals(answer);
    expect(answer.body.includes("fixture-note"), "the fixture's content").toBe(false);
    expect(answer.body.includes("mallory"), "a client-sent header drawn").toBe(false);
  });
}

test("/bench/round-trips makes no store call without BENCH_FIXTURES=1 (404)", async () => {
  const answer = await call("/bench/round-trips?n=32");
  expect(answer.status).toBe(404);
  expect(answer.body.includes("roundTrips")).toBe(false);
});

test("/bench/store-stats is not served without STORE_ROUND_TRIP_COUNTER=on (404)", async () => {
  expect((await call("/bench/store-stats")).status).toBe(404);
});

for (const path of ["/", "/compare", "/jwt/login", "/session/login", "/authjs/login"]) {
  test(`${path} tells an anonymous visitor nothing internal: the store's kind, not its address or credentials, no header names`, async () => {
    const answer = await call(path);
    expect(answer.status).toBe(200);
    expectNoInternals(answer);
    if (path === "/" || path === "/compare") expect(answer.body).toContain("Redis via Upstash REST");
    for (const hidden of [STORE_ADDRESS, "upstash-user", STORE_PASSWORD, STORE_TOKEN, PROXY_HEADER, "x-socket-address-"]) {
      expect(answer.body.includes(hidden), `the page shows ${hidden}`).toBe(false);
    }
  });
}
