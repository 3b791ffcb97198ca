import { StoreUnavailableError } from "@/lib/store";

/** A lane whose store did not answer, on a page that shows several lanes: nobody was signed out. */
export interface StoreDown {
  ok: false;
  storeDown: true;
  /** The credential the browser sent (kept, not judged). */
  token: string | undefined;
}

/**
 * For pages that draw several lanes at once (home, /compare): a gate that throws
 * StoreUnavailableError reads as StoreDown, so the other lanes still draw.
 */
export async function orStoreDown<T>(check: Promise<T>, token: string | undefined): Promise<T | StoreDown> {
  try {
    return await check;
  } catch (error) {
    if (!StoreUnavailableError.is(error)) throw error;
    return { ok: false, storeDown: true, token };
  }
}
