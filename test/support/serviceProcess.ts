import { ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';
import { PROJECT_ROOT } from '../../platform/projectFiles';

/** The service in a process of its own, as `npm start` runs it (from the sources, through tsx). */
export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with its address once it listens; rejects if it exits first. */
  listening: Promise<string>;
  /** Resolves with its exit code (or the signal that ended it). */
  exited: Promise<number | NodeJS.Signals | null>;
}

export function spawnService(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'index.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const listening = new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output += line + '\n';
      try {
        const logged = JSON.parse(line) as { message?: string; url?: string };
        if (logged.message === 'listening' && logged.url) resolve(logged.url);
      } catch {
        // not a log line
      }
    });
    exited.then((code) => reject(new Error(`the service exited (${code}) before listening:\n${output}`)));
  });
  listening.catch(() => undefined);
  return { child, pid: child.pid!, output: () => output, listening, exited };
}
