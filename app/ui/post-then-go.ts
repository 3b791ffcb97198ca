/** A refused POST: its status (null: no answer at all), its JSON body (empty if none), and a sentence for a failure the body does not explain. */
export interface RefusedPost<Answer> {
  status: number | null;
  answer: Answer;
  failed: string;
}

/**
 * POSTs to one of the app's routes (same origin, so it passes the Origin check), with `json` as
 * the body if given, and goes to `to` once it succeeds (then answers null). The one-click
 * actions' buttons (PostButton, the demo reset beside a lock) say the refusal it answers.
 */
export async function postThenGo<Answer extends object>(endpoint: string, to: string, label: string, json?: unknown): Promise<RefusedPost<Partial<Answer>> | null> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const response = await fetch(endpoint, { method: "POST", body, headers: body ? { "content-type": "application/json" } : undefined }).catch(() => null);
  if (response?.ok) {
    window.location.assign(to);
    return null;
  }
  const answer = ((await response?.json().catch(() => ({}))) ?? {}) as Partial<Answer>;
  return { status: response?.status ?? null, answer, failed: `${label} failed${response ? ` (HTTP ${response.status})` : ""}; try again.` };
}
