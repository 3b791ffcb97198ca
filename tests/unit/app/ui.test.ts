import { describe, expect, it } from "vitest";
import { deviceName } from "@/app/ui/device-name";
import { relativeTime } from "@/app/ui/relative-time";
import { aboutSeconds } from "@/app/ui/duration";

describe("what the device list shows", () => {
  it("names a device by browser and system, and falls back to the raw string", () => {
    expect(deviceName("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")).toBe("Chrome on Linux");
    expect(deviceName("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")).toBe("Mobile Safari on iOS");
    expect(deviceName("Device Phone")).toBe("Device Phone");
    expect(deviceName("")).toBe("unknown device");
  });

  it("says when, for people: the largest unit, never milliseconds", () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(relativeTime(now - 300, now)).toBe("just now");
    expect(relativeTime(now - 80_000, now)).toBe("1 minute ago");
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe("3 hours ago");
    expect(relativeTime(now + 6 * 86_400_000, now)).toBe("in 6 days");
  });

  it("counts seconds under a minute, as the live 'Signed in 4 s ago' line beside it does", () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(relativeTime(now - 4_000, now)).toBe("4 seconds ago");
    expect(relativeTime(now - 1_000, now)).toBe("1 second ago");
    expect(relativeTime(now + 45_000, now)).toBe("in 45 seconds");
  });

  it("rounds to the nearest whole unit: a 7-day expiry read seconds later is still in 7 days", () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(relativeTime(now + 7 * 86_400_000 - 4_000, now)).toBe("in 7 days");
    expect(relativeTime(now + 6.6 * 86_400_000, now)).toBe("in 7 days");
    expect(relativeTime(now + 6.4 * 86_400_000, now)).toBe("in 6 days");
    expect(relativeTime(now - 100_000, now)).toBe("2 minutes ago");
    expect(relativeTime(now - 89_000, now)).toBe("1 minute ago");
    expect(relativeTime(now - 1_500, now)).toBe("2 seconds ago"); // halves round away from now, in the past as in the future
    expect(relativeTime(now + 1_500, now)).toBe("in 2 seconds");
    // Rounded up to a whole larger unit, said in it: never "60 minutes" or "24 hours".
    expect(relativeTime(now + 59 * 60_000 + 50_000, now)).toBe("in 1 hour");
    expect(relativeTime(now - 23.8 * 3_600_000, now)).toBe("yesterday");
    expect(relativeTime(now + 13 * 3_600_000, now)).toBe("in 13 hours");
  });
});

describe("a time left in words (aboutSeconds)", () => {
  it("is exact when whole, and about its largest unit otherwise: never raw seconds twice", () => {
    expect(aboutSeconds(604_800)).toBe("7 d");
    expect(aboutSeconds(604_796)).toBe("about 7 d");
    expect(aboutSeconds(3_599)).toBe("about 1 h");
    expect(aboutSeconds(125)).toBe("about 2 min");
    expect(aboutSeconds(45)).toBe("45 s");
    expect(aboutSeconds(0)).toBe("0 s");
  });
});

describe("the home page's Stuck? card (shown only with DEMO_RESET_ENABLED)", () => {
  it("says what a token version, a refresh family and a denylist entry are, in the sentence that names them", async () => {
    const { readFile } = await import("node:fs/promises");
    const card = /data-testid="reset-demo">([\s\S]*?)<\/section>/.exec(await readFile("app/page.tsx", "utf8"))![1].replace(/\s+/g, " ");
    expect(card).toContain("token version (a per-user number that makes older JWTs stale)");
    expect(card).toContain("refresh family (one sign-in&apos;s chain of rotating refresh tokens)");
    expect(card).toContain("denylist entry (one JWT refused before it expires)");
  });
});
