import { describe } from "vitest";
import { onEveryStore } from "../../support/redis-availability";
import { runRaces } from "./races";
import { raceLoginLimiter } from "../security/login-race";

/**
 * The lanes' races on every store. In a file of its own, not in the store tests: those run
 * inside the copied patterns (tests/copies/), which carry no admin page, no other lane and no Redis.
 */
onEveryStore("races", (store, connect) => {
  runRaces(store, connect);
  describe(`login rate limiter races: ${store}`, () => raceLoginLimiter(connect));
});
