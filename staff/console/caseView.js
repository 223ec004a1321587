// The console's case view: the conversation so far and its files, taking the case, replying with files, ending it.
import { $, api, el, state, t } from './pageState.js';
import { renderCases } from './queueView.js';

export async function selectCase(id) {
  state.selected = id;
  $('case-error').textContent = '';
  const { status, body } = await api(`/api/staff/handoffs/${encodeURIComponent(id)}`);
  state.detail = status === 200 ? body : null;
  renderCases();
  renderCase();
}

function line(from, text, at, who, files) {
  const label = from === 'person' ? t('person') : from === 'agent' ? `${t('agent')} ${who || ''}` : t('bot');
  return el('li', { class: from }, el('small', { text: `${label} · ${new Date(at).toLocaleTimeString(state.language === 'ar' ? 'ar-SA' : 'en-GB', { hour: '2-digit', minute: '2-digit' })}` }), document.createTextNode(text), ...(files || []).map(fileLink));
}
// A file said in the case: a download for the officer who took it; the others see its name only (the API refuses them).
function fileLink(file) {
  const c = state.detail;
  const size = `${Math.max(1, Math.round(file.bytes / 1024))} KB`;
  if (file.deleted) return el('span', { class: 'file locked', text: `${file.name} — ${t('fileDeleted')}` });
  if (!c || c.agent !== state.me.username) return el('span', { class: 'file locked', text: `${file.name} (${size}) — ${t('fileLocked')}` });
  return el('a', { class: 'file', href: `/api/staff/handoffs/${encodeURIComponent(c.id)}/files/${encodeURIComponent(file.id)}`, download: file.name, text: `${file.name} (${size})` });
}

export function renderCase() {
  const c = state.detail;
  $('case-empty').hidden = Boolean(c);
  $('case-body').hidden = !c;
  if (!c) return;
  const mine = c.status === 'assigned' && (c.agent === state.me.username || state.me.supervisor);
  // The person's current language: it follows a switch during the conversation (the feed's case event).
  $('case-title').textContent = `#${c.id.slice(0, 8)} · ${c.channelId}`;
  $('case-language').textContent = `${t('language')}: ${t(`lang.${c.language}`)}`;
  $('case-status').textContent = t(c.status);
  $('take').hidden = c.status !== 'waiting';
  $('end').hidden = !mine;
  $('reply').hidden = !mine;
  $('case-rating').hidden = c.status !== 'resolved';
  $('case-rating').textContent = c.rating ? `${t('rating')}: ${'★'.repeat(c.rating)}${'☆'.repeat(5 - c.rating)} (${c.rating}/5)${c.comment ? ` — ${t('comment')}: ${c.comment}` : ''}` : t('noRating');
  const before = c.assignedAt || c.endedAt || new Date().toISOString();
  const items = [...c.transcript.filter((l) => !c.messages.length || l.at < (c.messages[0].at < before ? c.messages[0].at : before)).map((l) => line(l.from, l.text, l.at)), ...c.messages.map((m) => line(m.from, m.text, m.at, m.agent, m.files))];
  $('earlier').hidden = !c.transcriptCursor;
  $('transcript').replaceChildren(...items);
  $('transcript').scrollTop = $('transcript').scrollHeight;
}

// A long conversation comes a page at a time, from its end; earlier lines on request.
$('earlier').addEventListener('click', async () => {
  const c = state.detail;
  const { status, body } = await api(`/api/staff/handoffs/${encodeURIComponent(c.id)}?cursor=${encodeURIComponent(c.transcriptCursor)}`);
  if (status !== 200 || state.detail !== c) return;
  c.transcript = [...body.transcript, ...c.transcript];
  c.transcriptCursor = body.transcriptCursor;
  const list = $('transcript');
  const fromBottom = list.scrollHeight - list.scrollTop;
  renderCase();
  // Stay where the reader was, the earlier lines above.
  list.scrollTop = list.scrollHeight - fromBottom;
});

$('take').addEventListener('click', async () => {
  const { status, body } = await api(`/api/staff/handoffs/${encodeURIComponent(state.selected)}/claim`, { method: 'POST', body: '{}' });
  if (status === 409) $('case-error').textContent = t('taken');
  else if (status === 200) state.detail = body;
  renderCase();
});
$('end').addEventListener('click', async () => {
  await api(`/api/staff/handoffs/${encodeURIComponent(state.selected)}/end`, { method: 'POST', body: '{}' });
  await selectCase(state.selected);
});
$('reply').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('reply-text').value.trim();
  const files = [...$('reply-file').files];
  if (!text && !files.length) return;
  $('send').disabled = true;
  const path = `/api/staff/handoffs/${encodeURIComponent(state.selected)}/messages`;
  let result;
  if (files.length) {
    // Files go as multipart; the browser sets the boundary, so no content-type of ours.
    const form = new FormData();
    form.append('text', text);
    for (const file of files) form.append('file', file, file.name);
    const response = await fetch(path, { method: 'POST', credentials: 'same-origin', body: form });
    const raw = await response.text();
    result = { status: response.status, body: raw ? JSON.parse(raw) : undefined };
  } else {
    result = await api(path, { method: 'POST', body: JSON.stringify({ text }) });
  }
  $('send').disabled = false;
  if (result.status === 201) {
    $('reply-text').value = '';
    $('reply-file').value = '';
  } else $('case-error').textContent = (result.body && result.body.error) || String(result.status);
});
$('reply-text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('reply').requestSubmit();
  }
});

