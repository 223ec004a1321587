/**
 * A small levelled logger writing one JSON object per line. Anything that may hold personal
 * data is masked here as well (IDs, mobiles, emails in any field), so a careless field cannot leak one.
 */
import { maskDeep, maskPersonalData } from './maskPersonalData';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  const log = (at: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[at] >= ORDER[level]) write(JSON.stringify({ time: new Date().toISOString(), level: at, message: maskPersonalData(message), ...(maskDeep(fields) as object) }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
