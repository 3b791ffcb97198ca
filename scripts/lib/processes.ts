/**
 * Helpers for scripts and test harnesses that start their own servers: a free port, a
 * child process that is always stopped, and waiting on a condition (never a fixed sleep).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { existsSync } from "node:fs";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns true; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface Started {
  process: ChildProcess;
  stop(): Promise<void>;
  /** Everything the process wrote to stdout and stderr so far, when started with `captureOutput`; "" otherwise. */
  output(): string;
}

export interface StartOptions {
  /**
   * Keep the process's stdout and stderr in memory (interleaved as they arrive), readable
   * with `output()`: e.g. to check that a server never logs a secret. Still echoed when `log`.
   */
  captureOutput?: boolean;
  /** The directory to run in (default: this process's). */
  cwd?: string;
}

/** Starts a command; `stop()` ends it (and it is ended if this process exits first). */
export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  log = false,
  { captureOutput = false, cwd }: StartOptions = {},
): Started {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: captureOutput ? ["ignore", "pipe", "pipe"] : log ? "inherit" : "ignore",
    detached: true, // its own process group, so stop() also ends the children it spawns
  });
  const captured: string[] = [];
  if (captureOutput) {
    for (const [stream, echo] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        captured.push(chunk);
        if (log) echo.write(chunk);
      });
    }
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // no process of the group is left
    }
  };
  process.once("exit", () => signalGroup("SIGKILL"));
  return {
    process: child,
    output: () => captured.join(""),
    // Stops the whole process group (npx's children too), and waits until none is left.
    stop: async () => {
      signalGroup("SIGTERM");
      const groupGone = async () => !signalGroup(0 as unknown as NodeJS.Signals);
      try {
        await waitFor(`process group ${child.pid} to exit`, groupGone, 10_000, 50);
      } catch {
        signalGroup("SIGKILL");
        await waitFor(`process group ${child.pid} to die`, groupGone, 5_000, 50);
      }
    },
  };
}

/**
 * `next start` on `port` (on `hostname` only, when given), resolved once it answers HTTP. Builds first if there is no build,
 * or always with `{ rebuild: true }` (a stale build would show old pages). With
 * `{ captureOutput: true }` the server's log is kept for `output()`.
 */
export async function startNextServer(
  port: number,
  env: Record<string, string>,
  { rebuild = false, captureOutput = false, cwd = ".", hostname }: { rebuild?: boolean; hostname?: string } & StartOptions = {},
): Promise<Started> {
  if (rebuild || !existsSync(join(cwd, ".next/BUILD_ID"))) {
    const build = startProcess("npx", ["next", "build"], env, true, { cwd });
    await new Promise((resolve) => build.process.once("exit", resolve));
    if (build.process.exitCode !== 0) throw new Error("next build failed");
  }
  // SERVER_LOGS=1 shows the servers' output (debugging a failing test).
  // `hostname` binds to that address only (`-H`), as a server behind a proxy is often started.
  const bind = hostname ? ["-H", hostname] : [];
  const server = startProcess("npx", ["next", "start", "-p", String(port), ...bind], env, Boolean(process.env.SERVER_LOGS), { captureOutput, cwd });
  await waitFor(`next start on port ${port}`, async () => (await fetch(`http://${hostname ?? "localhost"}:${port}/`)).ok);
  return server;
}
