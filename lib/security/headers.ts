/**
 * Response hardening shared by next.config.ts (static headers on every response) and
 * middleware.ts (a Content-Security-Policy with a fresh nonce per request). Edge-safe.
 */

/** Sent on every response (next.config.ts). */
export const STATIC_SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" }, // old browsers' frame-ancestors 'none'
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

/** 128 random bits, base64: unguessable, so an injected <script> cannot carry it. */
export function generateNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

// #region content-security-policy
/**
 * Scripts only with this request's nonce (Next.js adds it to its own scripts when it finds it
 * in the request's CSP header); 'strict-dynamic' lets those load their chunks. No inline
 * scripts, no other origins, no framing. Inline *styles* are allowed: React's `style` props
 * need it and they cannot run code. `next dev` also needs 'unsafe-eval' (React's dev tools).
 */
export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
// #endregion content-security-policy
