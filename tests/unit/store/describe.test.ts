import { describe, expect, it } from "vitest";
import { describeStoreConfig } from "@/lib/store/describe";

describe("describeStoreConfig", () => {
  const upstash = { kind: "upstash" as const, url: "https://default:p4ssw0rd@eu1-fine-fox.upstash.io:443/v2?token=t0ken#x", token: "AXXXtoken" };

  it("tells anyone the store's kind, and nothing about where it is", () => {
    expect(describeStoreConfig(upstash, { withAddress: false })).toBe("Redis via Upstash REST");
  });

  it("with the address, shows the origin only: no user, password, path, query or token", () => {
    const text = describeStoreConfig(upstash, { withAddress: true });
    expect(text).toBe("Redis via Upstash REST at https://eu1-fine-fox.upstash.io");
    for (const hidden of ["default", "p4ssw0rd", "/v2", "t0ken", "AXXXtoken"]) expect(text).not.toContain(hidden);
  });

  it("the memory store says it is not shared", () => {
    expect(describeStoreConfig({ kind: "memory" }, { withAddress: true })).toMatch(/^in-memory \(this Node\.js process only/);
  });

  it("Redis over TCP shows host, port and a database other than 0 at most: never the password", () => {
    const tcp = { kind: "redis" as const, url: "rediss://default:s3cret@redis.internal:6380/2" };
    expect(describeStoreConfig(tcp, { withAddress: false })).toBe("Redis over TCP");
    const text = describeStoreConfig(tcp, { withAddress: true });
    expect(text).toBe("Redis over TCP at rediss://redis.internal:6380, database 2");
    for (const hidden of ["default", "s3cret", "/2"]) expect(text).not.toContain(hidden);
    expect(describeStoreConfig({ kind: "redis", url: "redis://:s3cret@redis.internal:6379/0" }, { withAddress: true })).toBe("Redis over TCP at redis://redis.internal:6379");
  });
});
