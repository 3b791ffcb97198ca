import { describe, expect, it } from "vitest";
import { highlightJson, highlightShell } from "@/app/ui/code-lines";
import { highlight } from "@/app/ui/highlight";

/** Each character's colour, so two ways of cutting the same line into tokens compare equal. */
const colourPerCharacter = (lines: Array<Array<{ text: string; color?: string }>>) =>
  lines.map((line) => line.flatMap(({ text, color }) => [...text].map((c) => `${c}${color?.toUpperCase() ?? "#E6EDF3"}`)));

describe("app/ui/code-lines highlightJson", () => {
  it("colours JSON exactly as Shiki does on the server, so a block coloured in the browser looks like the others", async () => {
    const value = { alg: "HS256", typ: "at+jwt", sub: "bob", n: -1.5e3, ok: true, no: false, none: null, quote: 'say "hi"\\ \u00e9', list: [1, "two", { deep: [] }], "odd\\key": "v" };
    for (const text of [JSON.stringify(value, null, 2), JSON.stringify(value)]) {
      expect(colourPerCharacter(highlightJson(text))).toEqual(colourPerCharacter(await highlight(text, "json")));
    }
  });

  it("keeps the text exactly: the lines joined are the input", () => {
    const text = JSON.stringify({ sessionKey: "session:" + "a".repeat(64), userAgent: "Mozilla/5.0 (X11; Linux x86_64)" }, null, 2);
    expect(highlightJson(text).map((line) => line.map((t) => t.text).join("")).join("\n")).toBe(text);
  });
});

describe("app/ui/code-lines highlightShell", () => {
  it("colours a replay's curl command exactly as Shiki colours bash on the server, and keeps its text", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2ln-_x";
    for (const text of [
      `curl -H 'Authorization: Bearer ${jwt}' https://localhost:3000/api/jwt/me`,
      `curl -H 'Cookie: __Host-session=${"a".repeat(43)}' http://127.0.0.1:3510/api/session/me`,
    ]) {
      expect(colourPerCharacter(highlightShell(text))).toEqual(colourPerCharacter(await highlight(text, "bash")));
      expect(highlightShell(text).map((line) => line.map((t) => t.text).join("")).join("\n")).toBe(text);
    }
  });
});
