import { REPORT_CATEGORIES, SEVERITY_LABELS, type Language } from '@sinergi/shared';
import { readStoredLanguage } from '../i18n/language.ts';
import { $, h, option, titleField, uuid } from '../plain/dom.ts';
import { meta, places, queue, type Place, type QueuedReport } from './queue.ts';
import { STRINGS } from './strings.ts';
import '../plain/base.css';
import './field.css';

/**
 * The field report page (/field.html): a small page of its own, without the main app's UI library, so
 * it loads on a weak signal and works offline. A report is filed in a few taps, kept in IndexedDB
 * with an id made on the phone, and sent when there is a connection; resending the same id is safe.
 */

interface Me {
  id: string;
  name: string;
  role: string;
  scope: { code: string; name: string; level: number };
  csrfToken: string | null;
}

const language: Language = readStoredLanguage();
const s = STRINGS[language];
let me: Me | null = null;
let csrf: string | null = null;
let syncing = false;
let needLogin = false;

/** "KABUPATEN BATANGHARI" -> "Kabupaten Batanghari" (names of regencies come in capitals). */
const titleCase = (name: string) =>
  name === name.toUpperCase()
    ? name
        .toLowerCase()
        .replace(/(^|[\s(/-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase())
    : name;

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  headers.set('accept-language', language);
  if (init.method && init.method !== 'GET' && csrf) headers.set('x-csrf-token', csrf);
  return fetch(path, { ...init, headers, credentials: 'same-origin' });
}

/** The signed-in user and the places of the scope, fetched when online and kept for offline use. */
async function loadSession(): Promise<void> {
  try {
    const res = await api('/api/v1/me');
    if (res.status === 401) {
      needLogin = true;
      me = (await meta.get<Me>('me')) ?? null;
      return;
    }
    if (!res.ok) throw new Error(String(res.status));
    const body = (await res.json()) as Me;
    needLogin = false;
    csrf = body.csrfToken;
    me = { ...body, csrfToken: null };
    await meta.set('me', me);
    // The places of a scope change only with a new release of the region data: once a day is plenty.
    const loaded = await meta.get<{ scope: string; at: number }>('placesLoaded');
    if (!loaded || loaded.scope !== me.scope.code || Date.now() - loaded.at > 86_400_000) {
      await loadPlaces(me.scope);
      await meta.set('placesLoaded', { scope: me.scope.code, at: Date.now() });
    }
  } catch {
    // Offline: what was kept last time.
    me = (await meta.get<Me>('me')) ?? null;
  }
}

async function loadPlaces(scope: Me['scope']): Promise<void> {
  await places.putAll([{ code: scope.code, name: scope.name, level: scope.level, parentCode: null }]);
  const fetchChildren = async (parent: string): Promise<Place[]> => {
    const res = await api(`/api/v1/regions?parent=${encodeURIComponent(parent)}&limit=500`);
    if (!res.ok) return [];
    const body = (await res.json()) as { items: Array<{ code: string; name: string; level: number }> };
    const rows = body.items.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: parent }));
    await places.putAll(rows);
    return rows;
  };
  // Down to the villages: a regency has some hundreds, fetched a district at a time.
  let frontier = scope.level >= 4 ? [] : [scope.code];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const code of frontier) {
      const children = await fetchChildren(code);
      next.push(...children.filter((c) => c.level < 4 && c.level >= 2).map((c) => c.code));
    }
    // A province has too many villages to keep; its officer picks a regency online.
    frontier = scope.level <= 1 && next.length > 60 ? [] : next;
  }
}

function renderShell(): void {
  const root = $('#field');
  root.replaceChildren(
    h(
      'header',
      { class: 'bar' },
      h('h1', {}, s.title),
      h('span', { id: 'net', class: 'net', role: 'status' }, ''),
    ),
    h('div', { id: 'who', class: 'who' }),
    h('form', { id: 'form', class: 'card', novalidate: true }),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, s.mine),
      h('p', { id: 'summary', class: 'summary', role: 'status', 'aria-live': 'polite' }),
      h('ul', { id: 'list', class: 'list' }),
    ),
  );
  renderNetwork();
}

function renderNetwork(): void {
  const net = $('#net');
  net.textContent = navigator.onLine ? s.online : s.offline;
  net.dataset.state = navigator.onLine ? 'online' : 'offline';
}

function renderWho(): void {
  const who = $('#who');
  if (needLogin) {
    who.replaceChildren(h('p', { class: 'warn' }, s.loginNeeded, ' ', h('a', { href: '/field' }, s.login)));
  } else if (me) {
    who.replaceChildren(h('p', {}, `${me.name} · ${titleCase(me.scope.name)}`));
  } else {
    who.replaceChildren(h('p', { class: 'warn' }, s.firstOnline));
  }
}

async function renderForm(): Promise<void> {
  const form = $<HTMLFormElement>('#form');
  const category = h(
    'select',
    { id: 'category', name: 'category', required: true },
    option('', s.choose),
    ...REPORT_CATEGORIES.map((c) => option(c.code, c.label[language])),
  );
  const severity = h(
    'fieldset',
    { class: 'severity' },
    h('legend', {}, s.severity),
    ...[1, 2, 3, 4].map((n) =>
      h(
        'label',
        { class: `sev sev${n}` },
        h('input', { type: 'radio', name: 'severity', value: String(n), required: true }),
        ` ${SEVERITY_LABELS[n as 1 | 2 | 3 | 4][language]}`,
      ),
    ),
  );
  const guide = h('p', { id: 'guide', class: 'hint' });
  const places1 = h('select', { id: 'place1', 'aria-label': s.district });
  const places2 = h('select', { id: 'place2', name: 'regionCode', 'aria-label': s.village, required: true });
  form.replaceChildren(
    h('label', { for: 'place1' }, s.district),
    places1,
    h('label', { for: 'place2' }, s.village),
    places2,
    h('label', { for: 'category' }, s.category),
    category,
    severity,
    guide,
    ...titleField(s.what, s.whatHint),
    h('label', { for: 'description' }, s.details),
    h('textarea', { id: 'description', name: 'description', required: true, rows: '4', maxlength: '10000' }),
    h('label', { for: 'occurred' }, s.when),
    h('input', { id: 'occurred', name: 'occurred', type: 'datetime-local' }),
    h('label', { for: 'photo' }, s.photo),
    h('input', { id: 'photo', name: 'photo', type: 'file', accept: 'image/*', capture: 'environment' }),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', id: 'locate', name: 'locate' }),
      ` ${s.locate}`,
    ),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', id: 'anonymous', name: 'anonymous' }),
      ` ${s.anonymous}`,
    ),
    h('p', { id: 'form-error', class: 'error', role: 'alert' }),
    h('button', { type: 'submit', id: 'submit' }, s.send),
  );
  const occurred = $<HTMLInputElement>('#occurred');
  const now = new Date();
  occurred.value = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

  const updateGuide = () => {
    const c = REPORT_CATEGORIES.find((x) => x.code === category.value);
    const chosen = form.querySelector<HTMLInputElement>('input[name=severity]:checked');
    guide.textContent =
      c && chosen
        ? (c.severityGuide[language][Number(chosen.value) - 1] ?? '')
        : c
          ? c.description[language]
          : '';
  };
  category.addEventListener('change', updateGuide);
  severity.addEventListener('change', updateGuide);
  await fillPlaces(places1, places2);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(form);
  });
}

async function fillPlaces(first: HTMLSelectElement, second: HTMLSelectElement): Promise<void> {
  if (!me) return;
  const scope = me.scope;
  if (scope.level === 4) {
    first.replaceChildren(option(scope.code, scope.name, true));
    second.replaceChildren(option(scope.code, scope.name, true));
    return;
  }
  if (scope.level === 3) {
    first.replaceChildren(option(scope.code, scope.name, true));
  } else {
    const districts = (await places.children(scope.code)).filter((p) => p.level === 3);
    first.replaceChildren(option('', s.choose), ...districts.map((d) => option(d.code, d.name)));
  }
  const fillVillages = async () => {
    const district = first.value;
    if (!district) {
      second.replaceChildren(option('', s.choose));
      return;
    }
    const villages = await places.children(district);
    const districtPlace = await places.get(district);
    second.replaceChildren(
      option('', s.choose),
      ...villages.map((v) => option(v.code, v.name)),
      option(district, `${s.wholeDistrict} ${districtPlace?.name ?? ''}`),
    );
  };
  first.addEventListener('change', () => void fillVillages());
  await fillVillages();
}

async function submit(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const error = $('#form-error');
  const regionCode = text('regionCode');
  const category = text('category');
  const severity = Number(data.get('severity') ?? 0);
  const title = text('title').trim();
  const description = text('description').trim() || title;
  if (!regionCode || !category || !severity || title.length < 3) {
    error.textContent = s.incomplete;
    return;
  }
  error.textContent = '';
  const occurredValue = text('occurred');
  const occurred = occurredValue ? new Date(occurredValue) : new Date();
  const photo = data.get('photo');
  // The phone's position (GPS works without a connection); a report is filed without it if none comes.
  const location = data.get('locate') ? await currentPosition() : null;
  const id = uuid();
  const report: QueuedReport = {
    id,
    body: {
      id,
      regionCode,
      occurredAt: new Date(Math.min(occurred.getTime(), Date.now())).toISOString(),
      category,
      severity,
      title,
      description,
      channel: 'mobile',
      ...(location ? { location } : {}),
      ...(data.get('anonymous') ? { anonymous: true } : {}),
    },
    ...(photo instanceof File && photo.size > 0 ? { photo, photoName: photo.name } : {}),
    state: 'queued',
    queuedAt: Date.now(),
  };
  await queue.put(report);
  form.reset();
  const occurredInput = $<HTMLInputElement>('#occurred');
  const now = new Date();
  occurredInput.value = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  $('#guide').textContent = '';
  await renderList();
  void sync();
}

function currentPosition(): Promise<{ lat: number; lon: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lat: Math.round(p.coords.latitude * 1e5) / 1e5,
          lon: Math.round(p.coords.longitude * 1e5) / 1e5,
        }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60_000 },
    );
  });
}

const STATE_LABEL = (r: QueuedReport): [string, string] => {
  if (r.state === 'queued') return [s.state.queued, 'queued'];
  if (r.state === 'failed') return [`${s.state.failed}: ${r.error ?? ''}`, 'failed'];
  const status = r.serverStatus ?? 'new';
  if (status === 'new') return [s.state.sent, 'sent'];
  return [s.status[status as keyof typeof s.status] ?? status, status];
};

async function renderList(): Promise<void> {
  const all = await queue.all();
  const list = $('#list');
  list.replaceChildren(
    ...all
      .slice()
      .reverse()
      .map((r) => {
        const [label, state] = STATE_LABEL(r);
        return h(
          'li',
          { 'data-id': r.id, 'data-state': state },
          h('strong', {}, String(r.body.title)),
          h('span', { class: `badge ${state}` }, label),
        );
      }),
  );
  const queued = all.filter((r) => r.state === 'queued').length;
  const sent = all.filter((r) => r.state === 'sent').length;
  const failed = all.filter((r) => r.state === 'failed').length;
  const summary = $('#summary');
  summary.textContent = all.length === 0 ? s.none : s.summary(queued, sent, failed);
  summary.dataset.queued = String(queued);
  summary.dataset.sent = String(sent);
}

/** Sends what is queued, oldest first; stops at the first network or session problem. */
async function sync(): Promise<void> {
  if (syncing || !navigator.onLine) return;
  syncing = true;
  try {
    if (!csrf || !me) await loadSession();
    renderWho();
    if (needLogin || !me) return;
    for (const report of await queue.all()) {
      if (report.state === 'queued') {
        let res: Response;
        try {
          res = await api('/api/v1/reports', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(report.body),
          });
        } catch {
          return; // offline again
        }
        if (res.status === 200 || res.status === 201) {
          const stored = (await res.json()) as { status: string };
          report.state = 'sent';
          report.serverStatus = stored.status;
          report.sentAt = Date.now();
        } else if (
          res.status === 401 ||
          (res.status === 403 &&
            (
              (await res
                .clone()
                .json()
                .catch(() => null)) as { error?: { code?: string } } | null
            )?.error?.code === 'auth.csrf_invalid')
        ) {
          needLogin = res.status === 401;
          csrf = null;
          renderWho();
          return;
        } else if (res.status >= 500 || res.status === 429) {
          return; // try again later
        } else {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          report.state = 'failed';
          report.error = body?.error?.message ?? String(res.status);
        }
        await queue.put(report);
        await renderList();
      }
      if (report.state === 'sent' && report.photo && !report.photoSent) {
        const form = new FormData();
        form.append('file', report.photo, report.photoName ?? 'foto.jpg');
        try {
          const res = await api(`/api/v1/reports/${report.id}/attachments`, { method: 'POST', body: form });
          // A photo the server refuses (type, size) is not retried forever.
          if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 401)) {
            report.photoSent = true;
            await queue.put(report);
          }
        } catch {
          return;
        }
      }
    }
    await refreshStatuses();
  } finally {
    syncing = false;
    await renderList();
  }
}

/** The server's status of sent reports (verified, being handled ...), at most every 20 seconds each. */
async function refreshStatuses(): Promise<void> {
  const now = Date.now();
  for (const report of await queue.all()) {
    if (report.state !== 'sent' || (report.checkedAt && now - report.checkedAt < 20_000)) continue;
    try {
      const res = await api(`/api/v1/reports/${report.id}`);
      if (!res.ok) continue;
      report.serverStatus = ((await res.json()) as { status: string }).status;
      report.checkedAt = now;
      await queue.put(report);
    } catch {
      return;
    }
  }
}

async function main(): Promise<void> {
  document.documentElement.lang = language;
  document.title = s.title;
  renderShell();
  await loadSession();
  renderWho();
  await renderForm();
  await renderList();
  window.addEventListener('online', () => {
    renderNetwork();
    void sync();
  });
  window.addEventListener('offline', renderNetwork);
  setInterval(() => void sync(), 15_000);
  void sync();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  }
}

void main();
