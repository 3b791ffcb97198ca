import { expect, test } from "@playwright/test";
import { HOOK_TIMEOUT, BOB, JWT_COOKIE, JWT_REFRESH_COOKIE } from "./helpers";
import { E2E_SERVER_ENV } from "./env";
import { freePort, startNextServer, type Started } from "../../scripts/lib/processes";
import { Redis as IORedis } from "ioredis";
import { startRedisServer, redisServerBinary, REDIS_MISSING_MESSAGE, type RedisServer } from "../../scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "../../scripts/lib/upstash-standin";

/**
 * Refresh-token rotation raced against `next start`, on the memory store and on real Redis
 * (redis-server behind the Upstash stand-in, and the same server over TCP): each guarantee is tried many times with the
 * requests that could overlap fired in parallel. Plain HTTP clients without a cookie jar, so
 * every credential sent is explicit (the thief's copy and the victim's are separate).
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const TOKEN = "e2e-races-standin-token";
const TRIALS = 10;
const TCP_DB = 1;
let redis: RedisServer;
let standIn: StandIn;
const servers: Started[] = [];
const STORES = ["memory", "redis", "redis-tcp"] as const;
const bases: Record<(typeof STORES)[number], string> = { memory: "", redis: "", "redis-tcp": "" };

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  if (!redisServerBinary()) throw new Error(REDIS_MISSING_MESSAGE);
  redis = await startRedisServer();
  standIn = await startUpstashStandIn({ redisUrl: redis.url, token: TOKEN });
  // Default device limit (3); the store-call counter on, for the memory store's key count.
  const env = { ...E2E_SERVER_ENV, STORE_ROUND_TRIP_COUNTER: "on" };
  const [portM, portR, portT] = await Promise.all([freePort(), freePort(), freePort()]);
  servers.push(
    ...(await Promise.all([
      startNextServer(portM, env, { captureOutput: true }),
      startNextServer(portR, { ...env, UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: TOKEN }, { captureOutput: true }),
      // The same redis-server over TCP, in a database of its own (keyCount counts each).
      startNextServer(portT, { ...env, REDIS_URL: `${redis.url}/${TCP_DB}` }, { captureOutput: true }),
    ])),
  );
  bases.memory = `http://localhost:${portM}`;
  bases.redis = `http://localhost:${portR}`;
  bases["redis-tcp"] = `http://localhost:${portT}`;
});

test.afterAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  await Promise.all(servers.map((server) => server.stop()));
  await standIn?.close();
  await redis?.dispose();
});

function setCookie(response: Response, name: string): string | null {
  for (const line of response.headers.getSetCookie()) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match) return match[1] || null; // an emptied cookie is a cleared one
  }
  return null;
}

interface Credentials {
  access: string;
  refresh: string;
}

async function login(base: string): Promise<Credentials> {
  const response = await fetch(`${base}/api/jwt/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(BOB), // every revocation check, refresh included (the default)
  });
  expect(response.status).toBe(200);
  return { access: setCookie(response, JWT_COOKIE)!, refresh: setCookie(response, JWT_REFRESH_COOKIE)! };
}

interface Refreshed {
  status: number;
  access: string | null;
  refresh: string | null;
  reason?: string;
}

async function refresh(base: string, refreshToken: string): Promise<Refreshed> {
  const response = await fetch(`${base}/api/jwt/refresh`, { method: "POST", headers: { cookie: `${JWT_REFRESH_COOKIE}=${refreshToken}` } });
  const body = (await response.json()) as { reason?: string };
  return { status: response.status, access: setCookie(response, JWT_COOKIE), refresh: setCookie(response, JWT_REFRESH_COOKIE), reason: body.reason };
}

async function me(base: string, access: string): Promise<number> {
  return (await fetch(`${base}/api/jwt/me`, { headers: { authorization: `Bearer ${access}` } })).status;
}

async function post(base: string, path: string, access: string): Promise<number> {
  return (await fetch(`${base}${path}`, { method: "POST", headers: { cookie: `${JWT_COOKIE}=${access}` } })).status;
}

/** Live keys in the store: Redis's own count (of the database), or the memory store's through /bench/store-stats. */
async function keyCount(store: (typeof STORES)[number]): Promise<number> {
  if (store === "redis") return standIn.redis.dbsize();
  if (store === "redis-tcp") {
    const client = new IORedis(`${redis.url}/${TCP_DB}`, { protocol: 2 });
    try {
      return await client.dbsize();
    } finally {
      client.disconnect();
    }
  }
  const stats = (await (await fetch(`${bases.memory}/bench/store-stats`)).json()) as { keys: number };
  return stats.keys;
}

for (const store of STORES) {
  test.describe(`refresh races on the ${store} store`, () => {
    test("10 parallel refreshes with one token leave at most one live successor", async () => {
      const base = bases[store];
      for (let trial = 0; trial < TRIALS; trial++) {
        const { refresh: r0 } = await login(base);
        const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(base, r0)));
        const successors = [...new Set(answers.flatMap((a) => (a.status === 200 && a.refresh ? [a.refresh] : [])))];
        expect(successors.length).toBeLessThanOrEqual(1);
        // At most one more answer in the grace window; the rest are reuse.
        expect(answers.filter((a) => a.status === 200 && !a.refresh).length).toBeLessThanOrEqual(1);
        const live = (await Promise.all(successors.map((s) => refresh(base, s)))).filter((a) => a.status === 200);
        expect(live.length).toBeLessThanOrEqual(1);
      }
    });

    test("two parallel refreshes (two tabs) both answer 200, and only one sets a new refresh cookie", async () => {
      const base = bases[store];
      for (let trial = 0; trial < TRIALS; trial++) {
        const { refresh: r0 } = await login(base);
        const [a, b] = await Promise.all([refresh(base, r0), refresh(base, r0)]);
        expect([a.status, b.status]).toEqual([200, 200]);
        expect(a.access && b.access).toBeTruthy();
        const successors = [a.refresh, b.refresh].filter((r): r is string => r !== null);
        expect(successors).toHaveLength(1);
        expect((await refresh(base, successors[0])).status).toBe(200);
      }
    });

    for (const [action, path] of [["logout", "/api/jwt/logout"], ["log out everywhere", "/api/jwt/logout-everywhere"]] as const) {
      test(`a thief refreshing in a loop never survives ${action}`, async () => {
        const base = bases[store];
        for (let trial = 0; trial < TRIALS; trial++) {
          const victim = await login(base);
          // The thief holds a copy of the refresh token and refreshes as fast as it can.
          let thiefRefresh = victim.refresh;
          const thiefAccess: string[] = [];
          let rotations = 0;
          let stop = false;
          let firstRotation!: () => void;
          const rotatedOnce = new Promise<void>((resolve) => (firstRotation = resolve));
          const thief = (async () => {
            for (let i = 0; i < 200 && !stop; i++) {
              const answer = await refresh(base, thiefRefresh);
              if (answer.status !== 200) break;
              if (answer.access) thiefAccess.push(answer.access);
              if (answer.refresh) thiefRefresh = answer.refresh;
              rotations++;
              firstRotation();
            }
            firstRotation();
          })();
          await rotatedOnce;
          // The victim signs out with their own (older) access token while the thief is mid-loop.
          expect(await post(base, path, victim.access)).toBe(200);
          stop = true;
          await thief;
          expect(rotations).toBeGreaterThan(0);
          // Whatever the thief got, before or after the sign-out, is refused from now on.
          for (const access of thiefAccess) expect(await me(base, access)).toBe(401);
          expect((await refresh(base, thiefRefresh)).status).toBe(401);
          expect(await me(base, victim.access)).toBe(401);
        }
      });
    }

    test("a rotated token replayed in the grace window is answered once (and logged); the next replay revokes the family", async () => {
      const base = bases[store];
      const server = servers[STORES.indexOf(store)];
      for (let trial = 0; trial < 3; trial++) {
        const { refresh: r0 } = await login(base);
        const winner = await refresh(base, r0);
        expect(winner.refresh).toBeTruthy();
        const logLines = server.output().split("\n").filter((line) => line.includes('"jwt.refresh-grace"')).length;
        const grace = await refresh(base, r0);
        expect(grace).toMatchObject({ status: 200, refresh: null });
        expect(await me(base, grace.access!)).toBe(200);
        await expect.poll(() => server.output().split("\n").filter((line) => line.includes('"jwt.refresh-grace"')).length).toBe(logLines + 1);
        const thief = await refresh(base, r0);
        expect(thief).toMatchObject({ status: 401, reason: "reused" });
        expect((await refresh(base, winner.refresh!)).status).toBe(401);
        expect(await me(base, grace.access!)).toBe(401); // the grace answer's access token dies with the family
        expect(await me(base, winner.access!)).toBe(401);
      }
    });

    test("storage stays flat over 60 rotations, and sign-ins beyond the device limit revoke the oldest families", async () => {
      const base = bases[store];
      let { refresh: current } = await login(base);
      await refresh(base, current).then((a) => (current = a.refresh!));
      const before = await keyCount(store);
      for (let i = 0; i < 60; i++) {
        const answer = await refresh(base, current);
        expect(answer.status).toBe(200);
        current = answer.refresh!;
      }
      expect(await keyCount(store)).toBe(before);

      const logins: Credentials[] = [];
      for (let i = 0; i < 5; i++) logins.push(await login(base));
      const answers = await Promise.all(logins.map((l) => refresh(base, l.refresh)));
      // Device limit 3: of this user's families, only the three newest are alive.
      expect(answers.map((a) => a.status)).toEqual([401, 401, 200, 200, 200]);
      expect(answers[0].reason).toBe("family-revoked");
      // The evicted sign-in's access token is refused with the cause, not a list of possible ones.
      const evicted = await fetch(`${base}/api/jwt/me`, { headers: { authorization: `Bearer ${logins[0].access}` } });
      expect(evicted.status).toBe(401);
      expect(await evicted.json()).toMatchObject({ reason: "family-evicted" });
      expect((await refresh(base, current)).status).toBe(401); // the first login's family went first
    });
  });
}
