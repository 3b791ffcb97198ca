import { Redis } from "ioredis";
import { STORE_TIMEOUT_MS, StoreUnavailableError, checkTtls, type CounterIncrement, type KeyValueStore, type SortedSetEntry, type WriteCondition, type WriteOp } from "./types";
import { EvictionCheck, evictionRefusal, evictionUnchecked } from "./eviction";
import { WRITE_IF_SCRIPT, writeIfArguments } from "./write-if-script";
import { logAuthEvent } from "../log";

/** How long a request waits for a lost connection to come back before it answers 503. */
const OUTAGE_WAIT_MS = 500;

/** Command timeouts in a row on one connection after which it is taken for dead (see call()). */
const TIMEOUTS_BEFORE_RECONNECT = 2;

/** A reply list from MULTI/EXEC: [error, result] per command. */
type ExecReplies = [Error | null, unknown][] | null;

/** ioredis with the one script this store defines (EVALSHA, falling back to EVAL once). */
type RedisWithWriteIf = Redis & { writeIf(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number> };

/**
 * Redis over TCP (ioredis), for Node.js servers: one socket kept open, each command a few
 * dozen bytes on it, so a round trip costs the app server tens of microseconds of CPU where
 * Upstash's REST API costs it an HTTP request. (ioredis's auto-pipelining is left off: with
 * ten requests at a time it cost more CPU per command here, not less.) Not for the Edge
 * runtime, which has no TCP sockets: the app attaches it on Node.js only
 * (instrumentation.ts), so middleware never loads it.
 *
 * The same contract as the other stores: write() is one MULTI/EXEC, writeIf() the same Lua
 * script as on Upstash, and any failure (refused, timed out, an error reply) is a
 * StoreUnavailableError.
 *
 * A Redis that may evict keys, or that refuses the database REDIS_URL names, is refused (see
 * checkConnection()): every call fails as an outage does, so the routes fail closed with their
 * 503 rather than forget a logout.
 */
export class RedisTcpStore implements KeyValueStore {
  readonly kind = "redis";

  /** Whether the connection was ready once: until then, a command waits for the first connection. */
  private connectedOnce = false;
  /** Counts the connections made, so a timeout is held only against the connection it happened on. */
  private connection = 0;
  private timeoutsInARow = 0;
  private readonly eviction = new EvictionCheck(() => this.checkConnection());

  private constructor(private readonly redis: RedisWithWriteIf, private readonly database: number) {
    redis.on("ready", () => {
      this.connectedOnce = true;
      this.connection++;
      this.timeoutsInARow = 0;
      this.eviction.reset(); // a new connection, perhaps to another server: asked again
    });
  }

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
      // Nothing is queued while the connection is down, and nothing in flight when it drops is
      // sent again by the client. That does not make a failed call a call that never ran: a
      // command that timed out was already sent, and a Redis that was only slow runs it when
      // it resumes, after its caller answered 503: a StoreUnavailableError means "may have
      // happened" (a refresh token rotated, a logout written), never "did not happen".
      // The connection itself is retried at most 250 ms apart (see ready()).
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(attempt * 50, 250),
      // ioredis's own check sends a full INFO and gives up on the connection when INFO is refused;
      // checkEviction() asks for INFO's memory section instead, and serves when it is refused.
      enableReadyCheck: false,
    }) as RedisWithWriteIf;
    redis.defineCommand("writeIf", { lua: WRITE_IF_SCRIPT });
    // Every failed command reports itself to its caller; the connection's own errors
    // (refused, reset) would otherwise be printed as "Unhandled error event".
    redis.on("error", () => {});
    // Each request waiting for the connection (ready()) listens for it once: during an outage
    // that is as many listeners as requests in flight, which is no leak.
    redis.setMaxListeners(0);
    return new RedisTcpStore(redis, Number(new URL(url).pathname.slice(1) || 0));
  }

  /**
   * Resolves once the connection is ready. The first connection is waited for as long as a
   * command would be (STORE_TIMEOUT_MS); once Redis has gone away, a request waits only
   * OUTAGE_WAIT_MS for it to be back, then is told the store is unavailable.
   */
  private async ready(operation: string): Promise<void> {
    const redis = this.redis;
    if (redis.status === "ready") return;
    if (redis.status === "wait") redis.connect().catch(() => {}); // lazyConnect: the first command connects
    const ready = await new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        redis.off("ready", onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), this.connectedOnce ? OUTAGE_WAIT_MS : STORE_TIMEOUT_MS);
      redis.once("ready", onReady);
    });
    if (!ready) throw new StoreUnavailableError(operation, new Error("not connected to Redis"), { sent: false });
  }

  /**
   * Asked once per connection before it serves: why not to serve, or null to serve. ioredis
   * SELECTs REDIS_URL's database when it connects, but when Redis refuses (no such database,
   * or a cluster's only one) it goes on in database 0, another app's perhaps, which a demo
   * reset would flush: SELECT again and refuse to serve if it fails. Then the eviction check.
   */
  private async checkConnection(): Promise<string | null> {
    if (this.database !== 0) {
      try {
        await this.redis.select(this.database);
      } catch (error) {
        if ((error as Error).name !== "ReplyError") throw error; // no answer: asked again on the next call
        const refusal = `REDIS_URL names database ${this.database}, which this Redis refused (${(error as Error).message}): name a database it has, or none for database 0`;
        logAuthEvent("store.database-refused", { reason: refusal });
        return refusal;
      }
    }
    return this.checkEviction();
  }

  /** The connection's eviction check (lib/store/eviction.ts): why not to serve, or null to serve. */
  private async checkEviction(): Promise<string | null> {
    let info: string;
    try {
      info = await this.redis.info("memory");
    } catch (error) {
      if ((error as Error).name !== "ReplyError") throw error; // no answer: asked again on the next call
      return evictionUnchecked(`Redis refused INFO: ${(error as Error).message}`);
    }
    return evictionRefusal(info);
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    await this.ready(operation);
    await this.eviction.refuseIfEvicting(operation);
    const connection = this.connection;
    try {
      const result = await run();
      this.timeoutsInARow = 0;
      return result;
    } catch (error) {
      // ioredis hangs the command (its name and arguments: a failed AUTH's carry the password,
      // others keys and session records) on its errors: only the message goes on.
      const message = error instanceof Error ? error.message : String(error);
      if (message === "Command timed out" && connection === this.connection) this.countTimeout();
      throw new StoreUnavailableError(operation, new Error(message));
    }
  }

  /**
   * A network that drops a connection silently (a lost NAT entry, a load balancer failed over)
   * leaves ioredis "ready" on a socket that will never answer, until the kernel gives up some
   * fifteen minutes later: each call would wait STORE_TIMEOUT_MS and fail. A few timeouts in a
   * row on one connection close it, and ioredis connects again (retryStrategy). The socket is
   * destroyed, not ended: ending waits for the peer, which is the part that is gone.
   */
  private countTimeout(): void {
    if (++this.timeoutsInARow < TIMEOUTS_BEFORE_RECONNECT) return;
    this.timeoutsInARow = 0;
    this.redis.stream?.destroy();
  }

  /** MULTI/EXEC, rejecting when any command in it failed (as the Upstash client does). */
  private async exec(build: (tx: ReturnType<Redis["multi"]>) => void): Promise<unknown[]> {
    const tx = this.redis.multi();
    build(tx);
    const replies = await this.call("MULTI/EXEC", () => tx.exec() as Promise<ExecReplies>);
    if (replies === null) throw new StoreUnavailableError("MULTI/EXEC", new Error("transaction discarded"));
    const failed = replies.find(([error]) => error !== null);
    if (failed) throw new StoreUnavailableError("MULTI/EXEC", new Error(failed[0]?.message));
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
    checkTtls(ops);
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
    checkTtls(counters);
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
