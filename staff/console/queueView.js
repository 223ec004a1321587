// The console's queue: the cases in working order, a page at a time.
import { $, api, el, PAGE, state, t } from './pageState.js';

// A page at a time: a busy day's cases are not all loaded at once. The API's order is the working
// order (waiting first, then in progress, then finished, newest first); "Load more" follows `next`.
let chosen = () => {};
/** What choosing a case in the list does: console.js hands it the case view's selectCase. */
export function whenCaseChosen(handler) {
  chosen = handler;
}

/** Records a case the feed changed, for the lists still on their way (refreshCases). */
export function caseArrived(changed) {
  for (const arriving of state.casesArriving) arriving.push(changed);
}

export async function refreshCases() {
  // The feed's changes that come while the list is on its way go over it, in order: the list alone
  // would drop a case raised meanwhile (the feed's refresh on opening raced the first case).
  const arriving = [];
  state.casesArriving.add(arriving);
  try {
    const { status, body } = await api(`/api/staff/handoffs?limit=${PAGE}`);
    if (status !== 200) return;
    state.cases = new Map(body.handoffs.map((c) => [c.id, c]));
    for (const changed of arriving) state.cases.set(changed.id, { ...state.cases.get(changed.id), ...changed });
    state.casesNext = body.next;
    renderCases();
  } finally {
    state.casesArriving.delete(arriving);
  }
}
$('cases-more').addEventListener('click', async () => {
  const { status, body } = await api(`/api/staff/handoffs?limit=${PAGE}&cursor=${encodeURIComponent(state.casesNext)}`);
  if (status !== 200) return;
  for (const c of body.handoffs) if (!state.cases.has(c.id)) state.cases.set(c.id, c);
  state.casesNext = body.next;
  renderCases();
});
const minutesSince = (iso) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
const ORDER = { waiting: 0, assigned: 1, resolved: 2, abandoned: 2, expired: 2 };
export function renderCases() {
  const list = $('cases');
  if (!list || !state.me) return;
  list.replaceChildren();
  const finishedAt = (c) => c.endedAt || c.createdAt;
  const shown = [...state.cases.values()].sort((a, b) => ORDER[a.status] - ORDER[b.status] || (ORDER[a.status] < 2 ? a.queuedAt.localeCompare(b.queuedAt) : finishedAt(b).localeCompare(finishedAt(a))));
  $('cases-more').hidden = !state.casesNext;
  $('no-cases').hidden = shown.some((c) => c.status === 'waiting');
  for (const c of shown) {
    const info = c.status === 'waiting' ? `${t('waited')}: ${minutesSince(c.queuedAt)} ${t('minutes')}` : c.agentName || '';
    list.append(
      el('li', {}, el('button', { type: 'button', class: c.id === state.selected ? 'selected' : '', 'data-case': c.id, onclick: () => chosen(c.id) },
        el('span', {}, el('span', { class: 'badge', text: t(c.status) }), ' ', el('strong', { text: `#${c.id.slice(0, 8)}` })),
        el('small', { class: 'case-language', text: `${t('language')}: ${t(`lang.${c.language}`)} · ${t('channel')}: ${c.channelId}` }),
        el('small', { text: info }))),
    );
  }
}
setInterval(renderCases, 30000);

