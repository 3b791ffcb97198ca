import { connect, createServer, type Socket } from "node:net";

export interface StallingProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Stops forwarding, both ways, on every connection open now; connections made later pass. */
  stallOpenConnections(): void;
  /** Connections the proxy has accepted so far. */
  connectionsAccepted(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a local port that can drop the connections open now without a word:
 * what a lost NAT entry or a failed-over load balancer does. A stalled connection forwards
 * nothing, answers no FIN (a client that only ends its socket waits for the peer), and stays
 * open until the client destroys it or the proxy closes.
 */
export async function startStallingProxy(targetPort: number): Promise<StallingProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket; stalled: boolean }>();
  let accepted = 0;
  const server = createServer({ allowHalfOpen: true }, (client) => {
    accepted++;
    const pair = { client, upstream: connect({ host: "127.0.0.1", port: targetPort, allowHalfOpen: true }), stalled: false };
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) => {
      from.on("data", (data) => pair.stalled || to.write(data));
      from.on("end", () => pair.stalled || to.end());
      from.on("close", () => {
        pairs.delete(pair);
        if (!pair.stalled) to.destroy();
      });
      from.on("error", () => {});
    };
    forward(client, pair.upstream);
    forward(pair.upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no TCP port");
  return {
    port: address.port,
    stallOpenConnections: () => pairs.forEach((pair) => (pair.stalled = true)),
    connectionsAccepted: () => accepted,
    close: async () => {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
