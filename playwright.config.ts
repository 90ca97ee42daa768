import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4317);
const baseURL = `http://localhost:${PORT}`;
const MAIL_SMTP_PORT = Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 4325);
const MAIL_HTTP_PORT = Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 4326);
// the test OpenID provider the single sign-on test configures the demo organization to use
const OIDC_PORT = Number(process.env.OIDC_PROVIDER_PORT ?? 4330);
process.env.OIDC_PROVIDER_PORT = String(OIDC_PORT);
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
        // production refuses to start without it; any long text does for a test run
        SECRETS_KEY: 'e2e-secrets-key-for-single-sign-on-client-secrets',
      },
    },
    {
      command: 'tsx tests/setup/oidc-provider.ts',
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      env: {
        OIDC_PROVIDER_PORT: String(OIDC_PORT),
        OIDC_APP_ORIGIN: baseURL,
        OIDC_CLIENT_ID: 'cadre-e2e',
        OIDC_CLIENT_SECRET: 'cadre-e2e-secret',
        // the people who can sign in there (verified addresses of the demo organization)
        OIDC_ACCOUNTS: 'participant12@demo.cadre.test',
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
