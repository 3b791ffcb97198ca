import { afterEach, describe, expect, it, vi } from "vitest";
import { register } from "@/instrumentation";

describe("startup on any Node.js server (instrumentation.ts)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("a bad configuration stops the process before it serves, every problem printed once, naming the variable: the standalone server.js never loads next.config.ts", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("JWT_SECRET", "too-short-secret");
    vi.stubEnv("SESSION_IDLE_TTL_SECONDS", "1e13");
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(register()).rejects.toThrow("exit 1");
    expect(exit).toHaveBeenCalledWith(1);
    expect(printed).toHaveBeenCalledTimes(1);
    expect(printed.mock.calls[0][0]).toMatch(/JWT_SECRET is too short/);
    expect(printed.mock.calls[0][0]).toMatch(/SESSION_IDLE_TTL_SECONDS: must be at most 34560000/);
  });
});
