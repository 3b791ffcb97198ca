import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SignInAgeLine } from "@/app/ui/sign-in-age-line";
import { relativeTime } from "@/app/ui/relative-time";

const line = (props: Parameters<typeof SignInAgeLine>[0]) => renderToStaticMarkup(createElement(SignInAgeLine, props));

describe("the dashboards' sign-in age line, as first painted (from the server's clock)", () => {
  const now = Date.UTC(2026, 0, 1, 12);

  it("says how long sensitive actions go without a password while the sign-in is fresh", () => {
    expect(line({ authTimeMs: now - 1_500, serverNowMs: now, maxAgeSeconds: 15, freshAtRender: true })).toBe(
      '<p class="sign-in-age" data-testid="sign-in-age" data-fresh="true">Signed in 2 s ago; sensitive actions work without a password for 13 s more.</p>',
    );
  });

  it("says the password will be asked for once the server finds it stale, or the sign-in time unknown", () => {
    expect(line({ authTimeMs: now - 17_000, serverNowMs: now, maxAgeSeconds: 15, freshAtRender: false })).toContain(
      'data-fresh="false">Signed in 17 s ago; sensitive actions will ask for your password.</p>',
    );
    expect(line({ authTimeMs: null, serverNowMs: now, maxAgeSeconds: 15, freshAtRender: false })).toContain(
      'data-fresh="false">Sign-in time unknown; sensitive actions will ask for your password.</p>',
    );
  });

  it("says how long ago as a relative time beside it does (the Better Auth card's 'signed in'): the same count, rounded alike", () => {
    for (const [agoMs, short, long] of [[4_600, "5 s", "5 seconds ago"], [4_400, "4 s", "4 seconds ago"], [90_000, "2 min", "2 minutes ago"], [3_590_000, "1 h", "1 hour ago"]] as const) {
      expect(line({ authTimeMs: now - agoMs, serverNowMs: now, maxAgeSeconds: 15, freshAtRender: false })).toContain(`>Signed in ${short} ago;`);
      expect(relativeTime(now - agoMs, now)).toBe(long);
    }
  });
});
