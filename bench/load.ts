import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

/**
 * The load generator, run in a child process by bench/run.ts so that autocannon's own work
 * (parsing every response, timing it) stays off the event loop of the server it measures.
 */

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  connections: number;
  /** run this long, unless `amount` is set */
  seconds: number;
  /** stop after this many answers instead (the warm-up) */
  amount?: number;
}

export interface LoadResult {
  path: string;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  bytesPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/** nearest-rank percentile of sorted values */
function percentile(sorted: Float64Array, p: number) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

const round = (value: number) => Math.round(value * 100) / 100;

export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // autocannon 9 reports p90 and p97.5 but no p95, so every response time is kept
    const times: number[] = [];
    const instance = autocannon(
      {
        url: job.url,
        headers: job.headers,
        connections: job.connections,
        // autocannon ignores duration when amount is set
        duration: job.seconds,
        ...(job.amount ? { amount: job.amount } : {}),
      },
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const sorted = Float64Array.from(times).sort();
        const statusCodes: Record<string, number> = {};
        for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
          statusCodes[code] = stats.count ?? 0;
        }
        resolve({
          path: new URL(job.url).pathname,
          requests: result.requests.total,
          requestsPerSecond: round(result.requests.mean),
          latencyMs: {
            mean: round(times.reduce((sum, time) => sum + time, 0) / Math.max(1, times.length)),
            p50: round(percentile(sorted, 50)),
            p95: round(percentile(sorted, 95)),
            p99: round(percentile(sorted, 99)),
            max: round(sorted[sorted.length - 1] ?? 0),
          },
          bytesPerSecond: Math.round(result.throughput.mean),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
        });
      },
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });
}

// as a child process: take one job from the parent, answer with its result, and exit
const runAsScript = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (runAsScript && process.send) {
  // a parent that is gone no longer wants the answer
  process.once('disconnect', () => process.exit(0));
  process.once('message', (job: LoadJob) => {
    runLoad(job).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (error: unknown) =>
        process.send?.({ error: error instanceof Error ? error.message : String(error) }, () =>
          process.exit(1),
        ),
    );
  });
}
