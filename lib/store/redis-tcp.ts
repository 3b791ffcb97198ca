import { Redis } from "ioredis";
import { STORE_TIMEOUT_MS, StoreUnavailableError, type CounterIncrement, type KeyValueStore, type SortedSetEntry, type WriteCondition, type WriteOp } from "./types";
import { WRITE_IF_SCRIPT, writeIfArguments } from "./write-if-script";

/** A reply list from MULTI/EXEC: [error, result] per command. */
type ExecReplies = [Error | null, unknown][] | null;

/** ioredis with the one script this store defines (EVALSHA, falling back to EVAL once). */
type RedisWithWriteIf = Redis & { writeIf(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number> };

/**
 * Redis over TCP (ioredis), for Node.js servers: one socket kept open, each command a few
 * dozen bytes on it, so a round trip costs the app server tens of microseconds of CPU where
 * Upstash's REST API costs it an HTTP request. (ioredis's auto-pipelining is left off: with
 * ten requests at a time it cost more CPU per command here, not less.) Not for the Edge runtime, which has no TCP sockets: the app
 * attaches it on Node.js only (instrumentation.ts), so middleware never loads it.
 *
 * The same contract as the other stores: write() is one MULTI/EXEC, writeIf() the same Lua
 * script as on Upstash, and any failure (refused, timed out, an error reply) is a
 * StoreUnavailableError.
 */
export class RedisTcpStore implements KeyValueStore {
  readonly kind = "redis";

  private constructor(private readonly redis: RedisWithWriteIf) {}

  /** `redis://[:password@]host:port[/db]`, or `rediss://` for TLS. */
  static connect(url: string): RedisTcpStore {
    const redis = new Redis(url, {
      // RESP2: every Redis since 2.x and the managed look-alikes speak it.
      protocol: 2,
      // No connection until the first command, so merely loading this module opens nothing.
      lazyConnect: true,
      // A Redis that hangs (rather than refusing) must not hang every request with it.
      commandTimeout: STORE_TIMEOUT_MS,
      connectTimeout: STORE_TIMEOUT_MS,
      // Commands issued while the connection is down wait for one reconnection attempt, then
      // fail (a 503), instead of queueing until Redis returns. Attempts come at most 250 ms
      // apart, so that wait stays short and the store is back within 250 ms of Redis.
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 50, 250),
    }) as RedisWithWriteIf;
    redis.defineCommand("writeIf", { lua: WRITE_IF_SCRIPT });
    // Every failed command reports itself to its caller; the connection's own errors
    // (refused, reset) would otherwise be printed as "Unhandled error event".
    redis.on("error", () => {});
    return new RedisTcpStore(redis);
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new StoreUnavailableError(operation, error);
    }
  }

  /** MULTI/EXEC, rejecting when any command in it failed (as the Upstash client does). */
  private async exec(build: (tx: ReturnType<Redis["multi"]>) => void): Promise<unknown[]> {
    const tx = this.redis.multi();
    build(tx);
    const replies = await this.call("MULTI/EXEC", () => tx.exec() as Promise<ExecReplies>);
    if (replies === null) throw new StoreUnavailableError("MULTI/EXEC", new Error("transaction discarded"));
    const failed = replies.find(([error]) => error !== null);
    if (failed) throw new StoreUnavailableError("MULTI/EXEC", failed[0]);
    return replies.map(([, result]) => result);
  }

  get(key: string): Promise<string | null> {
    return this.call("GET", () => this.redis.get(key));
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return this.call("MGET", () => this.redis.mget(...keys));
  }

  async ttlSeconds(key: string): Promise<number | null> {
    const ttl = await this.call("TTL", () => this.redis.ttl(key));
    return ttl < 0 ? null : ttl; // -2: no such key, -1: no expiry
  }

  async sortedSetEntries(key: string): Promise<SortedSetEntry[]> {
    const flat = await this.call("ZRANGE", () => this.redis.zrange(key, "0", "-1", "WITHSCORES"));
    const entries: SortedSetEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i], score: Number(flat[i + 1]) });
    return entries;
  }

  async write(ops: readonly WriteOp[]): Promise<void> {
    if (ops.length === 0) return;
    await this.exec((tx) => {
      for (const op of ops) {
        switch (op.op) {
          case "set":
            if (op.onlyIfExists) tx.set(op.key, op.value, "EX", op.ttlSeconds, "XX");
            else tx.set(op.key, op.value, "EX", op.ttlSeconds);
            break;
          case "setPermanent":
            tx.set(op.key, op.value);
            break;
          case "del":
            tx.del(op.key);
            break;
          case "zadd":
            tx.zadd(op.key, op.score, op.member);
            break;
          case "zrem":
            tx.zrem(op.key, op.member);
            break;
          case "expire":
            tx.expire(op.key, op.ttlSeconds);
            break;
        }
      }
    });
  }

  async increment(counters: readonly CounterIncrement[]): Promise<{ value: number; ttlSeconds: number }[]> {
    if (counters.length === 0) return [];
    const replies = await this.exec((tx) => {
      for (const { key, by, ttlSeconds } of counters) {
        tx.set(key, 0, "EX", ttlSeconds, "NX"); // starts the window; a no-op when it is running
        tx.incrby(key, by);
        tx.pttl(key); // milliseconds, rounded up below: TTL's rounding could say 0 s with 400 ms left
      }
    });
    return counters.map((_, i) => {
      const ms = Number(replies[i * 3 + 2]);
      return { value: Number(replies[i * 3 + 1]), ttlSeconds: ms < 0 ? ms : Math.ceil(ms / 1000) };
    });
  }

  async writeIf(condition: WriteCondition, ops: readonly WriteOp[]): Promise<boolean> {
    const { keys, args } = writeIfArguments(condition, ops);
    const applied = await this.call("EVALSHA writeIf", () => this.redis.writeIf(keys.length, ...keys, ...args));
    return Number(applied) === 1;
  }

  async clear(): Promise<void> {
    await this.call("FLUSHDB", () => this.redis.flushdb());
  }

  /** Closes the connection (tests and scripts; a server keeps it for its lifetime). */
  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
