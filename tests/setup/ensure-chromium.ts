import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The browser tests drive Debian's Chromium (Playwright cannot download its own here).
 * Install it when missing and we may (root on Debian); otherwise say how.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

if (!existsSync(chromium)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasAptGet()) {
    console.log('Chromium is missing; installing Debian’s chromium package for the browser tests…');
    const install = spawnSync('sh', ['-c', 'apt-get update -q && apt-get install -y -q chromium'], {
      stdio: 'inherit',
    });
    if (install.status !== 0 || !existsSync(chromium)) {
      console.error('Installing Chromium failed; see the apt output above.');
      process.exit(1);
    }
  } else {
    console.error(
      [
        `The browser tests need Chromium at ${chromium}.`,
        'On Debian or Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
        'Elsewhere, install Chromium and point CHROMIUM_PATH at its executable.',
      ].join('\n'),
    );
    process.exit(1);
  }
}
