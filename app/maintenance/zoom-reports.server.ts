import type { DB } from '../../db/db.server';
import type { Env } from '../env.server';
import { getLogger } from '../log.server';
import { processDueReportRetries } from '../sessions/zoom-events.server';
import { getZoomClient } from '../zoom/client.server';
import { getZoomApiConfig } from '../zoom/config.server';
import { startPeriodicWork, type PeriodicWork } from '../utils/periodic.server';

/** how often the queue of participants-report reads is looked at */
export const ZOOM_REPORT_POLL_MS = 60 * 1000;

export type ZoomReportWorker = PeriodicWork<number>;

/**
 * Reads Zoom's participants reports that are due (15 minutes, 1 hour and 24 hours after a
 * meeting ended) from the zoom_report_retry table, so a restart or a second server
 * changes nothing about when or how often they are read.
 */
export function startZoomReportWorker(options: {
  db: DB;
  env: Env;
  log?: (message: string, error?: unknown) => void;
  pollMs?: number;
}): ZoomReportWorker {
  const { db, log = (message, error) => getLogger().error({ err: error }, message) } = options;
  return startPeriodicWork({
    pass: () => processDueReportRetries(db, { zoom: getZoomClient(getZoomApiConfig(options.env)) }),
    intervalMs: options.pollMs ?? ZOOM_REPORT_POLL_MS,
    onError: (error) => log('zoom reports: a pass failed', error),
  });
}
