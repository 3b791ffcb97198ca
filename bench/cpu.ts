/**
 * CPU time of processes, read from Linux's /proc: what a request costs each process that
 * serves it (the app server, redis-server, the bench's own process with autocannon and the
 * Upstash stand-in), not only how long it waited. On 2 cores they all share the same CPUs.
 */
import { readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";

let ticksPerSecond: number | undefined;

/**
 * CPU time (user + system, ms) used so far by every live process whose id or process group
 * is one of `ids` (a server started as a group leader, with its children). Null where /proc
 * is not there (not Linux): the bench then prints no CPU figures.
 */
export function cpuMs(ids: number[]): number | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const wanted = new Set(ids);
  let ticks = 0;
  for (const pid of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // it ended meanwhile
    }
    // pid (comm) state ppid pgrp … utime(14) stime(15): comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [pgrp, utime, stime] = [Number(fields[2]), Number(fields[11]), Number(fields[12])];
    if (wanted.has(Number(pid)) || wanted.has(pgrp)) ticks += utime + stime;
  }
  return (ticks * 1000) / ticksPerSecond;
}
