/**
 * One request, drawn from its own measurements: browser → middleware → the second gate →
 * the store round trips → the answer. Each step is a box with what happened and how long it
 * took; the same facts follow as a list (the picture's text alternative). The gate that refused
 * a credential carries the "defence holds" mark (app/ui/attack-verdict.tsx) next to its word.
 */
import { AttackIconShapes } from "./attack-verdict";

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
}

const BOX_W = 150;
const BOX_H = 64;
const GAP = 28;

/** A box holds about 20 characters of 11 px monospace. */
const fit = (text: string) => (text.length > 20 ? `${text.slice(0, 19)}…` : text);
const fmt = (ms: number) => (ms < 1 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`);

export function RequestTimeline({ id, label, steps }: { id: string; label: string; steps: TimelineStep[] }) {
  const width = steps.length * BOX_W + (steps.length - 1) * GAP + 2;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const summary = steps.map((s) => `${s.title}: ${s.detail}${s.ms !== undefined ? ` (${fmt(s.ms)})` : ""}`).join("; ");
  return (
    <figure className="timeline" data-testid={id}>
      <div className="timeline-scroll" tabIndex={0} role="region" aria-label={`${label} (picture)`}>
        <svg viewBox={`0 0 ${width} ${BOX_H + 2}`} width={width} height={BOX_H + 2} role="img" aria-labelledby={`${titleId} ${descId}`}>
          <title id={titleId}>{label}</title>
          <desc id={descId}>{summary}</desc>
          {steps.map((step, i) => {
            const x = 1 + i * (BOX_W + GAP);
            return (
              <g key={i} className={`timeline-step timeline-${step.kind}${step.refused ? " timeline-refused" : ""}`}>
                {i > 0 && <path d={`M ${x - GAP + 2} ${BOX_H / 2 + 1} h ${GAP - 8} l -4 -4 m 4 4 l -4 4`} className="timeline-arrow" />}
                <rect x={x} y={1} width={BOX_W} height={BOX_H} rx={8} />
                <text x={x + 8} y={20} className="timeline-title">{step.title}</text>
                <text x={x + 8} y={38} className="timeline-detail">{fit(step.short ?? step.detail)}</text>
                {step.ms !== undefined && <text x={x + 8} y={56} className="timeline-ms">{fmt(step.ms)}</text>}
                {step.refused && (
                  <g transform={`translate(${x + BOX_W - 24} ${BOX_H - 22})`} className="attack-defence-holds" data-verdict="defence-holds">
                    <AttackIconShapes outcome="defence-holds" />
                  </g>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        <ol className="timeline-text" data-testid={`${id}-steps`}>
          {steps.map((step, i) => (
            <li key={i} data-kind={step.kind} className={step.refused ? "verdict-refused-text" : undefined}>
              <strong>{step.title}</strong>: {step.detail}
              {step.ms !== undefined && <> ({fmt(step.ms)})</>}
            </li>
          ))}
        </ol>
      </figcaption>
    </figure>
  );
}

/** The dashboards' "This request" card: this page's own request, drawn. */
export function ThisRequest({ steps }: { steps: TimelineStep[] }) {
  return (
    <section className="card wide" data-testid="this-request">
      <h2>This request</h2>
      <p>How the request for this page went, as measured while it ran (the same figures are in its Server-Timing header).</p>
      <RequestTimeline id="request-timeline" label="This request, gate by gate" steps={steps} />
    </section>
  );
}
