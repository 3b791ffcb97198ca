import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { SITE_CONFIG, siteConfigForTest, type Certificate } from "@/scripts/lib/nginx";

const certificate: Certificate = { certPath: "/tmp/run/app.test.crt", keyPath: "/tmp/run/app.test.key", spkiSha256: "", pem: "" };
const options = { port: 40443, upstreamPorts: [40001, 40002] as [number, number], certificate };

describe("the nginx configuration the production-topology tests run (scripts/lib/nginx.ts)", () => {
  it("is deploy/nginx.conf, the file the docs show, with only this run's ports and certificate swapped in", () => {
    const original = readFileSync(SITE_CONFIG, "utf8");
    const tested = siteConfigForTest(original, options);
    expect(tested).toContain("listen 127.0.0.1:40443 ssl http2;");
    expect(tested).toContain("server 127.0.0.1:40001;");
    expect(tested).toContain("server 127.0.0.1:40002;");
    expect(tested).toContain("ssl_certificate     /tmp/run/app.test.crt;");
    expect(tested).toContain("ssl_certificate_key /tmp/run/app.test.key;");
    // Everything else, the proxy headers included, is the file as written.
    const untouched = (text: string) => text.split("\n").filter((line) => !/listen|server 127|ssl_certificate/.test(line));
    expect(untouched(tested)).toEqual(untouched(original));
  });

  it("fails, naming the line, when the file no longer has a line it swaps (rather than test another setup)", () => {
    const changed = readFileSync(SITE_CONFIG, "utf8").replace("listen 443 ssl http2;", "listen 443 ssl;");
    expect(() => siteConfigForTest(changed, options)).toThrow("deploy/nginx.conf should contain `listen 443 ssl http2;` once (found 0)");
  });
});
