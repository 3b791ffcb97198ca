import { Redis } from "@upstash/redis";
import { STORE_TIMEOUT_MS, StoreUnavailableError, checkTtls, type CounterIncrement, type KeyValueStore, type SortedSetEntry, type WriteCondition, type WriteOp } from "./types";
import { EvictionCheck, evictionRefusal, evictionUnchecked } from "./eviction";
import { WRITE_IF_SCRIPT, writeIfArguments } from "./write-if-script";

/**
 * What an Upstash error may say in a log: why the call failed, never what it carried. The
 * client appends the whole request to an HTTP error (`Unauthorized, command was:
 * [["get","better-auth:<session token>"]]`) and Redis quotes the arguments of a command it
 * does not know (`with args beginning with: …`): both are cut. A network failure keeps its code.
 */
function reasonOnly(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && error.cause instanceof Error ? (error.cause as Error & { code?: string }).code : undefined;
  return message.replace(/,? (command was|with args beginning with):[\s\S]*$/, "") + (code ? ` (${code})` : "");
}

/**
 * Redis over Upstash's HTTP API (@upstash/redis). Plain fetch, so it works on the Edge
 * runtime too: middleware can look sessions up for real. Every method is one HTTP round
 * trip (the store's first call two: the eviction check); write() is one MULTI/EXEC, so a session record, its TTL and its index entry land
 * together or not at all. A database that may evict keys is refused, as over TCP
 * (lib/store/eviction.ts), if its INFO says so: Upstash's own Eviction setting may not show there.
 */
export class UpstashStore implements KeyValueStore {
  readonly kind = "upstash";

  private readonly eviction = new EvictionCheck(() => this.checkEviction());

  constructor(private readonly redis: Redis) {}

  static connect(url: string, token: string): UpstashStore {
    return new UpstashStore(
      new Redis({
        url,
        token,
        automaticDeserialization: false, // values are our JSON strings; we parse (and validate) them ourselves
        enableTelemetry: false,
        // One quick retry for a dropped connection, then report the outage instead of stalling the request.
        retry: { retries: 1, backoff: () => 50 },
        // A Redis that hangs (rather than refusing) must not hang every request with it.
        signal: () => AbortSignal.timeout(STORE_TIMEOUT_MS),
      }),
    );
  }

  /** Asked once per store: there is no connection to renew, each call is a request of its own. */
  private async checkEviction(): Promise<string | null> {
    let info: string;
    try {
      info = await this.redis.exec<string>(["INFO", "memory"]);
    } catch (error) {
      const reason = reasonOnly(error);
      // An error reply (INFO refused, or unknown) is an answer; a network failure or a refused token is not.
      if (!/^(ERR|NOPERM)\b/.test(reason)) throw new Error(reason);
      return evictionUnchecked(`Upstash refused INFO: ${reason}`);
    }
    return evictionRefusal(info);
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    await this.eviction.refuseIfEvicting(operation);
    try {
      return await run();
    } catch (error) {
      // Only the reason goes on, not the client's error as the cause: see reasonOnly().
      throw new StoreUnavailableError(operation, new Error(reasonOnly(error)));
    }
  }

  get(key: string): Promise<string | null> {
    return this.call("GET", () => this.redis.get<string>(key));
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return this.call("MGET", () => this.redis.mget<(string | null)[]>(...keys));
  }

  async ttlSeconds(key: string): Promise<number | null> {
    const ttl = await this.call("TTL", () => this.redis.ttl(key));
    return ttl < 0 ? null : ttl; // -2: no such key, -1: no expiry
  }

  async sortedSetEntries(key: string): Promise<SortedSetEntry[]> {
    const flat = await this.call("ZRANGE", () => this.redis.zrange<(string | number)[]>(key, 0, -1, { withScores: true }));
    const entries: SortedSetEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ member: String(flat[i]), score: Number(flat[i + 1]) });
    return entries;
  }

  async write(ops: readonly WriteOp[]): Promise<void> {
    checkTtls(ops);
    if (ops.length === 0) return;
    const tx = this.redis.multi();
    for (const op of ops) {
      switch (op.op) {
        case "set":
          if (op.onlyIfExists) tx.set(op.key, op.value, { ex: op.ttlSeconds, xx: true });
          else tx.set(op.key, op.value, { ex: op.ttlSeconds });
          break;
        case "setPermanent":
          tx.set(op.key, op.value);
          break;
        case "del":
          tx.del(op.key);
          break;
        case "zadd":
          tx.zadd(op.key, { score: op.score, member: op.member });
          break;
        case "zrem":
          tx.zrem(op.key, op.member);
          break;
        case "expire":
          tx.expire(op.key, op.ttlSeconds);
          break;
      }
    }
    await this.call("MULTI/EXEC", () => tx.exec());
  }

  async increment(counters: readonly CounterIncrement[]): Promise<{ value: number; ttlSeconds: number }[]> {
    checkTtls(counters);
    if (counters.length === 0) return [];
    const tx = this.redis.multi();
    for (const { key, by, ttlSeconds } of counters) {
      tx.set(key, 0, { ex: ttlSeconds, nx: true }); // starts the window; a no-op when it is running
      tx.incrby(key, by);
      tx.pttl(key); // milliseconds, rounded up below: TTL's rounding could say 0 s with 400 ms left
    }
    const replies = await this.call("MULTI/EXEC", () => tx.exec<unknown[]>());
    return counters.map((_, i) => {
      const ms = Number(replies[i * 3 + 2]);
      return { value: Number(replies[i * 3 + 1]), ttlSeconds: ms < 0 ? ms : Math.ceil(ms / 1000) };
    });
  }

  async clear(): Promise<void> {
    await this.call("FLUSHDB", () => this.redis.flushdb());
  }

  async writeIf(condition: WriteCondition, ops: readonly WriteOp[]): Promise<boolean> {
    const { keys, args } = writeIfArguments(condition, ops);
    const applied = await this.call("EVAL writeIf", () => this.redis.eval<string[], number>(WRITE_IF_SCRIPT, keys, args));
    return Number(applied) === 1;
  }
}
