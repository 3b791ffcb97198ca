/**
 * Memory under floods, on a server of its own (memory store, the default login limits, GC
 * exposed so that memory is read after a full collection): refused sign-ins with made-up
 * usernames from one address, and refresh-token rotations.
 */
import { randomBytes } from "node:crypto";
import { BOB, cookieFrom, json } from "./logins";
import { RUN, log } from "./options";
import type { FloodFigure } from "./results";
import { startServer } from "./servers";

interface ServerMemory { rss: number; heapUsed: number; keys: number }

async function serverMemory(base: string): Promise<ServerMemory> {
  await fetch(`${base}/bench/store-stats?gc=1`); // two full collections: the second reading is the steadier
  const stats = (await (await fetch(`${base}/bench/store-stats?gc=1`)).json()) as { keys: number | null; memory: { rss: number; heapUsed: number; collected: boolean } };
  if (!stats.memory.collected) throw new Error("the flood server did not collect garbage (is it running with --expose-gc?)");
  return { rss: stats.memory.rss, heapUsed: stats.memory.heapUsed, keys: stats.keys ?? 0 };
}

/** `count` requests, `parallel` at a time, each made by `send(i)`; answers counted by status. */
async function flood(count: number, parallel: number, send: (i: number) => Promise<Response>): Promise<Record<string, number>> {
  const answers: Record<string, number> = {};
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const response = await send(next++);
      await response.arrayBuffer();
      answers[response.status] = (answers[response.status] ?? 0) + 1;
    }
  }));
  return answers;
}

/**
 * A flood measured on a warm server: the same flood (kind and size) runs first, and only the
 * growth the second one adds counts. A fresh server's RSS grows by tens of MB while V8 sizes
 * its heap to the load (heapTotal 194 → 220 MB here; measured: +62 MB RSS over a fresh
 * server's first 20k refused sign-ins, then +1.6 and -4.0 MB over the next two 20k, heap
 * after GC flat throughout), and requests of another kind do not warm it for this one: with
 * 40k refresh rotations and 3k refused sign-ins as the warm-up, the 20k refused sign-ins
 * measured after them still added +123 MB of RSS (+2.4 MB of heap).
 */
async function measuredFlood(base: string, id: string, label: string, run: (count: number) => Promise<Record<string, number>>): Promise<FloodFigure> {
  const count = RUN.floodSize;
  await run(count); // the warm-up: its code paths compiled, the heap grown to its working size
  const before = await serverMemory(base);
  const startedAt = performance.now();
  const answers = await run(count);
  const seconds = (performance.now() - startedAt) / 1000;
  const after = await serverMemory(base);
  const figure = { id, label, count, seconds, rssGrowthBytes: after.rss - before.rss, heapGrowthBytes: after.heapUsed - before.heapUsed, storeKeysGrowth: after.keys - before.keys, answers };
  log(`${label}: RSS ${(figure.rssGrowthBytes / 2 ** 20).toFixed(2)} MB, heap ${(figure.heapGrowthBytes / 2 ** 20).toFixed(2)} MB, ${JSON.stringify(answers)}`);
  return figure;
}

export async function floods(): Promise<FloodFigure[]> {
  // Default login limits; room for the rotation flood's ten sign-ins (the device limit is 3).
  const server = await startServer({ STORE_ROUND_TRIP_COUNTER: "on", NODE_OPTIONS: "--expose-gc" }, { limits: { SESSION_MAX_DEVICES: "1000" } });
  try {
    const base = server.base;
    // Rotations first (their sign-ins must not meet the limit the refused ones will reach):
    // 10 sign-ins, each refreshing in a chain (each answer's cookie is the next request's).
    const FAMILIES = 10;
    // One after the other: the limiter counts sign-ins in flight against the (default) limits.
    const chains: string[] = [];
    for (let i = 0; i < FAMILIES; i++) chains.push(cookieFrom(await fetch(`${base}/api/jwt/login`, json({ ...BOB, checks: ["refresh"] })), /^__Secure-jwt-refresh$/));
    const rotateAll = async (total: number) => {
      const answers: Record<string, number> = {};
      await Promise.all(chains.map(async (_, family) => {
        for (let i = 0; i < total / FAMILIES; i++) {
          const response = await fetch(`${base}/api/jwt/refresh`, { method: "POST", headers: { cookie: chains[family] } });
          if (response.ok) chains[family] = cookieFrom(response, /^__Secure-jwt-refresh$/);
          await response.arrayBuffer();
          answers[response.status] = (answers[response.status] ?? 0) + 1;
        }
      }));
      return answers;
    };
    const rotations = await measuredFlood(base, "refresh-rotations", "refresh-token rotations (10 families, chained)", rotateAll);

    // The warm-up also takes the address past its limit: every measured sign-in is refused
    // by the limiter (429), before any password check.
    const refusedSignIn = (i: number) => fetch(`${base}/api/jwt/login`, json({ username: `flood-${i}-${randomBytes(4).toString("hex")}`, password: "wrong-password", checks: [] }));
    const signIns = await measuredFlood(base, "refused-sign-ins", "refused sign-ins (made-up usernames, one address)", (count) => flood(count, 10, refusedSignIn));
    return [signIns, rotations];
  } finally {
    await server.stop();
  }
}
