/**
 * A free TCP port on 127.0.0.1 for a server a test starts (the OS picks it, then it is released).
 */
import net from 'node:net';

/** A port nothing listens on at the time of the call. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}
