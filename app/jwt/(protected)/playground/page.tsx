import type { Metadata } from "next";
import { requireJwtUser } from "@/app/jwt/gate";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { RefreshedOnTheWay } from "@/app/jwt/refreshed-note";
import { Playground } from "../../playground/playground";
import { presetsFor, readToken } from "../../playground/tamper";
import { tryCustom, tryPreset } from "../../playground/actions";

export const metadata: Metadata = { title: "Token tamper playground" };

/**
 * Variants of your own access token against the app's real verifier. The page holds your
 * token's header and claims (anyone holding the token can read them), never the token: the
 * server builds each variant from the cookie, and never signs one with the app's key.
 */
export default async function PlaygroundPage() {
  const auth = await requireJwtUser();
  const { header, claims } = readToken(auth.token); // as the token has them, key order included
  return (
    <div className="dashboard">
      <Playground
        presets={presetsFor(claims)}
        header={JSON.stringify(header, null, 2)}
        claims={JSON.stringify(claims, null, 2)}
        tryPreset={tryPreset}
        tryCustom={tryCustom}
      >
        <h1>Token tamper playground</h1>
        <RefreshedOnTheWay jti={auth.claims.jti} />
        <p>
          Start from your own access token (as {auth.user.id}), change it the ways attackers do, and send each
          variant to this app&apos;s real verifier, <code>verifyAccessToken</code>. The server never signs a variant
          with its key: a variant keeps the original signature, has none, or is signed with a wrong key. Each answer
          names the check that refused it. Without the key, the signature check refuses every edit (
          <code>alg: none</code> is turned away before it, at the algorithm). &quot;If the key had leaked&quot; signs
          the same variant with a throwaway key and checks it with that key: what still stands when the signature no
          longer protects you, and under it the check that would still stop it (the audience, the type, the expiry).
        </p>
        <p><a href={JWT_ROUTES.dashboard}>Back to the JWT dashboard</a></p>
      </Playground>
    </div>
  );
}
