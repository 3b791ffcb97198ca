import { REGIONS, type RegionName } from "@/lib/generated/regions";
import { CodeBlock } from "./code-block";

interface Step {
  region: RegionName;
  /** When and where this code ran for the page being shown. */
  when: string;
}

/** Per lane, the code behind a dashboard request, in the order it runs (sign-in last: it ran earlier). */
const STEPS: Record<"jwt" | "session" | "authjs" | "better-auth", Step[]> = {
  jwt: [
    { region: "jwt-guard", when: "First gate: the /jwt lane's guard (app/jwt/lane.ts), run by middleware.ts on the Edge runtime, before any page code ran" },
    { region: "require-jwt-user", when: "Second gate: this page, on Node.js" },
    { region: "verify-jwt", when: "Both gates verified your token with this (through authenticateAccessToken)" },
    { region: "sign-jwt", when: "When you signed in (or last refreshed), the token in your cookie was signed here" },
  ],
  session: [
    { region: "session-guard", when: "First gate: the /session lane's guard (app/session/lane.ts), run by middleware.ts on the Edge runtime (a store lookup only when the store is Redis)" },
    { region: "require-session-user", when: "Second gate: this page, on Node.js" },
    { region: "validate-session", when: "The lookup: your session read from the store, its expiry slid when due" },
    { region: "create-session", when: "When you signed in, your session was created here" },
  ],
  authjs: [
    { region: "authjs-guard", when: "First gate: the /authjs lane's guard (app/authjs/lane.ts), run by middleware.ts on the Edge runtime, after Auth.js's auth() decrypted the cookie" },
    { region: "require-authjs-user", when: "Second gate: this page, through auth() on Node.js" },
    {
      region: "authjs-callbacks",
      when: "auth() ran these callbacks in both gates (at sign-in, jwt() received the user and filled the token)",
    },
  ],
  "better-auth": [
    { region: "better-auth-guard", when: "First gate: the /better-auth lane's guard (app/better-auth/lane.ts), run by middleware.ts on the Edge runtime: only whether the cookie is there" },
    { region: "require-better-auth-user", when: "Second gate: this page, on Node.js" },
    { region: "better-auth-get-session", when: "Better Auth's getSession: from the cookie cache while it is young (when on), else from the store" },
    { region: "better-auth-options", when: "Better Auth's setup: sessions in this app's store, the demo users, the cookie cache" },
    { region: "better-auth-storage", when: "Where Better Auth's sessions live: this app's store (memory or Redis), under their own prefix" },
    { region: "better-auth-sign-in-action", when: "When you signed in: Better Auth's signInUsername, behind the shared login rate limiter" },
  ],
};

/**
 * "How this works": the exact source of the functions behind this page. The code comes from
 * lib/generated/regions.ts, which `npm run docs` (and `npm run build`, first) cuts from the
 * `// #region` markers in the source, so it cannot drift from the code that runs.
 */
export function HowItWorks({ lane }: { lane: keyof typeof STEPS }) {
  return (
    <details className="card how-it-works" data-testid="how-it-works">
      <summary>How this works: the code that ran for this page</summary>
      <ol>
        {STEPS[lane].map(({ region, when }) => {
          const { file, startLine, endLine, code } = REGIONS[region];
          return (
            <li key={region} data-region={region}>
              <p>{when}</p>
              <p className="source-ref">
                <code>{file}</code> lines {startLine}–{endLine}
              </p>
              <CodeBlock code={code} language={file.endsWith(".tsx") ? "tsx" : "ts"} />
            </li>
          );
        })}
      </ol>
    </details>
  );
}
