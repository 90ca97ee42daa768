import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePublicEntries } from './public-files.server';

let dir: string;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cadre-public-'));
  await writeFile(path.join(dir, 'favicon.ico'), 'icon');
  await mkdir(path.join(dir, 'fonts'));
  await writeFile(path.join(dir, 'fonts', 'a.woff2'), 'font');
  await mkdir(path.join(dir, 'build'));
  await writeFile(path.join(dir, 'build', 'entry.js'), 'js');
  const app = express();
  app.use(await servePublicEntries(dir));
  app.use((req, res) => {
    res.status(404).send(`app: ${req.method} ${req.path}`);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await close?.();
  await rm(dir, { recursive: true, force: true });
});

describe('servePublicEntries', () => {
  it('serves a top-level file by its name, cached for an hour, for GET and HEAD', async () => {
    const get = await fetch(`${base}/favicon.ico`);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('icon');
    expect(get.headers.get('cache-control')).toBe('public, max-age=3600');
    const head = await fetch(`${base}/favicon.ico`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('serves the files of a top-level folder', async () => {
    const response = await fetch(`${base}/fonts/a.woff2`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('font');
  });

  it('leaves build/ to its own handler, and pages, other methods and deeper names to the app', async () => {
    for (const [method, address] of [
      ['GET', '/build/entry.js'],
      ['GET', '/cohorts/1'],
      ['POST', '/favicon.ico'],
      ['GET', '/favicon.ico/more'],
      ['GET', '/fonts/missing.woff2'],
    ] as const) {
      const response = await fetch(`${base}${address}`, { method });
      expect(response.status, `${method} ${address}`).toBe(404);
      expect(await response.text()).toBe(`app: ${method} ${address}`);
    }
  });

  it('looks a page address up in what it read at start-up, not on disk', async () => {
    await writeFile(path.join(dir, 'later.txt'), 'later');
    const response = await fetch(`${base}/later.txt`);
    expect(response.status).toBe(404);
  });
});
