import type { Env } from '../env.server';

type ZoomEnv = Pick<
  Env,
  | 'ZOOM_ACCOUNT_ID'
  | 'ZOOM_CLIENT_ID'
  | 'ZOOM_CLIENT_SECRET'
  | 'ZOOM_API_BASE_URL'
  | 'ZOOM_OAUTH_URL'
  | 'ZOOM_MEETING_SDK_KEY'
  | 'ZOOM_MEETING_SDK_SECRET'
  | 'ZOOM_WEBHOOK_SECRET_TOKEN'
>;

export interface ZoomApiConfig {
  accountId: string;
  clientId: string;
  clientSecret: string;
  apiBaseUrl: string;
  oauthUrl: string;
}

/** The REST API settings, or null when the Server-to-Server OAuth app is not configured. */
export function getZoomApiConfig(env: ZoomEnv): ZoomApiConfig | null {
  if (!env.ZOOM_ACCOUNT_ID || !env.ZOOM_CLIENT_ID || !env.ZOOM_CLIENT_SECRET) return null;
  return {
    accountId: env.ZOOM_ACCOUNT_ID,
    clientId: env.ZOOM_CLIENT_ID,
    clientSecret: env.ZOOM_CLIENT_SECRET,
    apiBaseUrl: env.ZOOM_API_BASE_URL,
    oauthUrl: env.ZOOM_OAUTH_URL,
  };
}

export function getMeetingSdkConfig(env: ZoomEnv) {
  if (!env.ZOOM_MEETING_SDK_KEY || !env.ZOOM_MEETING_SDK_SECRET) return null;
  return { sdkKey: env.ZOOM_MEETING_SDK_KEY, sdkSecret: env.ZOOM_MEETING_SDK_SECRET };
}

/** What the pages may say about the Zoom connection; never any secret. */
export function zoomStatus(env: ZoomEnv) {
  return {
    api: getZoomApiConfig(env) !== null,
    meetingSdk: getMeetingSdkConfig(env) !== null,
    webhooks: Boolean(env.ZOOM_WEBHOOK_SECRET_TOKEN),
  };
}
