import type { RefreshFamily, RevokedFamily } from "@/lib/jwt/refresh";

/**
 * What the refresh-family picture draws, read from the family's one record in the store
 * (lib/jwt/refresh.ts): the chain R0 → R1 → … and what became of each token.
 */

export type TokenStatus =
  /** The token the browser holds now: the next refresh spends it. */
  | "current"
  /** Spent by a refresh: it has a successor, and using it again is reuse. */
  | "rotated"
  /** Spent, then presented once more within the grace window (two tabs) and answered. */
  | "grace"
  /** Presented again past its grace: reuse, which revoked the family. */
  | "reused"
  /** Its family is revoked: it is refused. */
  | "revoked";

export interface FamilyToken { generation: number; status: TokenStatus }

export interface FamilyView {
  state: "live" | "revoked" | "gone";
  /** The tokens drawn, oldest first (at most MAX_DRAWN: the oldest are summed up in `hidden`). */
  tokens: FamilyToken[];
  /** How many older tokens were left out of the picture (all rotated). */
  hidden: number;
  /** Why it was revoked (`reuse`, `logout`, `logout-everywhere`, `newer-sign-in`). */
  revokedBecause?: string;
  revokedAtMs?: number;
  /** When the current refresh token expires (live families). */
  expiresAtMs?: number;
}

export const MAX_DRAWN = 6;

export const TOKEN_STATUS_TEXT: Record<TokenStatus, string> = {
  current: "current: the next refresh spends it",
  rotated: "rotated: spent, and refused if used again",
  grace: "replayed inside the grace window: answered once, with no new refresh token",
  reused: "replayed after its grace: reuse detected, the family revoked",
  revoked: "revoked with its family",
};

export const REVOKED_BECAUSE_TEXT: Record<string, string> = {
  reuse: "reuse detected",
  logout: "signed out",
  "logout-everywhere": "signed out everywhere",
  "newer-sign-in": "ended by a newer sign-in (device limit)",
};

function chain(lastGeneration: number, statusOf: (generation: number) => TokenStatus): Pick<FamilyView, "tokens" | "hidden"> {
  const first = Math.max(0, lastGeneration + 1 - MAX_DRAWN);
  const tokens = Array.from({ length: lastGeneration + 1 - first }, (_, i) => ({ generation: first + i, status: statusOf(first + i) }));
  return { tokens, hidden: first };
}

export function familyView(record: { live: RefreshFamily } | { revoked: RevokedFamily } | null): FamilyView {
  if (!record) return { state: "gone", tokens: [], hidden: 0 };
  if ("live" in record) {
    const family = record.live;
    const grace = new Set(family.graceGenerations ?? []);
    return {
      state: "live",
      expiresAtMs: family.expiresAt,
      ...chain(family.generation, (g) => (g === family.generation ? "current" : grace.has(g) ? "grace" : "rotated")),
    };
  }
  const tombstone = record.revoked;
  const base = { state: "revoked" as const, revokedBecause: tombstone.revokedBecause, revokedAtMs: tombstone.revokedAt };
  // Only reuse records the chain it ended; other revocations just say why.
  if (tombstone.generation === undefined) return { ...base, tokens: [], hidden: 0 };
  const grace = new Set(tombstone.graceGenerations ?? []);
  return {
    ...base,
    ...chain(tombstone.generation, (g) => (g === tombstone.reusedGeneration ? "reused" : grace.has(g) ? "grace" : "revoked")),
  };
}

/**
 * A live family after this page signed the browser out (the stopwatch): the sign-out revoked
 * it in the store, every token with it. Drawn without asking the server again.
 */
export function signedOutFamily(view: FamilyView): FamilyView {
  if (view.state !== "live") return view;
  return { state: "revoked", revokedBecause: "logout", hidden: view.hidden, tokens: view.tokens.map((token) => ({ ...token, status: "revoked" })) };
}

/** The picture's text alternative, one sentence. */
export function describeFamily(view: FamilyView): string {
  if (view.state === "gone") return "This sign-in's refresh-token family is gone (expired).";
  const tokens = view.tokens.map((t) => `R${t.generation} ${TOKEN_STATUS_TEXT[t.status].split(":")[0]}`).join(", ");
  const older = view.hidden > 0 ? `R0 to R${view.hidden - 1} rotated, ` : "";
  const head = view.state === "live" ? "The family is live" : `The family is revoked (${REVOKED_BECAUSE_TEXT[view.revokedBecause ?? ""] ?? view.revokedBecause})`;
  return `${head}: ${older}${tokens || "no tokens recorded"}.`;
}
