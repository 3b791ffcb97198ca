import { storeConfig, type StoreConfig } from "./index";

/**
 * The store in one line. Anyone may see its kind; where it is (`withAddress`) is for the
 * server's log and signed-in users at most. Never the token, and never credentials written
 * into the URL (`https://user:password@host`): only the origin, or for Redis over TCP the
 * host and port, is shown.
 */
export function describeStore({ withAddress = false }: { withAddress?: boolean } = {}): string {
  return describeStoreConfig(storeConfig(), { withAddress });
}

export function describeStoreConfig(config: StoreConfig, { withAddress }: { withAddress: boolean }): string {
  switch (config.kind) {
    case "memory":
      return "in-memory (this Node.js process only; not shared between instances or with the Edge runtime)";
    case "upstash":
      // URL#origin has no userinfo, path or query.
      return withAddress ? `Redis via Upstash REST at ${new URL(config.url).origin}` : "Redis via Upstash REST";
    case "redis": {
      const url = new URL(config.url);
      const database = Number(url.pathname.slice(1) || 0); // REDIS_URL's /db, checked by the store section
      return withAddress ? `Redis over TCP at ${url.protocol}//${url.host}${database ? `, database ${database}` : ""}` : "Redis over TCP";
    }
  }
}
