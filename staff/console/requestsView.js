// The console's Requests tab: the requests a page at a time, one request's history, changing its status.
import { $, api, el, PAGE, state, t } from './pageState.js';

const TRANSITIONS = { received: ['in_review', 'rejected'], in_review: ['awaiting_info', 'resolved', 'rejected'], awaiting_info: ['in_review', 'resolved', 'rejected'], resolved: [], rejected: [] };
export async function refreshRequests() {
  const { status, body } = await api(`/api/staff/requests?limit=${PAGE}`);
  if (status !== 200) return;
  state.requests = body.requests;
  state.requestsNext = body.next;
  renderRequests();
}
$('requests-more').addEventListener('click', async () => {
  const { status, body } = await api(`/api/staff/requests?limit=${PAGE}&cursor=${encodeURIComponent(state.requestsNext)}`);
  if (status !== 200) return;
  const known = new Set(state.requests.map((r) => r.number));
  state.requests = [...state.requests, ...body.requests.filter((r) => !known.has(r.number))];
  state.requestsNext = body.next;
  renderRequests();
});
export function renderRequests() {
  const list = $('requests');
  if (!list || !state.me) return;
  list.replaceChildren(
    ...state.requests.map((r) =>
      el('li', {}, el('button', { type: 'button', class: state.request && state.request.number === r.number ? 'selected' : '', onclick: () => selectRequest(r.number) },
        el('span', {}, el('span', { class: 'badge', text: t(`status.${r.status}`) }), ' ', el('strong', { text: r.number })),
        el('small', { text: `${r.category || ''}${r.overdue ? ' ⚠' : ''}${r.newInformation ? ` · ${t('newInformation')}` : ''}` }))),
    ),
  );
  $('requests-more').hidden = !state.requestsNext;
  const r = state.request;
  $('request-empty').hidden = Boolean(r);
  $('request-body').hidden = !r;
  if (!r) return;
  $('request-title').textContent = r.number;
  $('request-status').textContent = t(`status.${r.status}`);
  const fields = [['number', r.number], ['submitted', r.submittedAt || r.createdAt || ''], ['category', r.category || ''], ['status', t(`status.${r.status}`)]];
  $('request-fields').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', { text: t(k) }), el('dd', { text: String(v) })]), el('dt', { text: '…' }), el('dd', { text: r.description || '' }));
  // The history, with what the person added (their words and their files by name) since submitting.
  $('request-history').replaceChildren(...(r.history || []).map((h) => {
    const when = new Date(h.at).toLocaleString(state.language === 'ar' ? 'ar-SA' : 'en-GB');
    if (h.added) {
      const files = h.added.files.map((f) => f.name).join('، ');
      return el('li', { class: 'added' }, el('strong', { text: `${when} · ${t('addedByPerson')}` }), h.added.text ? el('p', { text: h.added.text }) : '', files ? el('p', { text: `${t('files')}: ${files}` }) : '');
    }
    return el('li', {}, el('strong', { text: `${when} · ${t(`status.${h.status}`)}` }), h.note ? el('p', { text: h.note }) : '');
  }));
  const next = TRANSITIONS[r.status] || [];
  $('new-status').replaceChildren(...next.map((s) => el('option', { value: s, text: t(`status.${s}`) })));
  $('status-change').hidden = next.length === 0;
}
async function selectRequest(number) {
  $('request-error').textContent = '';
  const { status, body } = await api(`/api/staff/requests/${encodeURIComponent(number)}`);
  state.request = status === 200 ? body : null;
  renderRequests();
}
$('status-change').addEventListener('submit', async (event) => {
  event.preventDefault();
  const note = $('status-note').value.trim();
  const { status, body } = await api(`/api/staff/requests/${encodeURIComponent(state.request.number)}/status`, { method: 'PATCH', body: JSON.stringify({ status: $('new-status').value, ...(note ? { note } : {}) }) });
  if (status !== 200) return void ($('request-error').textContent = (body && body.error) || String(status));
  $('status-note').value = '';
  state.request = body.request;
  await refreshRequests();
});

