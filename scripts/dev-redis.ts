/**
 * `npm run dev:redis`: a local Redis for the session lane, no cloud account needed.
 * Starts Debian's redis-server on a free port and the Upstash stand-in in front of it
 * (scripts/lib/upstash-standin.ts), prints the variables to give `npm run dev` for either
 * way to reach it (TCP, or Upstash's REST API), and keeps running until Ctrl-C (which stops both).
 */
import { randomBytes } from "node:crypto";
import { startRedisServer, REDIS_MISSING_MESSAGE, redisServerBinary } from "./lib/redis-server";
import { startUpstashStandIn } from "./lib/upstash-standin";

if (!redisServerBinary()) {
  console.error(REDIS_MISSING_MESSAGE);
  process.exit(1);
}

const port = Number(process.env.STANDIN_PORT ?? 8079);
const token = process.env.UPSTASH_REDIS_REST_TOKEN ?? randomBytes(24).toString("base64url");
// A password even on loopback: without one, any local process could read or forge sessions.
const redis = await startRedisServer({ password: randomBytes(24).toString("base64url") });
const standIn = await startUpstashStandIn({ redisUrl: redis.url, token, port });

console.log(`redis-server on 127.0.0.1:${redis.port} (password protected); Upstash stand-in on ${standIn.url}

Run the app against it (in another terminal), over TCP, as a self-hosted server would:

  REDIS_URL=${redis.url} npm run dev

or through Upstash's REST API, as on Vercel (middleware then looks sessions up at the Edge too):

  UPSTASH_REDIS_REST_URL=${standIn.url} UPSTASH_REDIS_REST_TOKEN=${token} npm run dev

(or put the variables of one of them in .env.local).

Ctrl-C stops both (the data lives in a temporary directory and goes with them).`);

async function shutdown() {
  await standIn.close();
  await redis.dispose();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
