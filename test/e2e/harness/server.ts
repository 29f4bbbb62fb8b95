// The browser harness: serves the built renderer and the core's handler table over HTTP on
// 127.0.0.1 (random port, per-run token), so Playwright can drive the real UI against the real
// core in Chromium. It lives under test/ and never ships.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppLock } from '../../../electron/core/crypto/lock.ts';
import { kdfProfileFromEnv } from '../../../electron/core/crypto/keys.ts';
import type { Progress } from '../../../shared/contract/index.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
};

const clientScript = (token: string) => `
(() => {
  const token = ${JSON.stringify(token)};
  const listeners = new Set();
  let source = null;
  const ensureEvents = () => {
    if (source) return;
    source = new EventSource('/__harness/events?token=' + encodeURIComponent(token));
    source.addEventListener('progress', (e) => { const p = JSON.parse(e.data); for (const l of listeners) l(p); });
  };
  window.casebook = Object.freeze({
    invoke: async (channel, input) => {
      const res = await fetch('/__harness/invoke/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-casebook-token': token },
        body: JSON.stringify(input === undefined ? {} : input),
      });
      return res.json();
    },
    on: (event, listener) => {
      if (event !== 'progress') return () => {};
      ensureEvents();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
})();
`;

async function readBody(req: IncomingMessage, limit = 512 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error('request too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHarness(options: { dbFile: string; rendererDir: string; port?: number }) {
  const token = randomBytes(24).toString('hex');
  const streams = new Set<ServerResponse>();
  // The core behind the app lock, as in the desktop app. With CASEBOOK_PASSPHRASE set (every spec
  // but the lock's own) it is unlocked at once; CASEBOOK_HARNESS_LOCKED=1 starts at the lock screen.
  const lock = new AppLock({
    dbFile: options.dbFile,
    kdf: kdfProfileFromEnv(),
    ...(process.env.CASEBOOK_TEST_IDLE_SECONDS && { idleSeconds: Number(process.env.CASEBOOK_TEST_IDLE_SECONDS) }),
    onProgress: (payload) => {
      for (const s of streams) s.write(`event: progress\ndata: ${JSON.stringify(payload)}\n\n`);
    },
    configure: (ctx) => {
      ctx.emit = (event, payload: Progress) => {
        for (const s of streams) s.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      };
    },
  });
  if (process.env.CASEBOOK_PASSPHRASE && process.env.CASEBOOK_HARNESS_LOCKED !== '1') await lock.unlock(process.env.CASEBOOK_PASSPHRASE);
  const root = resolve(options.rendererDir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/__harness/')) {
        const authorised = req.headers['x-casebook-token'] === token || url.searchParams.get('token') === token;
        if (!authorised) {
          res.writeHead(403).end('forbidden');
          return;
        }
        if (url.pathname === '/__harness/events') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
          res.write(': connected\n\n');
          streams.add(res);
          req.on('close', () => streams.delete(res));
          return;
        }
        const m = url.pathname.match(/^\/__harness\/invoke\/([\w.-]+)$/);
        if (m && req.method === 'POST') {
          const body = await readBody(req);
          let input: unknown;
          try {
            input = body ? JSON.parse(body) : {};
          } catch {
            res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'The request body is not JSON.' } }));
            return;
          }
          const result = await lock.invoke(m[1]!, input);
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(result));
          return;
        }
        res.writeHead(404).end();
        return;
      }
      if (url.pathname === '/harness-client.js') {
        res.writeHead(200, { 'content-type': MIME['.js']!, 'cache-control': 'no-store' }).end(clientScript(token));
        return;
      }
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = normalize(join(root, rel));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      let data = await readFile(file);
      if (rel === 'index.html') {
        data = Buffer.from(data.toString('utf8').replace('<head>', '<head>\n    <script src="/harness-client.js"></script>'));
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(data);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 404 : 500;
      if (!res.headersSent) res.writeHead(code).end(code === 404 ? 'not found' : String(e));
    }
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    lock,
    close: async () => {
      for (const s of streams) s.end();
      await new Promise<void>((ok) => server.close(() => ok()));
      lock.lock();
    },
  };
}

// Run directly: print the address as one JSON line, serve until stdin closes or SIGTERM.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, renderer: { type: 'string' }, port: { type: 'string' } } });
  if (!values.db) throw new Error('--db is required');
  const h = await startHarness({
    dbFile: values.db,
    rendererDir: values.renderer ?? resolve(import.meta.dirname, '../../../out/renderer'),
    ...(values.port && { port: Number(values.port) }),
  });
  process.stdout.write(`${JSON.stringify({ url: h.url })}\n`);
  const stop = () => void h.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
