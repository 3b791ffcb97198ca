/**
 * A local stand-in for Upstash's Redis REST API, for development and tests: it speaks the
 * HTTP protocol that @upstash/redis uses and forwards the commands the app uses (an
 * allow-list) to a real redis-server through ioredis. Not for production (Upstash itself is the production server).
 *
 * The protocol, as the client in node_modules/@upstash/redis uses it:
 * - POST /            body `["SET","k","v"]`          → `{"result": …}` or HTTP 400 `{"error": "…"}`
 * - POST /pipeline    body `[["SET",…],["GET",…]]`   → `[{"result": …}, {"error": "…"}, …]`
 * - POST /multi-exec  same, inside MULTI/EXEC (atomic) → same shape
 * - `Authorization: Bearer <token>` on every request  → HTTP 401 `{"error": "Unauthorized"}` if wrong
 * - `Upstash-Encoding: base64`: every string in a result is base64 (integers stay numbers,
 *   null stays null, arrays are encoded element by element); without it, strings are UTF-8.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual, createHash } from "node:crypto";
import { Redis } from "ioredis";
import { WRITE_IF_SCRIPT } from "../../lib/store/write-if-script";

export interface StandInOptions {
  /** redis://host:port of the real redis-server */
  redisUrl: string;
  /** The bearer token clients must send (UPSTASH_REDIS_REST_TOKEN). */
  token: string;
}

export interface StandIn {
  server: Server;
  redis: Redis;
  url: string;
  /** HTTP requests answered so far: the app's store round trips (the benchmark counts them). */
  requests(): number;
  /** Redis commands run so far (a pipeline of GET and TTL is one request, two commands). */
  commands(): number;
  /** The same, by command name (GET, MGET, SET, …). */
  commandsByName(): Record<string, number>;
  /** Counts from now on only the traffic that names `key` (see StandInHandler.watch). */
  watch(key: string): KeyTraffic;
  close(): Promise<void>;
}

type Reply = null | number | Buffer | string | Reply[];

/**
 * The commands lib/store/upstash.ts sends, and nothing else: a stand-in that forwarded
 * anything would let whoever holds its token run FLUSHALL, CONFIG SET or KEYS on the
 * real server. EVAL is allowed only with the app's own script (writeIf), since Lua can call
 * any command.
 */
export const ALLOWED_COMMANDS = new Set(["GET", "SET", "DEL", "MGET", "TTL", "PTTL", "EXPIRE", "ZADD", "ZREM", "ZRANGE", "INCRBY", "EVAL", "FLUSHDB"]);

/** Null when the command may be forwarded, else why not (answered as a 400). */
export function refusedCommand([name, ...args]: (string | number)[]): string | null {
  const command = String(name).toUpperCase();
  if (!ALLOWED_COMMANDS.has(command)) return `ERR command ${command} is not one this app uses; the stand-in forwards only ${[...ALLOWED_COMMANDS].join(", ")}`;
  if (command === "EVAL" && args[0] !== WRITE_IF_SCRIPT) return "ERR EVAL is allowed only with the app's own writeIf script";
  return null;
}
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function encode(reply: Reply, base64: boolean): unknown {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => encode(item, base64));
  const buffer = Buffer.isBuffer(reply) ? reply : Buffer.from(String(reply));
  return base64 ? buffer.toString("base64") : buffer.toString("utf8");
}

function isCommand(value: unknown): value is (string | number)[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] === "string" && value.every((v) => typeof v === "string" || typeof v === "number");
}

function sameToken(given: string, expected: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("ERR request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function runBatch(redis: Redis, commands: (string | number)[][], atomic: boolean, base64: boolean) {
  const batch = atomic ? redis.multi() : redis.pipeline();
  for (const [name, ...args] of commands) batch.callBuffer(String(name), ...args.map(String));
  const results = await batch.exec(); // [[error, reply], …]; rejects if MULTI aborts (EXECABORT)
  if (!results) throw new Error("ERR transaction aborted");
  return results.map(([error, reply]) => (error ? { error: errorMessage(error) } : { result: encode(reply as Reply, base64) }));
}

/** Running totals of the traffic that named one key: an exact count whatever else is in flight. */
export interface KeyTraffic {
  /** HTTP requests with at least one command naming the key. */
  roundTrips(): number;
  /** Commands naming the key (as any argument: GET k, SET k v, MGET a k b, …). */
  commands(): number;
  byName(): Record<string, number>;
}

export interface StandInHandler {
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  redis: Redis;
  /** Redis commands run so far, in all and by name. */
  commands: () => number;
  commandsByName: () => Record<string, number>;
  /**
   * Starts counting the traffic that names `key`. A benchmark counts one session's lookups
   * this way, so requests another load left in flight cannot add to its count.
   */
  watch: (key: string) => KeyTraffic;
}

export function createUpstashStandIn(options: StandInOptions): StandInHandler {
  const redis = new Redis(options.redisUrl, {
    protocol: 2, // Upstash answers in RESP2 shapes (flat arrays, doubles as strings)
    // Fail fast while redis-server is down instead of queueing commands until it returns:
    // the app must see the outage (and answer 503), not hang.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 100, // keep reconnecting every 100 ms
    lazyConnect: false,
  });
  redis.on("error", () => {
    /* reported per request instead */
  });
  let commands = 0;
  const byName: Record<string, number> = {};
  const watched = new Map<string, { roundTrips: number; commands: number; byName: Record<string, number> }>();
  const tally = (into: Record<string, number>, name: unknown) => {
    const upper = String(name).toUpperCase();
    into[upper] = (into[upper] ?? 0) + 1;
  };
  const count = (batch: unknown[][]) => {
    commands += batch.length;
    for (const [name] of batch) tally(byName, name);
    for (const [key, traffic] of watched) {
      const naming = batch.filter(([, ...args]) => args.some((arg) => String(arg) === key));
      if (naming.length === 0) continue;
      traffic.roundTrips += 1;
      traffic.commands += naming.length;
      for (const [name] of naming) tally(traffic.byName, name);
    }
  };
  const watch = (key: string): KeyTraffic => {
    const traffic = watched.get(key) ?? { roundTrips: 0, commands: 0, byName: {} };
    watched.set(key, traffic);
    return { roundTrips: () => traffic.roundTrips, commands: () => traffic.commands, byName: () => ({ ...traffic.byName }) };
  };

  async function handler(req: IncomingMessage, res: ServerResponse) {
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    if (!auth || !sameToken(auth[1], options.token)) return send(res, 401, { error: "Unauthorized" });
    if (req.method !== "POST") return send(res, 405, { error: "ERR only POST is supported by this stand-in" });

    const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "") || "/";
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      return send(res, 400, { error: `ERR failed to parse request body: ${errorMessage(error)}` });
    }

    try {
      if (path === "/") {
        if (!isCommand(body)) return send(res, 400, { error: "ERR body must be a JSON array: [command, ...args]" });
        const refused = refusedCommand(body);
        if (refused) return send(res, 400, { error: refused });
        const [name, ...args] = body;
        count([body]);
        const reply = (await redis.callBuffer(String(name), ...args.map(String))) as Reply;
        return send(res, 200, { result: encode(reply, base64) });
      }
      if (path === "/pipeline" || path === "/multi-exec") {
        if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
          return send(res, 400, { error: "ERR body must be a JSON array of commands" });
        }
        const refused = body.map(refusedCommand).find((reason) => reason !== null);
        if (refused) return send(res, 400, { error: refused }); // nothing of the batch runs
        count(body);
        return send(res, 200, await runBatch(redis, body, path === "/multi-exec", base64));
      }
      return send(res, 404, { error: `ERR unknown endpoint ${path}` });
    } catch (error) {
      // A Redis error reply (WRONGTYPE, unknown command, …) is the client's problem: 400,
      // passed through as Upstash does. Redis being unreachable is ours: 503.
      const message = errorMessage(error);
      const unreachable = redis.status !== "ready";
      return send(res, unreachable ? 503 : 400, { error: unreachable ? `ERR redis unavailable: ${message}` : message });
    }
  }

  return { handler, redis, commands: () => commands, commandsByName: () => ({ ...byName }), watch };
}

/** Starts the stand-in on `port` (0 = any free port) of 127.0.0.1. */
export async function startUpstashStandIn(options: StandInOptions & { port?: number }): Promise<StandIn> {
  const { handler, redis, commands, commandsByName, watch } = createUpstashStandIn(options);
  // Answer only once Redis is reachable: commands are not queued (enableOfflineQueue: false).
  if (redis.status !== "ready") {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis at ${options.redisUrl} not ready after 10 s`)), 10_000);
      redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    handler(req, res).catch((error) => send(res, 500, { error: `ERR ${errorMessage(error)}` }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    server,
    redis,
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    commands,
    commandsByName,
    watch,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
