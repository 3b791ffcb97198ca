import { UAParser } from "ua-parser-js";

/** "Chrome on Linux", "Safari on iOS", or the raw string when the parser recognises nothing. */
export function deviceName(userAgent: string): string {
  const { browser, os } = new UAParser(userAgent).getResult();
  const parts = [browser.name, os.name && `on ${os.name}`].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : userAgent || "unknown device";
}
