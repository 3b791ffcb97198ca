import { JWKS_MAX_AGE_SECONDS, publicJwks } from "@/lib/third-party/token";

/** The public keys third parties verify our short-lived tokens with (RFC 7517 JWK Set). */
export function GET() {
  return Response.json(publicJwks(), { headers: { "cache-control": `public, max-age=${JWKS_MAX_AGE_SECONDS}` } });
}
