/**
 * `npm run fuzz`: the endpoint fuzz of the suite with a larger budget, on a service started for it.
 * FUZZ_SEED picks the seed (a random one otherwise, printed to replay it), FUZZ_RUNS the number of
 * requests (3,000), FUZZ_SECONDS a time limit (300). Prints how many requests each endpoint got
 * and with which status; exits 1 on a failure, with fast-check's counterexample.
 */
import { startTestApp } from '../support/testApp';
import { fuzzEndpoints } from './endpointFuzz';

const STAFF_TOKEN = 'fuzz-staff-token-0123456789';

async function main(): Promise<number> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  const numRuns = Number(process.env.FUZZ_RUNS ?? 3_000);
  const timeLimitMs = Number(process.env.FUZZ_SECONDS ?? 300) * 1000;
  const app = await startTestApp({ STAFF_TOKEN, LOG_LEVEL: 'warn' });
  try {
    const started = Date.now();
    const report = await fuzzEndpoints({ baseUrl: app.url, staffToken: STAFF_TOKEN, logLines: app.logLines }, { seed, numRuns, timeLimitMs });
    const health = await fetch(`${app.url}/healthz`);
    const leaked = app.logLines.some((line) => line.includes(STAFF_TOKEN));
    process.stdout.write(`seed ${seed}: ${report.runs} requests in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    for (const [key, count] of [...report.counts.entries()].sort()) process.stdout.write(`  ${String(count).padStart(6)}  ${key}\n`);
    process.stdout.write(`/healthz afterwards: ${health.status}; staff token in the log: ${leaked ? 'yes' : 'no'}\n`);
    if (report.failure) process.stdout.write(`FAILED (replay with FUZZ_SEED=${seed}):\n${report.failure}\n`);
    return report.failure || health.status !== 200 || leaked ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
