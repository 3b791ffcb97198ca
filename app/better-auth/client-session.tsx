"use client";

import { createAuthClient } from "better-auth/react";
import { BETTER_AUTH_ROUTES } from "./routes";

// Better Auth's React client, as its Next.js guide sets it up, on this lane's handler.
const authClient = createAuthClient({ basePath: BETTER_AUTH_ROUTES.api.handler });

/**
 * The browser's view: Better Auth's `useSession()`, which asks `GET /api/better-auth/get-session`.
 * That route answers from the cookie cache while it is young and, with the cache on, sets a
 * fresh one once it is old (a page render cannot set cookies): this is how a Better Auth app
 * keeps its cache warm.
 */
export function ClientSessionView() {
  const { data, isPending, error } = authClient.useSession();
  const state = isPending ? "loading" : error ? "error" : data ? "authenticated" : "unauthenticated";
  return (
    <dl className="facts">
      <dt>useSession()</dt>
      <dd data-testid="better-auth-client-status">{state}</dd>
      {data && (
        <>
          <dt>user</dt>
          <dd data-testid="better-auth-client-user">{data.user.name}</dd>
          <dt>expires</dt>
          <dd>{new Date(data.session.expiresAt).toLocaleString()}</dd>
        </>
      )}
    </dl>
  );
}
