import { MemoryStore } from "@/lib/store/memory";
import { runSessionRaces } from "./races";

runSessionRaces("memory", () => new MemoryStore());
