import fs from 'node:fs';
import path from 'node:path';
import { Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { RunningApp, startApp } from '../../index';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { fillRequestForm } from '../support/submitThrough';
import { draftFor, storeDraft } from '../support/requestDrafts';
import { newRequest } from '../../requests/newRequest';
import { formatRequestNumber } from '../../requests/requestSchemas';
import { citizenId, mobile } from '../support/saudiIds';
import { temporaryDataDir } from '../support/testApp';

/**
 * `npm run bench:requests`: does a submission turn or a tracking look-up slow down as requests pile
 * up? The same turns are timed against a service holding 100 requests (the baseline) and one holding
 * 100,000, in the same run, through the real HTTP endpoint; the store's own calls are timed too.
 * Only the turn that does the work is timed: "Confirm and submit" (stores, writes, sends the SMS)
 * and the verifier turn of tracking (looks up and checks). A ratio near 1 means size does not matter.
 */
const SIZES = [100, 100_000];
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const SEED_BATCH = 10_000;

interface Figures {
  size: number;
  seedMs: number;
  openMs: number;
  submitTurnMs: number[];
  trackTurnMs: number[];
  storeCreateUs: number[];
  storeGetUs: number[];
  storeFindByPersonUs: number[];
  megabytesOnDisk: number;
}

async function seed(dataDir: string, size: number): Promise<number> {
  const started = performance.now();
  const store = await LowdbRequestStore.open(path.join(dataDir, 'requests'));
  for (let from = 0; from < size; from += SEED_BATCH) {
    const count = Math.min(SEED_BATCH, size - from);
    await store.addMany(Array.from({ length: count }, (_, i) => newRequest(draftFor(from + i + 1), formatRequestNumber(2026, from + i + 1), new Date())));
  }
  return performance.now() - started;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function submissionTurn(app: RunningApp, n: number): Promise<number> {
  const conversation = new Conversation(app.url, { locale: 'en-US' });
  await fillRequestForm(conversation, 500_000 + n, `bench${n}@example.com`);
  let text = '';
  const ms = await timed(async () => (text = textOf(await conversation.say('Confirm and submit'))));
  if (!/Request number/.test(text)) throw new Error(`submission failed: ${text}`);
  return ms;
}

async function trackingTurn(app: RunningApp, size: number, n: number): Promise<number> {
  // A request spread over the whole store, not only the newest ones.
  const person = 1 + Math.floor((n * 7919) % size);
  const number = `TW-${new Date().getUTCFullYear()}-${String(person).padStart(6, '0')}`;
  const conversation = new Conversation(app.url, { locale: 'en-US' });
  await play(conversation, [
    ['Track a request', /How would/],
    ['By request number', /request number/],
    [number, /one of these/],
  ]);
  let text = '';
  const ms = await timed(async () => (text = textOf(await conversation.say(`person${person}@example.com`))));
  if (!/Current status/.test(text)) throw new Error(`look-up failed for ${number}: ${text}`);
  return ms;
}

async function storeCalls(dataDir: string, size: number, figures: Figures): Promise<void> {
  let store!: LowdbRequestStore;
  figures.openMs = await timed(async () => (store = await LowdbRequestStore.open(path.join(dataDir, 'requests'))));
  for (let i = 0; i < SAMPLES; i++) {
    const person = 1 + ((i * 7919) % size);
    const number = `TW-${new Date().getUTCFullYear()}-${String(person).padStart(6, '0')}`;
    figures.storeCreateUs.push(1000 * (await timed(() => storeDraft(store, draftFor(900_000 + i)))));
    figures.storeGetUs.push(1000 * (await timed(() => store.get(number))));
    figures.storeFindByPersonUs.push(1000 * (await timed(() => store.findByPerson(citizenId(person), mobile(person).e164))));
  }
}

interface Prepared {
  figures: Figures;
  dataDir: string;
  app: RunningApp;
}

async function prepare(size: number): Promise<Prepared> {
  const dataDir = temporaryDataDir();
  const figures: Figures = { size, seedMs: 0, openMs: 0, submitTurnMs: [], trackTurnMs: [], storeCreateUs: [], storeGetUs: [], storeFindByPersonUs: [], megabytesOnDisk: 0 };
  figures.seedMs = await seed(dataDir, size);
  const app = await startApp(Config.parse({ PORT: 0, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), createLogger('silent'));
  return { figures, dataDir, app };
}

/** Both services run side by side and take turns, so warm-up and machine noise fall on both alike. */
async function measure(services: Prepared[]): Promise<void> {
  for (let i = 0; i < 10; i++) for (const { app } of services) await submissionTurn(app, -1 - i); // warm-up, not counted
  for (let i = 0; i < SAMPLES; i++) {
    for (const { app, figures } of services) figures.submitTurnMs.push(await submissionTurn(app, figures.size + i));
    for (const { app, figures } of services) figures.trackTurnMs.push(await trackingTurn(app, figures.size, i));
  }
  for (const { app, dataDir, figures } of services) {
    await app.close();
    await storeCalls(dataDir, figures.size, figures);
    const dir = path.join(dataDir, 'requests');
    figures.megabytesOnDisk = fs.readdirSync(dir).reduce((total, f) => total + fs.statSync(path.join(dir, f)).size, 0) / 1024 / 1024;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A write rewrites the newest file, which holds up to 1,000 requests: with 100 or 100,000 stored it
 * holds few, so this measures the worst case apart — creates into a file already ~950 full.
 */
async function createIntoFullFile(): Promise<number[]> {
  const dataDir = temporaryDataDir();
  await seed(dataDir, 950);
  const store = await LowdbRequestStore.open(path.join(dataDir, 'requests'));
  const times: number[] = [];
  for (let i = 0; i < 40; i++) times.push(1000 * (await timed(() => storeDraft(store, draftFor(950 + i + 1)))));
  fs.rmSync(dataDir, { recursive: true, force: true });
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
const fixed = (n: number, digits = 2) => n.toFixed(digits);

async function main(): Promise<void> {
  const services: Prepared[] = [];
  for (const size of SIZES) {
    process.stdout.write(`storing ${size.toLocaleString('en')} requests…\n`);
    services.push(await prepare(size));
  }
  process.stdout.write('measuring…\n');
  await measure(services);
  const [small, large] = services.map((s) => s.figures);
  const rows: [string, (f: Figures) => number[], string][] = [
    ['submission turn ("Confirm and submit"), median', (f) => f.submitTurnMs, 'ms'],
    ['tracking turn (look-up and verify), median', (f) => f.trackTurnMs, 'ms'],
    ['store.create, median', (f) => f.storeCreateUs, 'µs'],
    ['store.get by number, median', (f) => f.storeGetUs, 'µs'],
    ['store.findByPerson, median', (f) => f.storeFindByPersonUs, 'µs'],
  ];
  console.log(`\nRequest store benchmark (${SAMPLES} samples each; baseline = ${small.size} requests)\n`);
  console.log(`| measure | ${small.size.toLocaleString('en')} requests | ${large.size.toLocaleString('en')} requests | ratio |`);
  console.log('| --- | --- | --- | --- |');
  for (const [name, pick, unit] of rows) {
    const a = median(pick(small));
    const b = median(pick(large));
    console.log(`| ${name} | ${fixed(a)} ${unit} (p95 ${fixed(p95(pick(small)))}) | ${fixed(b)} ${unit} (p95 ${fixed(p95(pick(large)))}) | ${fixed(b / a)} |`);
  }
  const full = await createIntoFullFile();
  console.log(`| store.create into a file already holding 950–990 requests (worst case) | ${fixed(median(full))} µs (p95 ${fixed(p95(full))}) | | |`);
  console.log(`| seeding (addMany) | ${fixed(small.seedMs, 0)} ms | ${fixed(large.seedMs, 0)} ms | – |`);
  console.log(`| opening the store (read + validate + index) | ${fixed(small.openMs, 0)} ms | ${fixed(large.openMs, 0)} ms | – |`);
  console.log(`| size on disk | ${fixed(small.megabytesOnDisk)} MB | ${fixed(large.megabytesOnDisk)} MB | – |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
