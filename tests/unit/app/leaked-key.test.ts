import { describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { decode as decodeAuthjs } from "@auth/core/jwt";
import { jwtSettingsFromConfig, verifyAccessTokenFully } from "@/lib/jwt";
import { keyId } from "@/lib/signing-keys";
import { authjsConfig } from "@/lib/authjs/config";
import { MemoryStore } from "@/lib/store/memory";
import { DRILL_REUSE_MS, drillRows, recentLeakedKeyDrill, runLeakedKeyDrill, type DrillRow, type LeakedKeyDrill } from "@/app/compare/leaked-key/drill";
import { downStore, untouchableStore, withAppStore } from "@/tests/support/stores";

/**
 * The leaked-key drill (/compare/leaked-key), run as the page runs it: with a throwaway key the
 * attacker mints what they like in the JWT and Auth.js lanes, a routine rotation keeps it
 * working, removing the key ends it (and every user's sign-in); a session has nothing to mint.
 * None of it is signed with the app's own keys.
 */
const row = (drill: LeakedKeyDrill, id: string): DrillRow => {
  const found = drillRows(drill).find((r) => r.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};
const accepted = { accepted: true };
const refused = (reason: string) => ({ accepted: false, reason });
/** A made-up session token: the store has no session for it, said in words, with no reason code (the core's "unknown" is for a session that ended). */
const expectNeverIssued = (made: DrillRow) => {
  expect(made).toMatchObject({ holder: "attacker", accepted: false, meaning: expect.stringMatching(/^Refused: the store has no session for it\. This app never issued this token/) });
  expect(made).not.toHaveProperty("reason");
};

describe("the leaked-key drill", async () => {
  const drill = await runLeakedKeyDrill({ sessionDeps: { store: new MemoryStore(), now: Date.now, policy: { idleTtlSeconds: 3600, absoluteTtlSeconds: 86_400, maxDevices: 5 } } });

  describe("JWT", () => {
    it("an admin token minted with the leaked key is accepted by the real verifier keyed with it", async () => {
      expect(row(drill, "jwt-mint-admin")).toMatchObject({ holder: "attacker", ...accepted });
      expect(decodeJwt(drill.made.jwtAttacker)).toMatchObject({ sub: "alice", role: "admin" });
    });

    it("a routine rotation (the leaked key kept as previous) still accepts the user's token and the attacker's", () => {
      expect(row(drill, "jwt-rotate-user")).toMatchObject({ holder: "user", ...accepted });
      expect(row(drill, "jwt-rotate-attacker")).toMatchObject({ holder: "attacker", ...accepted });
      // Sign out everywhere does not help: the attacker mints a token that passes the checks.
      expect(row(drill, "jwt-rotate-sign-out-everywhere")).toMatchObject(accepted);
    });

    it("once the leaked key is removed, both are refused (bad-signature), and a new sign-in works", () => {
      expect(row(drill, "jwt-remove-user")).toMatchObject(refused("bad-signature"));
      expect(row(drill, "jwt-remove-attacker")).toMatchObject(refused("bad-signature"));
      expect(row(drill, "jwt-remove-user-again")).toMatchObject(accepted);
    });

    it("never signs with the app's key: what it minted is refused by the app's own settings", async () => {
      const app = jwtSettingsFromConfig();
      for (const token of [drill.made.jwtAttacker, drill.made.jwtUser]) {
        expect(await verifyAccessTokenFully(token, app, Date.now())).toEqual({ ok: false, reason: "bad-signature" });
        expect(decodeProtectedHeader(token).kid).not.toBe(await keyId(app.secret));
        expect(decodeProtectedHeader(token).kid).toBe(drill.jwtKeyIds.leaked);
      }
      expect(row(drill, "jwt-mint-app-key")).toMatchObject(refused("bad-signature"));
    });
  });

  describe("Auth.js", () => {
    it("the leaked key decrypts a user's cookie and mints an admin one that Auth.js's decode accepts", () => {
      expect(row(drill, "authjs-mint-read")).toMatchObject({ holder: "attacker", ...accepted });
      expect(row(drill, "authjs-mint-read").meaning).toContain("role user");
      expect(row(drill, "authjs-mint-admin")).toMatchObject({ holder: "attacker", ...accepted });
    });

    it("a routine rotation keeps both, and re-seals the attacker's cookie with the new key; removing the key refuses both", () => {
      expect(row(drill, "authjs-rotate-user")).toMatchObject(accepted);
      expect(row(drill, "authjs-rotate-attacker")).toMatchObject(accepted);
      expect(row(drill, "authjs-remove-user")).toMatchObject(refused("no-matching-secret"));
      expect(row(drill, "authjs-remove-attacker")).toMatchObject(refused("no-matching-secret"));
      expect(row(drill, "authjs-remove-resealed")).toMatchObject(accepted);
      expect(row(drill, "authjs-remove-resealed-version")).toMatchObject(refused("stale-version"));
      expect(row(drill, "authjs-remove-user-again")).toMatchObject(accepted);
    });

    it("never seals with the app's key: the app's secrets open nothing it made", async () => {
      const salt = drill.made.authjsCookieName;
      for (const token of [drill.made.authjsAttacker, drill.made.authjsUser]) {
        await expect(decodeAuthjs({ token, secret: authjsConfig().secrets, salt })).rejects.toThrow("no matching decryption secret");
      }
      expect(row(drill, "authjs-mint-app-key")).toMatchObject(refused("no-matching-secret"));
    });
  });

  describe("server-side session", () => {
    it("a made-up token is refused by the store lookup (it never was a session), and a store's hash is no cookie", () => {
      expectNeverIssued(row(drill, "session-mint-made-up"));
      expect(row(drill, "session-mint-store-copy")).toMatchObject(refused("malformed"));
    });

    it("ending the stolen session refuses it, and signs out nobody else", () => {
      expect(row(drill, "session-end-stolen")).toMatchObject(refused("revoked"));
      expect(row(drill, "session-end-laptop")).toMatchObject(accepted);
      expect(row(drill, "session-end-others")).toMatchObject(accepted);
    });
  });

  it("by default, a made-up session token is looked up in the app's own store", async () => {
    expectNeverIssued(row(await runLeakedKeyDrill(), "session-mint-made-up"));
  });

  it("the page's drill runs at most once a minute, whoever asks", async () => {
    const t = Date.now() + 10 * DRILL_REUSE_MS; // after any run another test left
    const first = recentLeakedKeyDrill(t);
    expect(recentLeakedKeyDrill(t + DRILL_REUSE_MS - 1)).toBe(first);
    const next = recentLeakedKeyDrill(t + DRILL_REUSE_MS);
    expect(next).not.toBe(first);
    expect(decodeJwt((await next).made.jwtAttacker).iat).toBe(Math.floor((t + DRILL_REUSE_MS) / 1000));
  });

  it("a run that failed is not served again: the next request runs the drill anew", async () => {
    const t = Date.now() + 20 * DRILL_REUSE_MS;
    await expect(withAppStore(untouchableStore(), () => recentLeakedKeyDrill(t))).rejects.toThrow(/must not be/);
    expectNeverIssued(row(await recentLeakedKeyDrill(t + 1), "session-mint-made-up"));
  });

  it("a run that met the store down is not served again either: the next request asks the store anew", async () => {
    const t = Date.now() + 30 * DRILL_REUSE_MS;
    expect(row(await withAppStore(downStore(), () => recentLeakedKeyDrill(t)), "session-mint-made-up")).toMatchObject({ accepted: false, reason: "store-unavailable" });
    expectNeverIssued(row(await recentLeakedKeyDrill(t + 1), "session-mint-made-up"));
  });
});
