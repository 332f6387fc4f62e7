import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';

export type { Logger };

/** JSON logs (stdout unless told otherwise). Fields that could carry PII are redacted wherever they appear. */
export function createLogger(level: string, name = 'wioa', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: ['*.ssn', '*.firstName', '*.lastName', '*.birthDate', '*.caseNote', '*.body', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Adapts pino to the Temporal SDK's Logger interface (worker and SDK core logs). */
export function temporalLoggerFrom(logger: Logger): TemporalLogger {
  const map: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => logger[map[level]](meta ?? {}, message);
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}
