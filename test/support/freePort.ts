import net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on: the kernel picks it (a test's server, PostgreSQL, a bench's servers). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
