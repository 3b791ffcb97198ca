/**
 * Starts Debian's `redis-server` for tests and `npm run dev:redis`: on a free port, in a
 * temporary directory, with an append-only file so a stop/start keeps the data (the outage
 * test relies on it). Stopped by `stop()` or when this process exits.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "node:net";
import { freePort, startProcess, waitFor, type Started } from "./processes";

export const REDIS_MISSING_MESSAGE =
  "redis-server is not installed. Install it with `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), or set REDIS_SERVER_BIN.";

export function redisServerBinary(): string | null {
  const bin = process.env.REDIS_SERVER_BIN ?? "redis-server";
  try {
    execFileSync(bin, ["--version"], { stdio: "ignore" });
    return bin;
  } catch {
    return null;
  }
}

/** True once the server answers PING on `port`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      // -NOAUTH: up, and asking for the password (a server started with one).
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
    socket.once("error", () => resolve(false));
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (data stays on disk for start()). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
  /** The running server's process id (undefined while stopped). */
  pid(): number | undefined;
}

/**
 * `password` turns on `requirepass` (npm run dev:redis sets one: any local process could
 * otherwise read and write the sessions); the server always listens on 127.0.0.1 only.
 */
export async function startRedisServer({ password }: { password?: string } = {}): Promise<RedisServer> {
  const bin = redisServerBinary();
  if (!bin) throw new Error(REDIS_MISSING_MESSAGE);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "jwt-vs-session-redis-"));
  let current: Started | null = null;

  async function start() {
    current = startProcess(bin!, [
      "--port", String(port),
      "--bind", "127.0.0.1",
      "--dir", dir,
      "--save", "",
      "--appendonly", "yes",
      "--appendfsync", "always",
      "--protected-mode", "yes",
      ...(password ? ["--requirepass", password] : []),
    ]);
    await waitFor(`redis-server on port ${port}`, () => answersPing(port), 15_000, 50);
  }
  async function stop() {
    await current?.stop();
    current = null;
  }
  await start();
  return {
    port,
    url: password ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    start,
    stop,
    pid: () => current?.process.pid,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
