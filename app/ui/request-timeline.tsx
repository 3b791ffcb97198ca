/**
 * One request, drawn from its own measurements: browser → middleware → the second gate →
 * the store round trips → the answer. Each step is a box with what happened and how long it
 * took; the same facts follow as a folded list (the picture's text alternative). The gate that refused
 * a credential carries the "defence holds" shield and word (app/ui/attack-verdict.tsx).
 */
import { AttackVerdict } from "./attack-verdict";

export interface TimelineStep {
  /** "browser", "middleware", "second gate", "store", "render" */
  kind: "browser" | "middleware" | "gate" | "store" | "answer";
  title: string;
  /** One line: the verdict, the runtime, what was sent. */
  detail: string;
  /** What fits in the picture's box, when `detail` does not (the list below has it all). */
  short?: string;
  /** Milliseconds, when measured. */
  ms?: number;
  /** This step refused the request. */
  refused?: boolean;
  /**
   * Refused, and no attack held off (no shield, no defence colour): no credential at all
   * (someone not signed in yet), or one whose sign-in ended (expiry, a sign-out elsewhere,
   * a role change): a state change of the user's own.
   */
  noCredential?: boolean;
  /** This step never ran (an earlier one answered): drawn muted, never as a pass. */
  skipped?: boolean;
}

const fmt = (ms: number) => (ms < 1 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`);

/**
 * The boxes are HTML, not a fixed-width drawing: they sit in a row where the picture's own
 * box is wide enough and stack top to bottom where it is not (a container query in
 * app/globals.css), and their text wraps, so no box is ever cut off or scrolled out of sight.
 */
export function RequestTimeline({ id, label, steps }: { id: string; label: string; steps: TimelineStep[] }) {
  const stepsId = `${id}-steps`;
  return (
    <figure className="timeline" data-testid={id}>
      <div className="timeline-picture" role="img" aria-label={label} aria-describedby={stepsId}>
        <ol className="timeline-boxes">
          {steps.map((step, i) => (
            <li key={i} className={`timeline-step timeline-${step.kind}${step.refused ? (step.noCredential ? " timeline-no-credential" : " timeline-refused") : ""}${step.skipped ? " timeline-skipped" : ""}`} data-kind={step.kind}>
              <span className="timeline-title">{step.title}</span>
              <span className="timeline-detail">{step.short ?? step.detail}</span>
              {step.ms !== undefined && <span className="timeline-ms">{fmt(step.ms)}</span>}
              {step.refused && !step.noCredential && <span className="timeline-verdict"><AttackVerdict outcome="defence-holds" /></span>}
            </li>
          ))}
        </ol>
      </div>
      {/* The text alternative, whole (a box may show a short form): folded, since it says again what the boxes and the page's notice say. */}
      <figcaption>
        <details className="timeline-words">
          <summary>The same steps, in words</summary>
          <ol className="timeline-text" id={stepsId} data-testid={stepsId}>
            {steps.map((step, i) => (
              <li key={i} data-kind={step.kind} className={step.refused && !step.noCredential ? "verdict-refused-text" : undefined}>
                <strong>{step.title}</strong>: {step.detail}
                {step.ms !== undefined && <> ({fmt(step.ms)})</>}
              </li>
            ))}
          </ol>
        </details>
      </figcaption>
    </figure>
  );
}

/** The dashboards' "This request" card: this page's own request, drawn (folded: it is reference, not a demo). */
export function ThisRequest({ steps }: { steps: TimelineStep[] }) {
  const refusedBy = steps.find((step) => step.refused);
  return (
    <details className="card wide reference" data-testid="this-request">
      <summary>This request, gate by gate: {refusedBy ? `refused by ${refusedBy.title}` : "every gate let it through"}</summary>
      <p>How the request for this page went, as measured while it ran (the same figures are in its Server-Timing header).</p>
      <RequestTimeline id="request-timeline" label="This request, gate by gate" steps={steps} />
    </details>
  );
}
