import { expect, test } from "@playwright/test";
import { E2E_AUTH_SECRET, E2E_JWT_SECRET, E2E_SERVER_ENV } from "../e2e/env";
import { freePort, startProcess } from "../../scripts/lib/processes";

/**
 * Weak secrets: `next start` (production) refuses to boot, and says which variable to fix,
 * rather than signing tokens with a key a brute force tries first. Each case starts a real
 * `next start` of the build and waits for it to exit.
 */
const PLACEHOLDER = "replace-me-with-at-least-32-random-bytes"; // the value .env.example shows

async function startExpectingRefusal(env: Record<string, string>): Promise<{ code: number | null; output: string; port: number }> {
  const port = await freePort();
  const server = startProcess("npx", ["next", "start", "-p", String(port)], { ...E2E_SERVER_ENV, ...env }, false, { captureOutput: true });
  const code = await new Promise<number | null>((resolve) => {
    if (server.process.exitCode !== null) resolve(server.process.exitCode);
    else server.process.once("exit", (exitCode) => resolve(exitCode));
  });
  return { code, output: server.output(), port };
}

const cases: Array<[string, Record<string, string>, RegExp]> = [
  ["one character repeated", { JWT_SECRET: "a".repeat(64) }, /JWT_SECRET is a short pattern repeated/],
  ["a short pattern repeated", { AUTH_SECRET: "abcd".repeat(16) }, /AUTH_SECRET is a short pattern repeated/],
  ["the .env.example placeholder with whitespace around it", { JWT_SECRET: `  ${PLACEHOLDER} ` }, /JWT_SECRET is still the placeholder from \.env\.example/],
  ["JWT_SECRET equal to AUTH_SECRET", { JWT_SECRET: E2E_AUTH_SECRET, AUTH_SECRET: E2E_AUTH_SECRET }, /JWT_SECRET and AUTH_SECRET are the same value/],
];

for (const [what, env, message] of cases) {
  test(`a production server refuses to start with a weak secret: ${what}`, async () => {
    const { code, output, port } = await startExpectingRefusal(env);
    expect(code).not.toBe(0);
    expect(output).toMatch(message);
    expect(output).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    for (const value of Object.values(env)) expect(output).not.toContain(value); // the secret itself is never printed
    await expect(fetch(`http://localhost:${port}/`)).rejects.toThrow(); // nothing listens
  });
}

test("control: the same server starts with strong, distinct secrets", async () => {
  expect(E2E_JWT_SECRET).not.toBe(E2E_AUTH_SECRET);
  const port = await freePort();
  const server = startProcess("npx", ["next", "start", "-p", String(port)], E2E_SERVER_ENV, false, { captureOutput: true });
  try {
    await expect.poll(async () => (await fetch(`http://localhost:${port}/`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
  } finally {
    await server.stop();
  }
});
