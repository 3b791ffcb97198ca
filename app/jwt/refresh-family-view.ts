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
  /** An older token drawn ahead of the ones left out: the replayed one, whose reuse ended the family. */
  lead?: FamilyToken;
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

/**
 * The spent token the demo copied (app/jwt/refresh-demo.ts): "refresh now" keeps the copy
 * unasked, so until "Replay an old refresh token" has sent it, nobody has used it and it is
 * only kept for the replay; once replayed, it is the thief's.
 */
export function copyMark(generation: number, replayed: boolean): { mark: string; sentence: string } {
  return replayed
    ? { mark: "thief's copy", sentence: `A thief holds a copy of R${generation}.` }
    : { mark: "copy kept for the replay", sentence: `The demo kept a copy of R${generation} for the replay.` };
}

/** The last MAX_DRAWN tokens; `keep`, when older than those, is drawn ahead of the ones left out, in place of one. */
function chain(lastGeneration: number, statusOf: (generation: number) => TokenStatus, keep?: number): Pick<FamilyView, "tokens" | "hidden" | "lead"> {
  const kept = keep !== undefined && keep < lastGeneration + 1 - MAX_DRAWN ? keep : undefined;
  const first = Math.max(0, lastGeneration + 1 - MAX_DRAWN + (kept === undefined ? 0 : 1));
  const tokens = Array.from({ length: lastGeneration + 1 - first }, (_, i) => ({ generation: first + i, status: statusOf(first + i) }));
  if (kept === undefined) return { tokens, hidden: first };
  return { tokens, hidden: first - 1, lead: { generation: kept, status: statusOf(kept) } };
}

/** What the picture draws, oldest first: tokens, and boxes standing for the generations left out (`folded`: from, to). */
export type ChainItem = { token: FamilyToken } | { folded: [from: number, to: number] };

export function chainItems(view: Pick<FamilyView, "tokens" | "hidden" | "lead">): ChainItem[] {
  const drawn = view.tokens.map((token) => ({ token }));
  if (view.hidden === 0 || view.tokens.length === 0) return drawn;
  const before = view.tokens[0].generation - 1;
  if (!view.lead) return [{ folded: [0, before] }, ...drawn];
  const lead = view.lead.generation;
  return [
    ...(lead > 0 ? [{ folded: [0, lead - 1] as [number, number] }] : []),
    { token: view.lead },
    ...(before > lead ? [{ folded: [lead + 1, before] as [number, number] }] : []),
    ...drawn,
  ];
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
    ...chain(tombstone.generation, (g) => (g === tombstone.reusedGeneration ? "reused" : grace.has(g) ? "grace" : "revoked"), tombstone.reusedGeneration),
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
  const left = view.state === "live" ? "rotated" : "revoked";
  const tokens = chainItems(view).map((item) => ("token" in item
    ? `R${item.token.generation} ${TOKEN_STATUS_TEXT[item.token.status].split(":")[0]}`
    : `${item.folded[0] === item.folded[1] ? `R${item.folded[0]}` : `R${item.folded[0]} to R${item.folded[1]}`} ${left}`)).join(", ");
  const head = view.state === "live" ? "The family is live" : `The family is revoked (${REVOKED_BECAUSE_TEXT[view.revokedBecause ?? ""] ?? view.revokedBecause})`;
  return `${head}: ${tokens || "no tokens recorded"}.`;
}
