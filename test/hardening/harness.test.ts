import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../e2e/harness/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'casebook-harness-'));
let h: Awaited<ReturnType<typeof startHarness>>;
let port: number;

beforeAll(async () => {
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><html><head></head><body>app</body></html>');
  mkdirSync(join(dir, 'renderer-secret'));
  writeFileSync(join(dir, 'renderer-secret', 'key.txt'), 'secret');
  h = await startHarness({ dbFile: join(dir, 'casebook.db'), rendererDir: join(dir, 'renderer') });
  port = Number(new URL(h.url).port);
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP request (fetch cannot set Host, and normalises paths). */
const send = (method: string, path: string, headers: Record<string, string> = {}, body = '') =>
  new Promise<{ status: number; body: string }>((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });

describe('the test harness', () => {
  it('answers a call that carries the token in its header, from its own origin', async () => {
    const r = await send('POST', '/__harness/invoke/session.current', { 'content-type': 'application/json', 'x-casebook-token': h.token, origin: `http://127.0.0.1:${port}` }, '{}');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
  });

  it('serves no token to anyone: /harness-client.js and the page hold none', async () => {
    const client = await send('GET', '/harness-client.js');
    expect(client.body).not.toContain(h.token);
    const page = await send('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(h.token);
  });

  it('refuses the token in the query string, a cross-origin text/plain POST, and a foreign Host', async () => {
    expect((await send('POST', `/__harness/invoke/cases.list?token=${h.token}`, { 'content-type': 'application/json' }, '{}')).status).toBe(403);
    expect((await send('POST', '/__harness/invoke/cases.create', { 'content-type': 'text/plain', origin: 'http://evil.example', 'x-casebook-token': h.token }, '{"title":"x"}')).status).toBe(403);
    expect((await send('POST', '/__harness/invoke/cases.create', { 'content-type': 'text/plain', 'x-casebook-token': h.token }, '{"title":"x"}')).status).toBe(415);
    expect((await send('POST', '/__harness/invoke/cases.list', { host: 'evil.example:80', 'content-type': 'application/json', 'x-casebook-token': h.token }, '{}')).status).toBe(403);
    expect((await send('GET', `/__harness/events?token=${h.token}`)).status).toBe(403);
  });

  it('keeps file requests inside the renderer folder after decoding', async () => {
    for (const path of ['/..%2Frenderer-secret/key.txt', '/%2e%2e/renderer-secret/key.txt', '/..%5Crenderer-secret%5Ckey.txt', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/index.html%00.js']) {
      const r = await send('GET', path);
      expect(r.status, path).not.toBe(200);
      expect(r.body).not.toContain('secret');
    }
    expect((await send('GET', '/index.html')).status).toBe(200);
  });
});
