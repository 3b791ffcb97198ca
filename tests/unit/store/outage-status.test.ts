import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "@/lib/store";
import { installOutageStatus, noteRequestError } from "@/lib/store/outage-status";

/**
 * A real http.Server with the hook installed. Each path plays a page render that fails as
 * Next.js does it: the error is reported (onRequestError → noteRequestError) somewhere in the
 * request's async work, then the response goes out with 500.
 */
describe("a page's store outage answers 503 (lib/store/outage-status.ts)", () => {
  let server: Server;
  let base = "";

  beforeAll(async () => {
    installOutageStatus();
    server = createServer(async (request, response) => {
      await new Promise((resolve) => setImmediate(resolve)); // the render's own async steps
      if (request.url === "/store-down") noteRequestError(new StoreUnavailableError("GET", new Error("connection refused")));
      if (request.url === "/other-error") noteRequestError(new Error("a bug"));
      if (request.url === "/ok") {
        response.end("fine");
        return;
      }
      response.statusCode = 500;
      response.end("error page");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("a 500 after a store outage goes out as 503 with Retry-After, the body unchanged", async () => {
    const response = await fetch(`${base}/store-down`);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.text()).toBe("error page");
  });

  it("any other 500 stays a 500, and a success is untouched", async () => {
    const [other, ok] = await Promise.all([fetch(`${base}/other-error`), fetch(`${base}/ok`)]);
    expect(other.status).toBe(500);
    expect(other.headers.get("retry-after")).toBeNull();
    expect(ok.status).toBe(200);
  });

  it("one request's outage does not leak into requests running at the same time", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${base}/${i % 2 ? "store-down" : "other-error"}`)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 ? 503 : 500)));
  });
});
