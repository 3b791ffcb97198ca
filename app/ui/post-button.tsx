"use client";

import { useState } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * POSTs to one of the app's routes (same origin, so it passes the Origin check), then
 * navigates. Used for sign-out and the other one-click actions.
 */
export function PostButton({ endpoint, redirectTo, label, secondary = false }: { endpoint: string; redirectTo: string; label: string; secondary?: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  async function run() {
    const response = await fetch(endpoint, { method: "POST" }).catch(() => null);
    if (response?.ok) window.location.assign(redirectTo);
    else setError(`${label} failed${response ? ` (HTTP ${response.status})` : ""}; try again.`);
  }
  return (
    <>
      <button type="button" className={secondary ? "secondary" : undefined} onClick={run} disabled={!hydrated}>{label}</button>
      {error && <span role="alert" className="error"> {error}</span>}
    </>
  );
}
