import { describe, expect, it } from "vitest";
import { highlightJson } from "@/app/ui/code-lines";
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
