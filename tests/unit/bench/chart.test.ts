import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { CHART_CHAR_PX, renderChart } from "@/bench/report";
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
