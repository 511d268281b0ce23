// Starts a real `ly serve` for a test: a free loopback port, a fresh data folder, the built app as its web root.
// LY_BIN names the binary (ctest passes it); by default the one in build/.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(new URL('../../..', import.meta.url).pathname);
export const WEB_DIST = join(REPO, 'web', 'dist');
export const SAMPLES = resolve(REPO, '..', 'shared', 'samples');

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

export async function startServer(extraArgs = []) {
  const binary = process.env.LY_BIN ?? join(REPO, 'build', 'services', 'ly', 'ly');
  if (!existsSync(binary)) throw new Error(`no ly binary at ${binary}: build first (make build)`);
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is not built: npm run build in web/');
  const dataDir = mkdtempSync(join(tmpdir(), 'ly-web-e2e-'));
  const port = await freePort();
  const args = ['serve', '--address', '127.0.0.1', '--port', String(port), '--data-dir', dataDir,
    '--web-root', WEB_DIST, '--auth-rate-per-min', '0', '--api-rate-per-min', '0', ...extraArgs];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => { log += chunk; });
  child.stderr.on('data', (chunk) => { log += chunk; });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ly serve exited (${child.exitCode}):\n${log.slice(-2000)}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`ly serve did not start:\n${log.slice(-2000)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    origin,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', done)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
