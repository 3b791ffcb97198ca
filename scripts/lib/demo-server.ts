import { randomBytes } from "node:crypto";
import { freePort, startNextServer, type Started } from "./processes";
import { generateSigningJwk } from "./signing-key";

/** A production server for pictures: throwaway secrets, the demo reset on. */
export async function startDemoServer(options: { rebuild?: boolean } = {}): Promise<{ server: Started; base: string }> {
  const port = await freePort();
  const server = await startNextServer(port, {
    JWT_SECRET: randomBytes(32).toString("base64url"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    THIRD_PARTY_SIGNING_KEYS: JSON.stringify([generateSigningJwk()]),
    DEMO_RESET_ENABLED: "true",
  }, options);
  return { server, base: `http://localhost:${port}` };
}
