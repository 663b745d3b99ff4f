/**
 * A TLS-terminating reverse proxy for tests, as an operator puts one in front of Blastmap: a self-signed
 * certificate for localhost made with the openssl CLI, a Node `https` server on an ephemeral port of
 * 127.0.0.1, and every request passed to the app over plain HTTP with the Host header kept and
 * `X-Forwarded-Proto: https` added. No outside network.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";

export interface TlsProxy {
  /** https://localhost:<port> */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** A key and a certificate for localhost, valid one day, written in `dir`. */
export function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer } {
  const key = path.join(dir, "localhost-key.pem");
  const cert = path.join(dir, "localhost-cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
    { stdio: "ignore" },
  );
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

export async function startTlsProxy(options: { dir: string; targetPort: number }): Promise<TlsProxy> {
  const server = https.createServer(selfSignedCertificate(options.dir), (request, response) => {
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: options.targetPort,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, "x-forwarded-proto": "https", "x-forwarded-for": request.socket.remoteAddress ?? "127.0.0.1" },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
