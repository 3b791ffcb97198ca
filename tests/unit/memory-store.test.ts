import { runStoreContract } from "./store.contract";
import { MemoryStore } from "@/lib/store/memory";

runStoreContract("memory", async () => {
  let now = Date.UTC(2026, 0, 1);
  return { store: new MemoryStore(() => now), advance: (ms) => void (now += ms) };
}, { clockCanAdvance: true });
