import crypto from 'node:crypto';
import { citizenId } from '../support/saudiIds';
import { messageActivity, Steps } from './loadServers';
import { seededNumber } from './seededStores';

/**
 * Tracking conversations over a store seeded with `stored` requests (seededStores.ts): each asks to
 * track a request by its number ("I want to track my request TW-…", "ابي اتابع طلبي TW-…"), and
 * answers the verifier question with the owner's email (English) or ID number (Arabic): two turns,
 * the second of which looks the request up and shows it. Each conversation tracks another request,
 * spread over the whole store, with its owner's right details, so the look-up limiter counts no
 * failure and what is measured is the normal path, never a pause.
 *
 * `found` counts the look-ups whose reply showed the request, so a bench can say if any did not.
 */
export function trackingConversations(stored: number, found: { shown: number; missed: number }): Steps {
  return () => {
    // Conversations new to this load, so none continues a form another load left.
    const load = crypto.randomBytes(4).toString('hex');
    let n = 0;
    return [
      {
        setupRequest: (request, context) => {
          const conversation = n++;
          const tracked = 1 + ((conversation * 7919) % stored);
          const arabic = conversation % 2 === 0;
          Object.assign(context, { conversation, request: tracked, arabic });
          const text = arabic ? `ابي اتابع طلبي ${seededNumber(tracked)}` : `I want to track my request ${seededNumber(tracked)}`;
          return { ...request, body: JSON.stringify(messageActivity(`track-${load}-${conversation}`, `tracker-${load}-${conversation}`, text)) };
        },
      },
      {
        setupRequest: (request, context) => {
          const { conversation, request: number, arabic } = context as { conversation: number; request: number; arabic: boolean };
          const verifier = arabic ? citizenId(number) : `person${number}@example.com`;
          return { ...request, body: JSON.stringify(messageActivity(`track-${load}-${conversation}`, `tracker-${load}-${conversation}`, verifier)) };
        },
        onResponse: (_status, body, context) => {
          // The report names the request; "not found" and "paused" do not.
          if (body.includes(seededNumber((context as { request: number }).request))) found.shown++;
          else found.missed++;
        },
      },
    ];
  };
}
