import { z } from "zod";
import { defineSection } from "../config";
import { MemoryStore } from "./memory";
import { StoreUnavailableError, type KeyValueStore, type WriteOp } from "./types";

export type { CounterIncrement, KeyValueStore, WriteCondition, WriteOp, SortedSetEntry } from "./types";
export { StoreUnavailableError, parseJsonOrNull } from "./types";

export type StoreConfig =
  | { kind: "memory" }
  | { kind: "upstash"; url: string; token: string }
  | { kind: "redis"; url: string };

/**
 * The store: Redis over TCP when REDIS_URL is set (Node.js servers), Redis over Upstash's REST
 * API when both UPSTASH_ variables are set (the Edge and serverless), else memory.
 */
export const storeSection = defineSection(
  z.object({
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: "REDIS_URL must be a redis:// or rediss:// (TLS) URL." }).refine((url) => !/[?#]/.test(url), "REDIS_URL must not carry a query string or fragment: ioredis would read options from it over the app's timeouts.")
      // ioredis takes the path as the database to SELECT, and on any other path serves database 0 (another app's, perhaps).
      .refine((url) => /^\/?\d*$/.test(new URL(url).pathname), "REDIS_URL's path must be empty or a database number (redis://host:6379/1).").optional(),
    UPSTASH_REDIS_REST_URL: z.url({ protocol: /^https?$/, error: "UPSTASH_REDIS_REST_URL must be an http(s) URL." }).optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  }).refine((env) => Boolean(env.UPSTASH_REDIS_REST_URL) === Boolean(env.UPSTASH_REDIS_REST_TOKEN), {
    message: "Set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (Redis), or neither (the in-memory store).",
    path: ["UPSTASH_REDIS_REST_URL"],
  }).refine((env) => !(env.REDIS_URL && env.UPSTASH_REDIS_REST_URL), {
    message: "Set REDIS_URL (Redis over TCP) or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (Redis over REST), not both.",
    path: ["REDIS_URL"],
  }).transform((e): StoreConfig => {
    if (e.REDIS_URL) return { kind: "redis", url: e.REDIS_URL };
    if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN) return { kind: "upstash", url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN };
    return { kind: "memory" };
  }),
  () => ({
    REDIS_URL: process.env.REDIS_URL || undefined,
    UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL || undefined,
    UPSTASH_REDIS_REST_TOKEN: process.env.UPSTASH_REDIS_REST_TOKEN || undefined,
  }),
);
export const storeConfig = storeSection.get;

// Kept on globalThis: Next.js may load this module more than once in one server process
// (route handlers and pages are bundled separately), and they must all share one store.
const STORE_KEY = Symbol.for("jwt-vs-session.store");
const CONNECTORS_KEY = Symbol.for("jwt-vs-session.redis-connectors");
type RedisConfig = Exclude<StoreConfig, { kind: "memory" }>;
type Connectors = { [K in RedisConfig["kind"]]?: (config: Extract<RedisConfig, { kind: K }>) => KeyValueStore };
type Slots = typeof globalThis & { [STORE_KEY]?: KeyValueStore; [CONNECTORS_KEY]?: Connectors };
const slots = globalThis as Slots;

/**
 * Redis is attached, never imported: this module knows only the memory store, so a copy
 * that keeps sessions in memory carries no Redis client, and middleware on the Edge runtime
 * never bundles the TCP one (it needs Node.js's sockets). instrumentation.ts attaches both
 * on Node.js (lib/store/redis-tcp.ts, lib/store/upstash.ts), middleware.ts the REST one.
 */
export function attachRedis<K extends RedisConfig["kind"]>(kind: K, connect: NonNullable<Connectors[K]>): void {
  (slots[CONNECTORS_KEY] ??= {})[kind] = connect;
}

function createStore(config: StoreConfig): KeyValueStore {
  if (config.kind === "memory") return new MemoryStore();
  const connect = slots[CONNECTORS_KEY]?.[config.kind] as ((config: RedisConfig) => KeyValueStore) | undefined;
  if (!connect) {
    const variable = config.kind === "redis" ? "REDIS_URL" : "UPSTASH_REDIS_REST_URL";
    throw new Error(`${variable} is set, but no Redis store is attached on this runtime: see attachRedis() in lib/store/index.ts.`);
  }
  return connect(config);
}

/**
 * The process-wide store: Redis over TCP when REDIS_URL is set, Redis through Upstash's HTTP
 * API when UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are, otherwise an in-memory
 * map in this process.
 */
export function getStore(): KeyValueStore {
  slots[STORE_KEY] ??= createStore(storeConfig());
  return slots[STORE_KEY];
}

const MAX_WRITE_ATTEMPTS = 64; // then a 503: try again

/** A revision key: a value that changes with each write that must be noticed (writeUnlessChanged). */
export type Revision = { key: string; ttlSeconds: number };
export const newRevisionOp = ({ key, ttlSeconds }: Revision): Extract<WriteOp, { op: "set" }> => ({ op: "set", key, value: crypto.randomUUID(), ttlSeconds });

/**
 * Optimistic concurrency over a revision key: reads it (with `keys`, in one snapshot), builds the
 * writes from those values and what `build` reads, and applies them with a new revision only if
 * the revision did not change meanwhile; else waits a random moment (longer each time) and builds
 * again from fresh reads. Of parallel callers one lands per round: a per-user limit holds.
 */
export async function writeUnlessChanged<T>(
  store: KeyValueStore,
  revision: Revision,
  keys: string[],
  build: (values: (string | null)[]) => Promise<{ ops: WriteOp[]; result: T }>,
): Promise<T> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const [seen, ...values] = await store.getMany([revision.key, ...keys]);
    const { ops, result } = await build(values);
    const next = newRevisionOp(revision);
    if (await store.writeIf({ key: revision.key, expected: seen }, [...ops, next])) return result;
    // Lost, or ours landed and the store client's resend (after a lost reply) found it written.
    if ((await store.get(revision.key)) === next.value) return result;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
  }
  throw new StoreUnavailableError(`a write under ${revision.key}`, `${MAX_WRITE_ATTEMPTS} parallel changes`);
}

/**
 * Compare-and-write over one key: `decide` answers from the value read, naming any writes (`ops`),
 * which land only if the key still holds that value; else it reads again. `lost` after `attempts` lost rounds.
 */
export async function rewriteOverRead<T>(store: KeyValueStore, key: string, decide: (raw: string | null) => { answer: T; ops?: WriteOp[] }, lost: T, attempts = 8): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const raw = await store.get(key);
    const { answer, ops } = decide(raw);
    if (!ops || (await store.writeIf({ key, expected: raw }, ops))) return answer;
  }
  return lost;
}

/** Puts another store in place of this process's store (the benchmark's counter wraps the real one). */
export function replaceStore(store: KeyValueStore): void {
  slots[STORE_KEY] = store;
}

/**
 * Whether middleware (Edge runtime) can see the same sessions as the Node server. Redis over
 * HTTP (Upstash), where attached: yes. Redis over TCP: no, the Edge runtime has no TCP
 * sockets. The memory store: no, it lives in the Node process's heap, which the Edge sandbox
 * does not share.
 */
export function storeReachableFromEdge(): boolean {
  return storeConfig().kind === "upstash" && Boolean(slots[CONNECTORS_KEY]?.upstash);
}
