import { readdir } from 'node:fs/promises';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

const PUBLIC_MAX_AGE = '1h';

/**
 * Serves what sits at the top of public/ (besides build/, served on its own) by name.
 * `express.static` at the root looked each page's address up on disk before the app
 * answered it, a file-system call on every request; the public files are a few names
 * known at start-up, so a page's address is checked against a set instead. A file added
 * to public/ is served after the next start.
 */
export async function servePublicEntries(publicDir: string): Promise<RequestHandler> {
  const entries = await readdir(publicDir, { withFileTypes: true }).catch(() => []);
  const files = new Map<string, string>();
  const folders = express.Router();
  for (const entry of entries) {
    if (entry.name === 'build') continue;
    const location = path.join(publicDir, entry.name);
    if (entry.isDirectory()) {
      folders.use(
        `/${encodeURIComponent(entry.name)}`,
        express.static(location, { maxAge: PUBLIC_MAX_AGE }),
      );
    } else if (entry.isFile()) {
      files.set(`/${encodeURIComponent(entry.name)}`, location);
    }
  }
  return (req, res, next) => {
    const file = files.get(req.path);
    if (file && (req.method === 'GET' || req.method === 'HEAD')) {
      res.sendFile(file, { maxAge: PUBLIC_MAX_AGE }, (error) => {
        if (error) next(error);
      });
      return;
    }
    folders(req, res, next);
  };
}
