// The console's Ratings tab: a supervisor sees every officer's, an officer their own (the API decides).
import { $, api, el, state } from './pageState.js';

export async function refreshRatings() {
  const { status, body } = await api('/api/staff/handoffs/ratings');
  if (status !== 200) return;
  state.ratings = body.agents;
  renderRatings();
}
export function renderRatings() {
  if (!state.ratings || !state.me) return;
  const entries = Object.entries(state.ratings).sort(([, a], [, b]) => a.displayName.localeCompare(b.displayName, state.language));
  $('no-ratings').hidden = entries.length > 0;
  $('ratings-rows').replaceChildren(
    ...entries.map(([username, r]) =>
      el('tr', { 'data-agent': username },
        el('td', { text: r.displayName }),
        el('td', { text: String(r.count) }),
        el('td', { text: `${r.average.toFixed(2)} / 5` }),
        el('td', {}, el('ul', { class: 'comments' }, ...r.recentComments.map((c) => el('li', { text: `${'★'.repeat(c.rating)}${'☆'.repeat(5 - c.rating)} ${c.comment}` }))))),
    ),
  );
}

