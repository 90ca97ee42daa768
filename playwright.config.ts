import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4317);
const baseURL = `http://localhost:${PORT}`;
const MAIL_SMTP_PORT = Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 4325);
const MAIL_HTTP_PORT = Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 4326);
// a fresh embedded database per run, exactly as a newcomer starts; workers inherit the same folder
process.env.CADRE_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'cadre-e2e-'));

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // generous: the server, two browsers and axe share two cores
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // the machine has no way out: keep Chromium from trying to phone home
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: [
    {
      command: 'tsx server.ts',
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      env: {
        NODE_ENV: 'production',
        // requests are logged at info; the run's output keeps only what went wrong
        LOG_LEVEL: 'warn',
        PORT: String(PORT),
        // production issues credentials only under a configured public address
        APP_ORIGIN: baseURL,
        DATA_DIR: process.env.CADRE_E2E_DATA_DIR,
        // the browser tests run on the embedded default, whatever the shell points at
        DATABASE_URL: '',
        REDIS_URL: '',
        // mail goes to the catcher below; tests read it with readMail() from tests/e2e/mail.ts
        SMTP_URL: `smtp://127.0.0.1:${MAIL_SMTP_PORT}`,
        // a made-up Meeting SDK app: the page signs and mounts the SDK; Zoom itself is out of reach
        ZOOM_MEETING_SDK_KEY: 'e2eMeetingSdkKey',
        ZOOM_MEETING_SDK_SECRET: 'e2e-meeting-sdk-secret-never-in-the-bundle',
      },
    },
    {
      command: 'tsx tests/fakes/mail-catcher.ts',
      url: `http://127.0.0.1:${MAIL_HTTP_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      env: {
        MAIL_CATCHER_SMTP_PORT: String(MAIL_SMTP_PORT),
        MAIL_CATCHER_HTTP_PORT: String(MAIL_HTTP_PORT),
      },
    },
  ],
});
