/**
 * Reference material on a dashboard (a decoded token, a raw record, a JSON dump): folded and
 * closed at first, so the demos lead the page. The content is in the HTML all the same: the
 * browser's find-in-page opens the section at a match.
 */
export function ReferenceSection({ summary, testId, wide = false, children }: { summary: React.ReactNode; testId: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <details className={wide ? "card reference wide" : "card reference"} data-testid={testId}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
