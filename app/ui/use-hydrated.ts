"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False while the server renders and the browser hydrates, true once React runs the page.
 * A button whose work is a click handler is `disabled={!hydrated}` until then: clicked
 * earlier, it would do nothing at all (or, on a form, submit it the browser's way).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
