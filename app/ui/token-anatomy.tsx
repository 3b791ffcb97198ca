import { createHash } from "node:crypto";
import { cookieBytes } from "@/lib/cookies";
import { utf8Bytes } from "@/lib/config";
import { JsonBlock } from "./code-lines";

/**
 * A short, one-way fingerprint of a credential: enough to tell two cookies apart on screen,
 * useless to replay. The page shows this instead of the value, which never enters the HTML.
 */
function credentialFingerprint(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 12);
}

/** What each segment of a compact JWS (RFC 7515) and JWE (RFC 7516) is. */
const SEGMENT_NAMES: Record<number, readonly string[]> = {
  3: ["header", "payload", "signature"],
  5: ["header", "encrypted key", "IV", "ciphertext", "tag"],
};

/** A segment's JSON, or undefined when it is not base64url JSON (ciphertext, a signature). */
function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * What anyone holding a token's cookie can see: a JWS (3 segments) shows its header and
 * claims to whoever base64url-decodes them; a JWE (5 segments) shows only its header, the
 * rest is ciphertext. The cookie's value itself is not rendered (it is HttpOnly: page
 * scripts, and an injected one, must not find it in the HTML either): only a fingerprint.
 */
export function TokenAnatomy({ cookieName, value, testId, copyable = false }: { cookieName: string; value: string; testId: string; copyable?: boolean }) {
  const segments = value.split(".");
  const kind = segments.length === 5 ? "JWE (encrypted)" : segments.length === 3 ? "JWS (signed, readable)" : "not a compact JWT";
  const header = decodeSegment(segments[0]);
  const readablePayload = segments.length === 3 ? decodeSegment(segments[1]) : undefined;
  return (
    <div data-testid={testId}>
      <dl className="facts">
        <dt>cookie</dt>
        <dd><code>{cookieName}</code></dd>
        <dt>format</dt>
        <dd data-testid={`${testId}-kind`}>{kind}</dd>
        <dt>segments</dt>
        <dd>
          <span data-testid={`${testId}-segments`}>{segments.length}</span> ({segments.map((segment, i) => `${SEGMENT_NAMES[segments.length]?.[i] ?? `#${i + 1}`} ${segment.length}`).join(" · ")} characters)
        </dd>
        <dt>size</dt>
        <dd data-testid={`${testId}-bytes`}>{utf8Bytes(value)} bytes ({cookieBytes(cookieName, value)} bytes in the Cookie header)</dd>
        <dt>header (anyone can read)</dt>
        <dd data-testid={`${testId}-header`}>{header === undefined ? "(unreadable)" : <JsonBlock value={header} copyLabel="Copy the header" testId={`${testId}-header-json`} />}</dd>
        <dt>payload without the key</dt>
        <dd data-testid={readablePayload !== undefined ? undefined : `${testId}-payload-public`}>
          {readablePayload !== undefined ? "readable by anyone (below)" : "ciphertext: unreadable without the server's secret"}
        </dd>
      </dl>
      {readablePayload !== undefined && <JsonBlock value={readablePayload} copyLabel="Copy the claims" testId={`${testId}-payload-public`} />}
      <p data-testid={`${testId}-fingerprint`}>
        Fingerprint (SHA-256, first 12 characters): <code>{credentialFingerprint(value)}</code>. The value itself is
        not in this page{copyable ? "; “Copy my credential” is the one deliberate way to get it" : ""}.
      </p>
    </div>
  );
}
