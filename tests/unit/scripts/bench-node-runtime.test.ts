import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { withNodeRuntime } from "@/bench/node-runtime";

/** The bench's Node.js-runtime copy differs from the app in one line of middleware.ts. */
describe("bench/node-runtime.ts", () => {
  it("puts middleware.ts on the Node.js runtime, keeping its matcher", () => {
    const source = readFileSync("middleware.ts", "utf8");
    const patched = withNodeRuntime(source);
    expect(patched).toMatch(/export const config = \{\n {2}runtime: "nodejs",\n/);
    expect(patched.replace('  runtime: "nodejs",\n', "")).toBe(source);
    expect(patched).toContain('"/bench/passthrough"');
  });

  it("refuses a middleware whose config it cannot find, instead of benchmarking the Edge twice", () => {
    expect(() => withNodeRuntime("export const config = { matcher: [] };")).toThrow(/no `export const config = \{`/);
  });
});
