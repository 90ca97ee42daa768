import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * React Router's production build is patched (patches/, decision 038) to keep the paths its
 * links resolve, where a server render resolved each link two or three times from scratch.
 * The development build is left as published, and React Router picks one or the other by
 * NODE_ENV when first required: the same links rendered under each must give the same markup.
 */

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(here, '..', '..', 'tests', 'fixtures', 'links', 'render-links.mjs');

async function render(nodeEnv: 'production' | 'development') {
  const { stdout } = await run(process.execPath, [script], {
    env: { ...process.env, NODE_ENV: nodeEnv },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

describe('links resolved on the server', () => {
  it('render the same in the patched production build as in the published development build', async () => {
    const production = createRequire(import.meta.url).resolve(
      'react-router/dist/umd/react-router.production.min.js',
    );
    // the comparison means something only while the patch is there
    expect(await readFile(production, 'utf8')).toContain('resolveToKept');
    const [patched, published] = await Promise.all([render('production'), render('development')]);
    const hrefs = new Set(patched.match(/href="[^"]*"/g));
    expect(hrefs.size).toBeGreaterThan(60);
    expect(patched.split('\n').filter((line) => /^[12] \//.test(line))).toHaveLength(20);
    expect(patched).toBe(published);
  });
});
