import { TurnContext } from 'botbuilder';
import type { Logger } from '../../platform/logger';
import { message } from '../../knowledge/messages';
import { stripInvisibleMarks, toAsciiDigits } from '../../knowledge/text/normalizeText';
import { LookupCounter } from '../../requests/lookupCounter';
import { RequestStore } from '../../requests/requestStore';
import { Request, RequestNumber } from '../../requests/requestSchemas';
import { readVerifier, verifies } from '../../requests/verifyRequester';
import { menuActivity } from '../mainMenu';
import { turnLanguage } from '../turnLanguage';

/** What a look-up was for, as limiter keys: the pair tried, and each part of it on its own. */
export interface LookedUp {
  /** The number with the verifier tried (or the ID with the mobile): fails only for a guesser, so it pauses. */
  pair: string;
  /** The number, the verifier: strangers can fail on someone else's, so these only slow, never refuse a right answer. */
  parts: string[];
}

/**
 * Finding a person's own request from what they say about it, for every dialog that shows or changes
 * one (tracking, adding information): by request number plus one verifier (ID, mobile or email), or
 * by ID plus mobile. Whatever did not match, the answer is the same "not found", and failures are
 * counted in the one look-up limiter those dialogs share (in memory, or in PostgreSQL across instances), so nobody can guess through one of them
 * after being paused in the other, yet nobody can lock the owner out:
 * - the client (its user id, its conversation) and the pair it tried are paused after 5 failures;
 * - a number or a verifier that others failed on 5 times is only slowed: a look-up with the right
 *   details still succeeds, a wrong one is answered "paused";
 * - past a global bound of failures per minute (a flood of fresh ids), every failing look-up is
 *   answered "paused" and slowed; right details still succeed.
 */
export class VerifiedLookup {
  constructor(
    private readonly store: RequestStore,
    readonly limiter: LookupCounter,
    private readonly logger: Logger,
  ) {}

  /** The request with this number, if the verifier typed is its owner's; the person is told when not. */
  async byNumber(context: TurnContext, number: string, verifierText: string): Promise<Request[] | undefined> {
    const verifier = readVerifier(verifierText);
    const tried = verifier ? `${verifier.kind}:${verifier.value}` : 'none';
    const lookedUp = { pair: `pair:${number}|${tried}`, parts: [`number:${number}`, ...(verifier ? [tried] : [])] };
    return this.find(context, lookedUp, async () => {
      const request = await this.store.get(number);
      return request && verifier && verifies(request, verifier) ? [request] : [];
    });
  }

  /** Every request of the person with this ID and mobile; the person is told when there is none. */
  byPerson(context: TurnContext, nationalId: string, mobile: string): Promise<Request[] | undefined> {
    const lookedUp = { pair: `pair:nationalId:${nationalId}|mobile:${mobile}`, parts: [`nationalId:${nationalId}`, `mobile:${mobile}`] };
    return this.find(context, lookedUp, () => this.store.findByPerson(nationalId, mobile));
  }

  /**
   * Looks up under the limits. Failures count under the client's ids (user, conversation), the pair
   * tried, and each part of it (the number, the verifier), which a client cannot change by opening a
   * new Direct Line conversation. A paused client or pair is refused before the store is asked. A
   * number or verifier under guessing, or the global bound reached, slows the look-up; then right
   * details are answered as always and wrong ones "paused", with the same message whether or not
   * such a request exists. Undefined when nothing was found (the person has been told).
   */
  private async find(context: TurnContext, lookedUp: LookedUp, find: () => Promise<Request[]>): Promise<Request[] | undefined> {
    const language = turnLanguage(context);
    const own = [...limiterKeys(context), lookedUp.pair];
    const pauses = await this.limiter.checkLookup(own, lookedUp.parts);
    if (pauses.own.blocked) {
      await this.sayPaused(context, pauses.own.retryAt!);
      return undefined;
    }
    const underGuessing = [pauses.parts, pauses.global].filter((p) => p.blocked);
    if (underGuessing.length > 0) await delay(this.limiter.limits.slowdownMs);
    const found = await find();
    if (found.length > 0) return found;
    await this.limiter.recordFailure([...own, ...lookedUp.parts]);
    this.logger.info('request look-up matched nothing', { user: context.activity.from?.id, paused: underGuessing.length > 0 });
    if (underGuessing.length > 0) {
      const retryAt = new Date(Math.max(...underGuessing.map((p) => p.retryAt!.getTime())));
      await this.sayPaused(context, retryAt);
    } else {
      await context.sendActivity(menuActivity(language, message(language, 'track.notFound')));
    }
    return undefined;
  }

  /** Says look-ups are paused, and for how long, when this user, conversation or pair failed too often. */
  async refuseIfPaused(context: TurnContext, keys = limiterKeys(context)): Promise<boolean> {
    const { blocked, retryAt } = await this.limiter.check(keys);
    if (!blocked) return false;
    await this.sayPaused(context, retryAt!);
    return true;
  }

  private async sayPaused(context: TurnContext, retryAt: Date): Promise<void> {
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60000));
    const language = turnLanguage(context);
    await context.sendActivity(menuActivity(language, message(language, 'track.paused', { minutes })));
  }
}

/** A request number anywhere in a sentence, read with the same folding as RequestNumber. */
export function numberIn(text: string): string | undefined {
  const folded = stripInvisibleMarks(toAsciiDigits(text.normalize('NFKC')));
  const candidate = /TW[\s\-\u2010-\u2015\u2212_.]*\d{4}[\s\-\u2010-\u2015\u2212_.]*\d{6,}/i.exec(folded)?.[0];
  const parsed = candidate ? RequestNumber.safeParse(candidate) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function limiterKeys(context: TurnContext): string[] {
  const { channelId, from, conversation } = context.activity;
  return [`user:${channelId}:${from?.id}`, `conversation:${channelId}:${conversation?.id}`];
}
