/** The comparison's own pages, defined once (the playground and /compare link to the drill). */
export const COMPARE_ROUTES = {
  leakedKey: "/compare/leaked-key",
} as const;
