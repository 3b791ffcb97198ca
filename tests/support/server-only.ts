/** Stands in for the `server-only` marker package (Next.js provides it at build time) when vitest imports server code. */
export {};
