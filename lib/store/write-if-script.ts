import { checkTtls, type WriteCondition, type WriteOp } from "./types";

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
-- The error names the op, not its key: errors reach logs, and a key can hold a session token.
local c = 3
for k = 2, #KEYS do
  local op = ARGV[c]
  if op == 'zadd' or op == 'zrem' then
    local t = redis.call('TYPE', KEYS[k]).ok
    if t ~= 'zset' and t ~= 'none' then return redis.error_reply('WRONGTYPE the key of op ' .. (k - 1) .. ' is not a sorted set') end
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
function opArguments(op: WriteOp): string[] {
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

/**
 * The script's KEYS and ARGV for one writeIf call. Ops are checked here as write() would be
 * refused by Redis: the script must not stop half-way.
 */
export function writeIfArguments({ key, expected }: WriteCondition, ops: readonly WriteOp[]): { keys: string[]; args: string[] } {
  checkTtls(ops);
  return {
    keys: [key, ...ops.map((op) => op.key)],
    args: [expected === null ? "0" : "1", expected ?? "", ...ops.flatMap(opArguments)],
  };
}
