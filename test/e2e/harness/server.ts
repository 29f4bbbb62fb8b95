// The browser harness: serves the built renderer and the core's handler table over HTTP on
// 127.0.0.1 (random port, per-run token), so Playwright can drive the real UI against the real
// core in Chromium. It lives under test/ and never ships.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
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
  let port = 0;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // Only pages this server served may talk to it: the Host must be ours (no DNS rebinding), and
      // a request that says where it comes from must come from here.
      const host = `127.0.0.1:${port}`;
      if (req.headers.host !== host || (req.headers.origin !== undefined && req.headers.origin !== `http://${host}`)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if (url.pathname.startsWith('/__harness/')) {
        // The token only ever in its header (a query string leaks into logs and history; a simple
        // cross-site POST cannot set a custom header).
        const given = req.headers['x-casebook-token'];
        const authorised = typeof given === 'string' && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
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
          if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
            res.writeHead(415).end('application/json only');
            return;
          }
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
      let rel: string;
      try {
        rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      } catch {
        res.writeHead(400).end();
        return;
      }
      // Contained after decoding: the resolved file must lie inside the renderer folder (a sibling
      // folder whose name starts with the same letters is outside it).
      const file = resolve(root, rel);
      const inside = relative(root, file);
      if (rel.includes('\0') || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
        res.writeHead(403).end();
        return;
      }
      const data = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(data);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 404 : 500;
      if (!res.headersSent) res.writeHead(code).end(code === 404 ? 'not found' : String(e));
    }
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
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
  // The token goes only to the process that started the harness (the test), never to a page by URL.
  process.stdout.write(`${JSON.stringify({ url: h.url, token: h.token })}\n`);
  const stop = () => void h.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
