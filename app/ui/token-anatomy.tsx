import { cookieBytes } from "@/lib/cookies";

function decodeSegment(segment: string): string | null {
  try {
    return JSON.stringify(JSON.parse(Buffer.from(segment, "base64url").toString("utf8")), null, 2);
  } catch {
    return null;
  }
}

/**
 * The raw cookie of a token and what anyone holding it can see: a JWS (3 segments) shows
 * its header and claims to whoever base64url-decodes them; a JWE (5 segments) shows only
 * its header, the rest is ciphertext.
 */
export function TokenAnatomy({ cookieName, value, testId }: { cookieName: string; value: string; testId: string }) {
  const segments = value.split(".");
  const kind = segments.length === 5 ? "JWE (encrypted)" : segments.length === 3 ? "JWS (signed, readable)" : "not a compact JWT";
  const readablePayload = segments.length === 3 ? decodeSegment(segments[1]) : null;
  return (
    <div data-testid={testId}>
      <dl className="facts">
        <dt>cookie</dt>
        <dd><code>{cookieName}</code></dd>
        <dt>format</dt>
        <dd data-testid={`${testId}-kind`}>{kind}</dd>
        <dt>segments</dt>
        <dd data-testid={`${testId}-segments`}>{segments.length}</dd>
        <dt>size</dt>
        <dd data-testid={`${testId}-bytes`}>{new TextEncoder().encode(value).length} bytes ({cookieBytes(cookieName, value)} bytes in the Cookie header)</dd>
        <dt>header (anyone can read)</dt>
        <dd><code>{decodeSegment(segments[0]) ?? "(unreadable)"}</code></dd>
        <dt>payload without the key</dt>
        <dd data-testid={`${testId}-payload-public`}>
          {readablePayload ? <pre>{readablePayload}</pre> : "ciphertext: unreadable without the server's secret"}
        </dd>
      </dl>
      <details>
        <summary>The raw cookie value</summary>
        <pre data-testid={`${testId}-raw`}>{value}</pre>
      </details>
    </div>
  );
}
