import * as oidc from 'openid-client';
import type { Env } from '../env.server';
import { openSecret } from '../security/secrets.server';

/** how long a provider's discovery document is reused before it is read again */
const DISCOVERY_TTL_MS = 10 * 60 * 1000;
/** how long Cadre waits for a provider's server */
const PROVIDER_TIMEOUT_SECONDS = 10;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Issuers are https. Plain http is accepted only on this machine's loopback address, where
 * a provider for local trials and tests runs; it never leaves the machine.
 */
export function isAllowedIssuerUrl(value: string) {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

export interface ProviderSettings {
  id: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  /** changes whenever the settings do, so a cached discovery is never stale after an edit */
  version: number;
}

const cache = new Map<string, { version: number; at: number; config: oidc.Configuration }>();

/**
 * The provider's configuration, read from `<issuer>/.well-known/openid-configuration`. The
 * library checks that the document names the same issuer; client_secret_basic is the OpenID
 * default and what Google, Microsoft and the others accept.
 */
export async function discoverProvider(
  env: Pick<Env, 'SECRETS_KEY' | 'NODE_ENV'>,
  settings: ProviderSettings,
) {
  const cached = cache.get(settings.id);
  if (cached && cached.version === settings.version && Date.now() - cached.at < DISCOVERY_TTL_MS) {
    return cached.config;
  }
  const issuer = new URL(settings.issuer);
  const config = await oidc.discovery(
    issuer,
    settings.clientId,
    undefined,
    oidc.ClientSecretBasic(openSecret(env, settings.clientSecretSealed)),
    {
      timeout: PROVIDER_TIMEOUT_SECONDS,
      execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
    },
  );
  config.timeout = PROVIDER_TIMEOUT_SECONDS;
  if (settings.id !== 'unsaved') {
    cache.set(settings.id, { version: settings.version, at: Date.now(), config });
  }
  return config;
}

/** What the admin reads when a provider's discovery document cannot be used. */
export function describeDiscoveryFailure(issuer: string, error: unknown) {
  const where = `${issuer}/.well-known/openid-configuration`;
  const code = (error as { code?: unknown } | null)?.code;
  if (
    code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' ||
    code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'
  ) {
    return `${where} names a different issuer: copy the issuer exactly as the provider writes it.`;
  }
  return `Cadre could not read ${where}. Check the issuer URL; the provider must be reachable from this server.`;
}
