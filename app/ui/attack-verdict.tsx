/**
 * The verdict on an attack, drawn the same way on every page that shows one (the revocation
 * stopwatch, the replay pages, the token playground, a refusing gate in the request timeline):
 * a stolen or forged credential accepted is "Attacker wins" (the --attacker-wins colour, a
 * warning triangle), refused is "Defence holds" (--defence-holds, a shield). The two icons
 * differ in shape and every badge carries its word, so colour is never the only signal.
 * The user's own request being accepted is not an attack: it keeps the plain "accepted" style.
 * Nor is what the user's own action changed (a sign-out, a device signed out, a sign-in that
 * reuse detection ended): that is a state change, told in its own block (the `state-change`
 * and `confirmation` classes, --state-change in app/globals.css), led by its word and kept
 * apart from any verdict beside it, so the green of "Defence holds" never confirms a sign-out.
 */
export type AttackOutcome = "attacker-wins" | "defence-holds";

export const ATTACK_OUTCOME_WORDS: Record<AttackOutcome, string> = {
  "attacker-wins": "Attacker wins",
  "defence-holds": "Defence holds",
};

/** What accepting a stolen or forged credential means. */
export const attackOutcome = (accepted: boolean): AttackOutcome => (accepted ? "attacker-wins" : "defence-holds");

/** The icon's shapes in a 16 × 16 box, for an SVG of its own or inside a bigger picture. */
export function AttackIconShapes({ outcome }: { outcome: AttackOutcome }) {
  return outcome === "attacker-wins" ? (
    <>
      <path d="M8 1 15.4 14.6H.6Z" className="attack-icon-body" />
      <path d="M8 6v3.8M8 12.1v.2" className="attack-icon-mark" />
    </>
  ) : (
    <>
      <path d="M8 .8 14.4 3.3v4.6c0 3.6-2.7 6.1-6.4 7.3C4.3 14 1.6 11.5 1.6 7.9V3.3Z" className="attack-icon-body" />
      <path d="m5 8.1 2.1 2.1L11.1 6" className="attack-icon-mark" />
    </>
  );
}

export function AttackIcon({ outcome, size = 16 }: { outcome: AttackOutcome; size?: number }) {
  return (
    <svg className={`attack-icon attack-${outcome}`} width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <AttackIconShapes outcome={outcome} />
    </svg>
  );
}

/** The badge: icon and word, in the outcome's colour. */
export function AttackVerdict({ outcome, testId }: { outcome: AttackOutcome; testId?: string }) {
  return (
    <strong className={`verdict verdict-${outcome}`} data-verdict={outcome} data-testid={testId}>
      <AttackIcon outcome={outcome} />
      {ATTACK_OUTCOME_WORDS[outcome]}
    </strong>
  );
}
