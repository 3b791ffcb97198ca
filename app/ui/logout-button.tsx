"use client";

import { useState } from "react";

/** POSTs to the area's logout route (same-origin, so it passes the Origin check), then leaves. */
export function LogoutButton({ endpoint, redirectTo }: { endpoint: string; redirectTo: string }) {
  const [error, setError] = useState<string | null>(null);
  async function logout() {
    const response = await fetch(endpoint, { method: "POST" }).catch(() => null);
    if (response?.ok) window.location.assign(redirectTo);
    else setError("Sign-out failed; try again.");
  }
  return (
    <>
      <button type="button" className="secondary" onClick={logout}>Sign out</button>
      {error && <span role="alert" className="error"> {error}</span>}
    </>
  );
}
