/**
 * npm run staff:add-agent -- <username> <display name> [supervisor]
 * Adds a staff account (or resets one) under DATA_DIR/staff, or in the database when DATABASE_URL
 * is set (a command, like index.ts, may pick the PostgreSQL store). The password is read from
 * STAFF_AGENT_PASSWORD, else asked for on the terminal (not echoed).
 */
import readline from 'node:readline';
import dotenv from 'dotenv';
import { openDatabase } from '../postgres/database';
import { PostgresAgentRecords } from '../postgres/postgresAgentRecords';
import { createLogger } from '../platform/logger';
import { AgentAccounts } from '../staff/agentAccounts';

async function askPassword(): Promise<string> {
  if (process.env.STAFF_AGENT_PASSWORD) return process.env.STAFF_AGENT_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Nothing typed is shown: the prompt is written once, then output is muted.
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write('Password (at least 10 characters): ');
  output._writeToOutput = () => undefined;
  const password = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return password;
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const [username, displayName, role] = process.argv.slice(2);
  if (!username || !displayName || (role && role !== 'supervisor')) {
    console.error('usage: npm run staff:add-agent -- <username> "<display name>" [supervisor]');
    process.exit(2);
  }
  const password = await askPassword();
  const url = process.env.DATABASE_URL;
  const pool = url ? await openDatabase(url, createLogger('warn')) : undefined;
  try {
    const accounts = pool ? await AgentAccounts.on(new PostgresAgentRecords(pool)) : await AgentAccounts.open(process.env.DATA_DIR || './data');
    const agent = await accounts.add(username, displayName, password, role === 'supervisor');
    console.log(`agent ${agent.username} (${agent.displayName}${agent.supervisor ? ', supervisor' : ''}) saved${pool ? ' in the database' : ''}`);
  } finally {
    await pool?.end();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
