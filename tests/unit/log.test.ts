import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { jsonLine } from "@/lib/log";

describe("jsonLine", () => {
  it("writes any client text as one line of printable ASCII that parses back to the same value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const line = jsonLine({ event: "csrf.rejected", origin: text });
        expect(line).toMatch(/^[\x20-\x7e]*$/);
        expect(JSON.parse(line)).toEqual({ event: "csrf.rejected", origin: text });
      }),
    );
  }, 30_000); // thousands of generated inputs: more than the default 5 s when the machine is busy

  it("escapes the line breaks a reader may split on, not only CR and LF", () => {
    const line = jsonLine({ path: "a\nb\rc\u0085d\u2028e\u2029f" });
    expect(line).toBe('{"path":"a\\nb\\rc\\u0085d\\u2028e\\u2029f"}');
    expect(line.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/)).toHaveLength(1);
  });
});
