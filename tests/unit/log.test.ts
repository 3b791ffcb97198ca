import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_LOG_FIELD_CHARS, jsonLine } from "@/lib/log";

describe("jsonLine", () => {
  it("writes any short client text as one line of printable ASCII that parses back to the same value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: MAX_LOG_FIELD_CHARS }), (text) => {
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

  it("cuts a long field and says by how much: a 16 KB Origin makes a line of at most 300 bytes", () => {
    const origin = `https://${"a".repeat(16 * 1024 - 8)}`;
    const line = jsonLine({ event: "csrf.rejected", path: "/jwt/login", origin, action: false });
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(300);
    expect(JSON.parse(line)).toEqual({ event: "csrf.rejected", path: "/jwt/login", origin: `${origin.slice(0, MAX_LOG_FIELD_CHARS)}…(+${16 * 1024 - MAX_LOG_FIELD_CHARS} chars)`, action: false });
  });

  it("never cuts an emoji in half: the cut steps back before a pair it would split", () => {
    const text = `${"a".repeat(MAX_LOG_FIELD_CHARS - 1)}😀${"b".repeat(50)}`;
    const cookie: string = JSON.parse(jsonLine({ event: "e", cookie: text })).cookie;
    expect(cookie).toBe(`${"a".repeat(MAX_LOG_FIELD_CHARS - 1)}…(+52 chars)`);
    expect(cookie.isWellFormed()).toBe(true);
  });

  it("any client text, however long, is cut to its first characters, marked, on one bounded line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: MAX_LOG_FIELD_CHARS + 1, maxLength: 20_000 }), (text) => {
        const line = jsonLine({ event: "auth.ambiguous-cookie", cookie: text });
        expect(line).toMatch(/^[\x20-\x7e]*$/);
        expect(line.length).toBeLessThanOrEqual(6 * MAX_LOG_FIELD_CHARS + 80); // each character at most a \uXXXX escape
        const cookie: string = JSON.parse(line).cookie;
        const kept = [MAX_LOG_FIELD_CHARS, MAX_LOG_FIELD_CHARS - 1].find((n) => cookie === `${text.slice(0, n)}…(+${text.length - n} chars)`);
        expect(kept).toBeDefined();
        expect(text[kept! - 1]).not.toMatch(/[\ud800-\udbff]/); // never half of a pair
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
