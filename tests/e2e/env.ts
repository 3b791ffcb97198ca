/** Settings shared by playwright.config.ts and the specs that start servers of their own. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/** Fixed so every test server agrees on it; only ever used against throwaway test servers. */
export const E2E_JWT_SECRET = "e2e-only-jwt-secret-not-for-production-0123456789";
export const E2E_AUTH_SECRET = "e2e-only-authjs-secret-not-for-production-012345";
export const E2E_BETTER_AUTH_SECRET = "e2e-only-better-auth-secret-not-for-production-0";

/** Test-only Ed25519 keys (never used outside the throwaway test servers). */
export const E2E_SIGNING_KEYS = [
  {"kty":"OKP","crv":"Ed25519","x":"oshWl1blLkcK80_fGF_COYzcONSoTUrpXFl29mlB15o","d":"1909erCSHZ516UcIBbFqtWa1RoW5acqRihTpWFVgVMI","kid":"ed25519-76ddebd6"},
  {"kty":"OKP","crv":"Ed25519","x":"mbLdQf2YHYMV1AWYhirQrxyxHK63FB7ZxzXXUZedj8E","d":"UI2294OnoMffFA2AD3TqzvlfgCjFrCYlK9Yh6SYrwgI","kid":"ed25519-6520d7c4"},
];

/** What every `next start` the tests run needs in production mode. */
export const E2E_SERVER_ENV = {
  JWT_SECRET: E2E_JWT_SECRET,
  AUTH_SECRET: E2E_AUTH_SECRET,
  BETTER_AUTH_SECRET: E2E_BETTER_AUTH_SECRET,
  THIRD_PARTY_SIGNING_KEYS: JSON.stringify(E2E_SIGNING_KEYS),
};
