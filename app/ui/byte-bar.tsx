import { COOKIE_LIMIT_BYTES, HEADER_LIMIT_BYTES } from "./cookie-limits";

/**
 * One size drawn as a horizontal bar on a byte scale shared by every bar of the picture, with
 * the two lines that matter: 4096 bytes (the most one cookie may hold) and 8 KiB (a typical
 * server's limit on the request's headers). What lies past the bar's own limit is coloured:
 * red where the browser drops it, amber where Auth.js splits it into more cookies.
 */
export const BYTE_SCALE_MIN = HEADER_LIMIT_BYTES + 1024;

/** The scale of a picture: room for its biggest bar and the 8 KiB line. */
export const byteScale = (...bytes: number[]) => Math.max(BYTE_SCALE_MIN, ...bytes.map((b) => Math.ceil(b * 1.05)));

const at = (bytes: number, scale: number) => `${((Math.min(bytes, scale) / scale) * 100).toFixed(2)}%`;

export function ByteBar({ bytes, limit, scale, label, past = "dropped" }: {
  bytes: number;
  /** The limit this size is held against: COOKIE_LIMIT_BYTES or HEADER_LIMIT_BYTES. */
  limit: number;
  scale: number;
  /** The bar's text alternative: "__Host-jwt: 412 of 4096 bytes". */
  label: string;
  /** What happens to the part past the limit. */
  past?: "dropped" | "split";
}) {
  const within = Math.min(bytes, limit);
  const state = bytes > limit ? `over-${past}` : isNearLimit(bytes, limit) ? "near" : "fits";
  return (
    <div className={`byte-bar byte-bar-${state}`} role="img" aria-label={label} data-state={state}>
      <span className="byte-bar-fill" style={{ width: at(Math.max(within, scale / 200), scale) }} />
      {bytes > limit && <span className={`byte-bar-past byte-bar-${past}`} style={{ left: at(limit, scale), width: at(bytes - limit, scale) }} />}
      <span className="byte-bar-line byte-bar-line-cookie" style={{ left: at(COOKIE_LIMIT_BYTES, scale) }} />
      <span className="byte-bar-line byte-bar-line-header" style={{ left: at(HEADER_LIMIT_BYTES, scale) }} />
    </div>
  );
}

/** Past three quarters of the limit: drawn amber, and said in words wherever a bar is. */
export const isNearLimit = (bytes: number, limit: number) => bytes <= limit && bytes > limit * 0.75;

/** The kinds of mark a picture can draw besides its two lines: a near-full bar, and a part past the limit. */
export interface ByteBarMarks { near: boolean; dropped: boolean; split: boolean }

/**
 * What the marks mean, said once under the bars: the two lines always, and only the kinds of
 * bar the picture can draw (a card with no Auth.js bar says nothing of splitting).
 */
export function ByteBarLegend({ marks = { near: true, dropped: true, split: true } }: { marks?: ByteBarMarks }) {
  return (
    <ul className="byte-bar-legend" data-testid="byte-bar-legend">
      <li><span className="byte-bar-key byte-bar-key-cookie" aria-hidden="true" /> {COOKIE_LIMIT_BYTES} bytes: the most one cookie may hold</li>
      <li><span className="byte-bar-key byte-bar-key-header" aria-hidden="true" /> {HEADER_LIMIT_BYTES} bytes (8 KiB): a typical server&apos;s limit on all request headers (past it, the server answers 431 Request Header Fields Too Large)</li>
      {marks.near && <li><span className="byte-bar-key byte-bar-key-near" aria-hidden="true" /> over three quarters of the limit: it still fits, with little room to grow</li>}
      {marks.dropped && <li><span className="byte-bar-key byte-bar-key-dropped" aria-hidden="true" /> past the limit: the browser drops the cookie</li>}
      {marks.split && <li><span className="byte-bar-key byte-bar-key-split" aria-hidden="true" /> past the limit: Auth.js splits it into more cookies</li>}
    </ul>
  );
}
