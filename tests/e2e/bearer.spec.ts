import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { E2E_BASE_URL } from "./env";

test("the README's curl session for non-browser clients works as documented", () => {
  const output = execFileSync("bash", ["scripts/bearer-demo.sh", E2E_BASE_URL], { encoding: "utf8" }).trim().split("\n");
  expect(JSON.parse(output[0])).toMatchObject({ user: { id: "bob", role: "user" } });
  expect(JSON.parse(output[1])).toEqual({ error: "Not signed in.", reason: "missing" });
});
