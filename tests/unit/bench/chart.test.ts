import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { CHART_CHAR_PX, CHART_PALETTE, renderChart } from "@/bench/report";
import type { Results } from "@/bench/results";

/** The chart /docs/benchmarks shows (bench/chart.svg): drawn from the last run's results. */
describe("bench chart", () => {
  const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
  const svg = renderChart(results);

  it("has room left of each bar for its whole label (none starts before the picture's edge)", () => {
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="end" font-size="12">([^<]*)<\/text>/g)];
    expect(labels.length).toBeGreaterThan(10);
    for (const [, x, label] of labels) expect(Number(x), label).toBeGreaterThanOrEqual(label.length * CHART_CHAR_PX);
  });

  it("is the chart the repository holds (bench/chart.svg is regenerated with the results)", () => {
    expect(readFileSync("bench/chart.svg", "utf8")).toBe(svg);
  });
});

/** The chart draws its own background in the page's colours, light and dark (app/globals.css). */
describe("bench chart colours", () => {
  const css = readFileSync("app/globals.css", "utf8");
  const dark = css.slice(css.indexOf("@media (prefers-color-scheme: dark)"));
  const token = (sheet: string, name: string) => sheet.match(new RegExp(`--${name}: (#[0-9a-f]{6});`))?.[1];

  it("uses the page's card and text colours, and each lane's accent, in both schemes", () => {
    for (const [scheme, sheet] of [["light", css], ["dark", dark]] as const) {
      const palette = CHART_PALETTE[scheme];
      expect(palette.background, scheme).toBe(token(sheet, "card"));
      expect(palette.text, scheme).toBe(token(sheet, "fg"));
      for (const lane of ["jwt", "session", "authjs", "better-auth"] as const) expect(palette[lane], `${scheme} ${lane}`).toBe(token(sheet, lane));
    }
  });

  it("paints a background of its own, and switches to the dark colours where the viewer prefers dark", () => {
    const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
    const svg = renderChart(results);
    expect(svg).toContain(`<rect class="background" width="100%" height="100%"`);
    const darkRules = svg.slice(svg.indexOf("@media (prefers-color-scheme: dark)"));
    expect(darkRules).toContain(`.background{fill:${CHART_PALETTE.dark.background}}`);
    expect(darkRules).toContain(`text{fill:${CHART_PALETTE.dark.text}}`);
  });
});
