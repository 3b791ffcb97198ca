/**
 * The production topology's proxy for tests: Debian's nginx running deploy/nginx.conf, the
 * file docs/deploying.md shows, with this run's ports and a certificate made for the run.
 * nginx runs in the foreground from a temporary directory (its pid, logs and buffers there),
 * so nothing of the machine's own nginx is touched, and it is stopped by `stop()` or when this
 * process exits.
 */
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startProcess, waitFor } from "./processes";

/** The site configuration the tests run, as a reader copies it. */
export const SITE_CONFIG = "deploy/nginx.conf";
/** The public name in that file (the tests resolve it to 127.0.0.1 for Chromium). */
export const PUBLIC_HOSTNAME = "app.test";

export interface Certificate {
  certPath: string;
  keyPath: string;
  /** base64 SHA-256 of the public key: what Chromium's --ignore-certificate-errors-spki-list pins. */
  spkiSha256: string;
  /** The certificate in PEM, for Node clients (`ca`). */
  pem: string;
}

/** A self-signed P-256 certificate for `hostname`, valid for a day, made with openssl. */
export function makeCertificate(hostname: string, dir: string): Certificate {
  const certPath = join(dir, `${hostname}.crt`);
  const keyPath = join(dir, `${hostname}.key`);
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", keyPath, "-out", certPath, "-days", "1",
      "-subj", `/CN=${hostname}`, "-addext", `subjectAltName=DNS:${hostname}`,
    ], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const missing = (error as { code?: string }).code === "ENOENT";
    throw new Error(missing
      ? "The production-topology tests make their TLS certificate with openssl, which is not installed: `sudo apt-get install openssl` (Debian/Ubuntu) or `brew install openssl` (macOS)."
      : `openssl could not make the test certificate: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  const pem = readFileSync(certPath, "utf8");
  const spki = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return { certPath, keyPath, pem, spkiSha256: createHash("sha256").update(spki).digest("base64") };
}

export interface NginxOptions {
  /** Where nginx listens (on 127.0.0.1). */
  port: number;
  /** The `next start` instances' ports, in place of the file's 3001 and 3002. */
  upstreamPorts: [number, number];
  certificate: Certificate;
}

/**
 * The site file with this run's ports and paths. Each line swapped must be in the file
 * exactly once: if deploy/nginx.conf changes shape, this fails rather than testing something
 * other than what the docs show.
 */
export function siteConfigForTest(text: string, { port, upstreamPorts, certificate }: NginxOptions): string {
  const swaps: Array<[string, string]> = [
    ["listen 443 ssl http2;", `listen 127.0.0.1:${port} ssl http2;`],
    ["server 127.0.0.1:3001;", `server 127.0.0.1:${upstreamPorts[0]};`],
    ["server 127.0.0.1:3002;", `server 127.0.0.1:${upstreamPorts[1]};`],
    ["/etc/ssl/certs/app.test.crt", certificate.certPath],
    ["/etc/ssl/private/app.test.key", certificate.keyPath],
  ];
  let out = text;
  for (const [from, to] of swaps) {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`${SITE_CONFIG} should contain \`${from}\` once (found ${count}): update scripts/lib/nginx.ts with it.`);
    out = out.replace(from, to);
  }
  return out;
}

export function nginxBinary(): string {
  return process.env.NGINX_BIN ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx");
}

export interface Nginx {
  /** https://app.test:<port> */
  origin: string;
  port: number;
  /** One line per request: `<client address> <upstream address> <status> <method> <path>`. */
  accessLog(): string[];
  stop(): Promise<void>;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), "jwt-vs-session-nginx-"));
  for (const sub of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, "site.conf"), siteConfigForTest(readFileSync(SITE_CONFIG, "utf8"), options));
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  writeFileSync(join(dir, "nginx.conf"), [
    "daemon off;",
    // As root, nginx's workers would run as `nobody`, who cannot write this private directory.
    root ? "user root;" : "",
    "worker_processes 1;",
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    "events { worker_connections 512; }",
    "http {",
    "  log_format upstreams '$remote_addr $upstream_addr $status $request_method $uri';",
    `  access_log ${dir}/access.log upstreams;`,
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((sub) => `  ${sub}_temp_path ${dir}/${sub};`),
    `  include ${dir}/site.conf;`,
    "}",
  ].join("\n"));
  const server = startProcess(nginxBinary(), ["-p", dir, "-e", join(dir, "error.log"), "-c", join(dir, "nginx.conf")]);
  const log = () => (existsSync(join(dir, "error.log")) ? readFileSync(join(dir, "error.log"), "utf8") : "");
  try {
    await waitFor(`nginx on port ${options.port}`, async () => {
      if (server.process.exitCode !== null) throw new Error(`nginx exited: ${log()}`);
      return listening(options.port);
    }, 15_000, 50);
  } catch (error) {
    await server.stop();
    throw new Error(`nginx did not start: ${log() || String(error)}`);
  }
  return {
    origin: `https://${PUBLIC_HOSTNAME}:${options.port}`,
    port: options.port,
    accessLog: () => (existsSync(join(dir, "access.log")) ? readFileSync(join(dir, "access.log"), "utf8").split("\n").filter(Boolean) : []),
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
