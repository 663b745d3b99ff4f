/**
 * A WebSocket-to-TCP proxy of the kind Neon runs in front of Postgres, so the Neon serverless driver can be
 * tested against a local server. Each connection names its target as `?address=host:port`; only loopback
 * targets are allowed.
 */
import net from "node:net";
import { WebSocketServer } from "ws";

export interface WsProxy {
  /** "127.0.0.1:PORT/v2", the form neonConfig.wsProxy expects. */
  address: string;
  close(): Promise<void>;
}

export async function startWsProxy(): Promise<WsProxy> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  server.on("connection", (socket, request) => {
    const target = new URL(request.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const [host, port] = target.split(":");
    if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
      socket.close(1008, "only loopback targets");
      return;
    }
    const tcp = net.connect(Number(port), host);
    tcp.on("data", (chunk) => socket.send(chunk));
    tcp.on("close", () => socket.close());
    tcp.on("error", () => socket.close());
    socket.on("message", (data) => tcp.write(data as Buffer));
    socket.on("close", () => tcp.destroy());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}/v2`,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
