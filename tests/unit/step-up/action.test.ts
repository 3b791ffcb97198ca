import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
const { stepUpRefusal } = await import("@/app/step-up");
const { STEP_UP_PASSWORD_FIELD } = await import("@/app/ui/step-up-prompt");

/** The server actions' step-up (app/step-up.ts): what a stale sign-in's form gets back, before any password is checked. */
describe("stepUpRefusal", () => {
  const stale = { userId: "alice", authTimeMs: Date.now() - 2 * 3_600_000 };
  const form = (password?: string) => {
    const data = new FormData();
    if (password !== undefined) data.set(STEP_UP_PASSWORD_FIELD, password);
    return data;
  };

  it("a fresh sign-in goes ahead without a password, and nothing is marked", async () => {
    const markFresh = vi.fn(async () => {});
    expect(await stepUpRefusal(form(), { userId: "alice", authTimeMs: Date.now() - 1_000 }, markFresh)).toBeNull();
    expect(markFresh).not.toHaveBeenCalled();
  });

  it("a stale one without a password gets the prompt; an over-long one is told so, not asked again; neither is marked fresh", async () => {
    const markFresh = vi.fn(async () => {});
    expect(await stepUpRefusal(form(), stale, markFresh)).toEqual({ stepUp: { message: expect.stringMatching(/enter your password again/) } });
    expect(await stepUpRefusal(form("x".repeat(300)), stale, markFresh)).toEqual({ stepUp: { message: "Password is too long (at most 256 characters)." } });
    expect(markFresh).not.toHaveBeenCalled();
  });
});
