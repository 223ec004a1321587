import path from 'node:path';
import dotenv from 'dotenv';
import { ConversationState, UserState } from 'botbuilder';
import { createAdapter } from './bot/adapter';
import { Config, readConfig } from './bot/config';
import { createLogger, Logger } from './bot/logger';
import { LowdbStorage } from './bot/lowdbStorage';
import { createServer } from './bot/server';
import { TawasulBot } from './bot/tawasulBot';
import { FaqDialog } from './dialogs/faqDialog';
import { IqamaFineDialog } from './dialogs/iqamaFineDialog';
import { MainDialog } from './dialogs/mainDialog';
import { loadKnowledgeBase } from './knowledge/build/loadKnowledgeBase';
import { FaqRetriever } from './knowledge/retrieval/faqRetriever';
import { readIqamaFineRules } from './knowledge/rules/iqamaFines';
import { version } from './package.json';

/** What the composition root takes besides configuration: seams tests fix. */
export interface AppServices {
  /** The clock dialogs read "today" from; tests fix it so date answers do not drift. */
  now?: () => Date;
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** The composition root: config → storage → knowledge → adapter → dialogs → bot → server. */
export async function startApp(config: Config, logger: Logger = createLogger(config.LOG_LEVEL), services: AppServices = {}): Promise<RunningApp> {
  const storage = await LowdbStorage.open(path.join(config.DATA_DIR, 'state'));
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);

  const { knowledgeBase, rebuilt } = loadKnowledgeBase(config.DATA_DIR);
  const retriever = new FaqRetriever(knowledgeBase);
  logger.info(rebuilt ? 'knowledge base rebuilt from sources' : 'knowledge base loaded', { entries: retriever.entryCount });

  const adapter = createAdapter(config, conversationState, logger);
  const faqDialog = new FaqDialog(retriever);
  const iqamaFineDialog = new IqamaFineDialog(faqDialog, readIqamaFineRules(), services.now);
  const mainDialog = new MainDialog(faqDialog, { fines: IqamaFineDialog.id }, [iqamaFineDialog]);
  const bot = new TawasulBot(conversationState, userState, mainDialog);

  const server = createServer({
    adapter,
    bot,
    logger,
    health: () => ({ status: 'ok', knowledgeBaseEntries: retriever.entryCount, version }),
  });
  if (!config.MicrosoftAppId) logger.warn('MicrosoftAppId is not set: accepting anonymous traffic (Emulator and local use only)');
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  const { port } = server.address() as { port: number };
  const url = `http://localhost:${port}`;
  logger.info('listening', { url, messagingEndpoint: `${url}/api/messages` });
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (require.main === module) {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  startApp(config, logger).then(
    (app) => {
      const stop = () => {
        logger.info('shutting down');
        app.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: Error) => {
      logger.error('could not start', { error: error.message, stack: error.stack });
      process.exit(1);
    },
  );
}
