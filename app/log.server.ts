import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestLog } from './http/request-log.server';

export type { Logger };

/**
 * Paths pino blanks before a line is written. Anything that can sign a person in or
 * read their mail stays out of the log, whichever object it arrives in.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'currentPassword',
  '*.currentPassword',
  'newPassword',
  '*.newPassword',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'cookie',
  '*.cookie',
  'authorization',
  '*.authorization',
  'headers.cookie',
  'headers.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'databaseUrl',
  '*.databaseUrl',
];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface CreateLoggerOptions {
  level?: LogLevel;
  /** where lines go; standard output unless a test collects them */
  destination?: DestinationStream;
}

/** One JSON line per event, with secrets blanked; `err` keeps the stack. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    options.destination,
  );
}

const remembered = globalThis as typeof globalThis & { __cadreLogger?: Logger };

/**
 * The logger of the server handling the current request, else the process's (server.ts
 * sets it at start-up, at `LOG_LEVEL`).
 */
export function getLogger(): Logger {
  const request = currentRequestLog();
  if (request) return request.logger;
  remembered.__cadreLogger ??= createLogger({
    level: (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
  });
  return remembered.__cadreLogger;
}

export function setLogger(logger: Logger) {
  remembered.__cadreLogger = logger;
}
