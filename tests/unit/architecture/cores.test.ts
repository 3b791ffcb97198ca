import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The two cores a reader copies first, each read in one sitting: lib/session.ts (generate,
 * hash, create, validate, invalidate) and lib/jwt.ts (sign, verify, read the token). Their
 * add-ons live beside them (lib/session/, lib/jwt/) and are never imported by them; that rule
 * is dependency-cruiser's (`core-knows-no-add-on` in .dependency-cruiser.cjs).
 */
const ROOT = join(__dirname, "..", "..", "..");
const MAX_CORE_LINES = 250;

describe.each(["lib/session.ts", "lib/jwt.ts"])("the core %s", (file) => {
  const text = readFileSync(join(ROOT, file), "utf8");

  it(`fits in ${MAX_CORE_LINES} lines`, () => {
    expect(text.trimEnd().split("\n").length).toBeLessThanOrEqual(MAX_CORE_LINES);
  });

  it("imports none of its add-ons", () => {
    const addOns = file === "lib/session.ts" ? /from "\.\/session\// : /from "\.\/jwt\//;
    expect(text).not.toMatch(addOns);
  });
});
