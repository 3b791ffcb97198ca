import { Redis } from "@upstash/redis";
import { StoreUnavailableError, type CounterIncrement, type KeyValueStore, type SortedSetEntry, type WriteCondition, type WriteOp } from "./types";

/**
 * Redis over Upstash's HTTP API (@upstash/redis). Plain fetch, so it works on the Edge
 * runtime too: middleware can look sessions up for real. Every method is one HTTP round
 * trip; write() is one MULTI/EXEC, so a session record, its TTL and its index entry land
 * together or not at all.
 */
/** Longest wait for one store round trip before it counts as an outage (503). */
export const STORE_TIMEOUT_MS = 2000;

/**
 * writeIf() on Redis: a Lua script runs atomically, so nothing happens between the GET that
 * compares and the writes. KEYS[1] is the compared key, KEYS[i + 1] the key of op i; ARGV
 * starts with whether a value is expected (1) or the key must be missing (0), then that
 * value, then each op's name and arguments. Its only reads are of KEYS, as Upstash requires.
 */
export const WRITE_IF_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1]).ok
if kind ~= 'string' and kind ~= 'none' then return 0 end
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
-- Every sorted-set op's key must hold a sorted set (or nothing) before anything is written:
-- Redis does not undo a script's earlier writes when a later call fails.
local c = 3
for k = 2, #KEYS do
  local op = ARGV[c]
  if op == 'zadd' or op == 'zrem' then
    local t = redis.call('TYPE', KEYS[k]).ok
    if t ~= 'zset' and t ~= 'none' then return redis.error_reply('WRONGTYPE ' .. KEYS[k] .. ' is not a sorted set') end
  end
  if op == 'set' or op == 'setxx' or op == 'zadd' then c = c + 3
  elseif op == 'setPermanent' or op == 'zrem' or op == 'expire' then c = c + 2
  else c = c + 1 end
end
local a = 3
for k = 2, #KEYS do
  local op, key = ARGV[a], KEYS[k]
  if op == 'set' then redis.call('SET', key, ARGV[a + 1], 'EX', ARGV[a + 2]); a = a + 3
  elseif op == 'setxx' then redis.call('SET', key, ARGV[a + 1], 'EX', ARGV[a + 2], 'XX'); a = a + 3
  elseif op == 'setPermanent' then redis.call('SET', key, ARGV[a + 1]); a = a + 2
  elseif op == 'del' then redis.call('DEL', key); a = a + 1
  elseif op == 'zadd' then redis.call('ZADD', key, ARGV[a + 2], ARGV[a + 1]); a = a + 3
  elseif op == 'zrem' then redis.call('ZREM', key, ARGV[a + 1]); a = a + 2
  elseif op == 'expire' then redis.call('EXPIRE', key, ARGV[a + 1]); a = a + 2
  else return redis.error_reply('unknown op ' .. tostring(op)) end
end
return 1
`;

/** One op as the script's arguments (see WRITE_IF_SCRIPT). */
function scriptArgs(op: WriteOp): string[] {
  switch (op.op) {
    case "set":
      return [op.onlyIfExists ? "setxx" : "set", op.value, String(op.ttlSeconds)];
    case "setPermanent":
      return ["setPermanent", op.value];
    case "del":
      return ["del"];
    case "zadd":
      return ["zadd", op.member, String(op.score)];
    case "zrem":
      return ["zrem", op.member];
    case "expire":
      return ["expire", String(op.ttlSeconds)];
  }
}

export class UpstashStore implements KeyValueStore {
  readonly kind = "upstash";

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

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new StoreUnavailableError(operation, error);
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

  async writeIf({ key, expected }: WriteCondition, ops: readonly WriteOp[]): Promise<boolean> {
    for (const op of ops) {
      // Checked here as write() would be refused by Redis: the script must not stop half-way.
      if ((op.op === "set" || op.op === "expire") && !(op.ttlSeconds > 0)) throw new Error(`invalid TTL for ${op.key}: ${op.ttlSeconds}`);
    }
    const keys = [key, ...ops.map((op) => op.key)];
    const args = [expected === null ? "0" : "1", expected ?? "", ...ops.flatMap(scriptArgs)];
    const applied = await this.call("EVAL writeIf", () => this.redis.eval<string[], number>(WRITE_IF_SCRIPT, keys, args));
    return Number(applied) === 1;
  }
}
