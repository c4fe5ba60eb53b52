import {
  REPORT_CATEGORIES,
  REPORT_STATUS_LABELS,
  SEVERITY_LABELS,
  UTC_OFFSET,
  ZONE_ABBREVIATION,
  localDateTime,
  reportCategory,
  timezoneOfProvince,
  type Language,
  type PublicIntakePlace,
  type ReportStatus,
  type TimeZoneId,
} from '@sinergi/shared';
import { api, ApiError, isApiError } from '../api/client.ts';
import { regionName } from '../features/regions/format.ts';
import { applyLanguage, readStoredLanguage } from '../i18n/language.ts';
import { $, h, option, titleField, uuid } from '../plain/dom.ts';
import { STRINGS } from './strings.ts';
import '../plain/base.css';
import './lapor.css';

/**
 * The public report page (/lapor, /lapor/lacak): anyone files an anonymous early-warning report where
 * a region has opened public intake, and later checks its status with the tracking code. A page of
 * its own without the app's UI library, for cheap phones on a weak signal. It asks for no identity.
 */

/** What has been typed so far; kept in sessionStorage so a reload or a language switch loses nothing. */
interface Draft {
  /** The client id: a resend of the same content after a lost answer is stored once. */
  id: string;
  /** The content of the last send whose answer never came; a changed report gets a new id. */
  sent?: string;
  /** Chosen places, province first; the last may be a village or (whole district) the district again. */
  path: string[];
  category: string;
  severity: string;
  /** YYYY-MM-DDTHH:mm in the zone of the chosen province. */
  occurred: string;
  occurredTouched: boolean;
  title: string;
  description: string;
}

interface Receipt {
  trackingCode: string;
  status: ReportStatus;
}

const DRAFT_KEY = 'sinergi.lapor.draft';
const RECEIPT_KEY = 'sinergi.lapor.receipt';
const TRACK_PATH = '/lapor/lacak';
const CODE_PATTERN = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;
const TOP = '';

let language: Language = readStoredLanguage();
let s = STRINGS[language];
/** Children offered per parent code (TOP: provinces), as the API gave them. */
const offered = new Map<string, PublicIntakePlace[]>();
/** Why the children of a parent could not be loaded (shown with a retry button). */
const placeErrors = new Map<string, string>();
/** Why a chosen place was dropped (it closed public intake meanwhile). */
let placeNotice = '';
let draft: Draft = loadDraft();
/** The tracking code typed on the status part, kept across a language switch. */
let trackCode = new URLSearchParams(location.search).get('kode') ?? '';
let formError = '';
let fieldErrors = new Set<string>();
let sending = false;

function stored<T>(key: string): T | null {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function store(key: string, value: unknown): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage blocked: the page still works, it only forgets on reload.
  }
}

function newDraft(): Draft {
  return {
    id: uuid(),
    path: [],
    category: '',
    severity: '',
    occurred: localDateTime(new Date(), 'Asia/Jakarta'),
    occurredTouched: false,
    title: '',
    description: '',
  };
}

function loadDraft(): Draft {
  const saved = stored<Draft>(DRAFT_KEY);
  return saved && typeof saved.id === 'string' && Array.isArray(saved.path) ? saved : newDraft();
}

const saveDraft = () => store(DRAFT_KEY, draft);

/** The zone the time of the event is read in: the chosen province's (WIB until one is chosen). */
const zone = (): TimeZoneId => (draft.path[0] ? timezoneOfProvince(draft.path[0]) : 'Asia/Jakarta');

/** The village or district the report names, once the picker has reached one that takes reports. */
function chosenPlace(): string | null {
  const last = draft.path[draft.path.length - 1];
  if (last === undefined) return null;
  const parent = draft.path.length > 1 ? (draft.path[draft.path.length - 2] ?? TOP) : TOP;
  // "Whole district" repeats the district's code at the village step.
  if (draft.path.length === 4 && last === parent) return last;
  const place = offered.get(parent)?.find((p) => p.code === last);
  return place?.acceptsReports && place.level === 4 ? last : null;
}

const isTrackView = () => location.pathname.replace(/\/+$/, '') === TRACK_PATH;

function render(): void {
  document.documentElement.lang = language;
  document.title = `${isTrackView() ? s.tabTrack : s.title} · Sinergi`;
  const receipt = stored<Receipt>(RECEIPT_KEY);
  const view = isTrackView() ? 'track' : receipt ? 'receipt' : 'report';
  $('#lapor').replaceChildren(
    h(
      'header',
      { class: 'bar' },
      h('h1', {}, s.title),
      h(
        'button',
        { type: 'button', id: 'language', class: 'link', lang: language === 'id' ? 'en' : 'id' },
        s.otherLanguage,
      ),
    ),
    h('p', { class: 'intro' }, s.intro),
    h(
      'nav',
      { class: 'tabs' },
      tab('/lapor', s.tabReport, !isTrackView()),
      tab(TRACK_PATH, s.tabTrack, isTrackView()),
    ),
    view === 'track' ? trackView() : receipt ? receiptView(receipt) : reportView(),
    h('p', { class: 'foot' }, h('a', { href: '/login' }, s.signIn)),
  );
  $('#language').addEventListener('click', () => {
    language = language === 'id' ? 'en' : 'id';
    s = STRINGS[language];
    applyLanguage(language);
    render();
  });
  if (view === 'report') {
    renderGuide();
    void renderPlaces();
  }
  if (view === 'track' && trackCode) void checkCode();
}

function tab(href: string, label: string, current: boolean): HTMLAnchorElement {
  const link = h('a', { href, 'aria-current': current ? 'page' : undefined }, label);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    if (!current) go(href);
  });
  return link;
}

function go(href: string): void {
  history.pushState(null, '', href);
  render();
  window.scrollTo(0, 0);
}

function reportView(): HTMLElement {
  const category = h(
    'select',
    { id: 'category', name: 'category', required: true },
    option('', s.choose),
    ...REPORT_CATEGORIES.map((c) => option(c.code, c.label[language], c.code === draft.category)),
  );
  const severity = h(
    'fieldset',
    { class: 'severity five' },
    h('legend', {}, s.severity),
    ...['', '1', '2', '3', '4'].map((value) =>
      h(
        'label',
        { class: `sev sev${value || '0'}` },
        h('input', {
          type: 'radio',
          name: 'severity',
          value,
          checked: draft.severity === value,
        }),
        ` ${value ? SEVERITY_LABELS[Number(value) as 1 | 2 | 3 | 4][language] : s.severityUnknown}`,
      ),
    ),
  );
  const form = h(
    'form',
    { id: 'report', class: 'card', novalidate: true },
    h('p', { class: 'note' }, s.anonymous),
    h('fieldset', { id: 'places', class: 'places' }, h('legend', {}, s.place)),
    h('label', { for: 'category' }, s.category),
    category,
    h('p', { id: 'category-help', class: 'hint' }),
    severity,
    h('ul', { id: 'guide', class: 'guide' }),
    h('label', { for: 'occurred', id: 'occurred-label' }),
    h('input', { id: 'occurred', name: 'occurred', type: 'datetime-local', required: true }),
    ...titleField(s.what, s.whatHint, draft.title),
    h('label', { for: 'description' }, s.description),
    h(
      'textarea',
      {
        id: 'description',
        name: 'description',
        required: true,
        rows: '5',
        maxlength: '10000',
        placeholder: s.descriptionHint,
      },
      draft.description,
    ),
    h('p', { id: 'form-error', class: 'error', role: 'alert' }, formError),
    h('button', { type: 'submit', id: 'send', disabled: sending }, sending ? s.sending : s.send),
  );
  for (const name of fieldErrors) markInvalid(form, name);
  const update = () => {
    const data = new FormData(form);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    draft.category = text('category');
    draft.severity = text('severity');
    draft.title = text('title');
    draft.description = text('description');
    const occurred = text('occurred');
    if (occurred !== draft.occurred) draft.occurredTouched = true;
    draft.occurred = occurred;
    saveDraft();
    renderGuide();
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  return form;
}

/** The category's description and what each severity means for it. */
function renderGuide(): void {
  const category = reportCategory(draft.category);
  $('#category-help').textContent = category ? category.description[language] : '';
  const guide = $('#guide');
  if (!category) {
    guide.replaceChildren(h('li', {}, s.severityHelp));
    return;
  }
  guide.replaceChildren(
    ...category.severityGuide[language].map((text, i) =>
      h(
        'li',
        { class: draft.severity === String(i + 1) ? 'chosen' : undefined },
        h('strong', {}, `${SEVERITY_LABELS[(i + 1) as 1 | 2 | 3 | 4][language]}: `),
        text,
      ),
    ),
  );
}

/** The time field in the zone of the chosen province: now, unless the reporter set it. */
function renderTime(): void {
  const input = document.querySelector<HTMLInputElement>('#occurred');
  if (!input) return;
  const now = localDateTime(new Date(), zone());
  if (!draft.occurredTouched) draft.occurred = now;
  input.value = draft.occurred;
  input.max = now;
  $('#occurred-label').textContent = `${s.when} (${ZONE_ABBREVIATION[zone()]})`;
}

/** The place picker: one list per level, each offering only places with public intake on. */
async function renderPlaces(): Promise<void> {
  const box = document.querySelector<HTMLFieldSetElement>('#places');
  if (!box) return;
  const rows: HTMLElement[] = [h('legend', {}, s.place)];
  if (placeNotice) rows.push(h('p', { class: 'error', role: 'alert' }, placeNotice));
  let parent = TOP;
  let pending: string | null = null;
  for (let level = 1; level <= 4; level += 1) {
    const id = `place${level}`;
    const label = h('label', { for: id }, s.levels[level - 1] ?? '');
    const error = placeErrors.get(parent);
    if (error !== undefined) {
      const retry = h('button', { type: 'button', class: 'secondary', id: 'places-retry' }, s.retry);
      const failed = parent;
      retry.addEventListener('click', () => {
        placeErrors.delete(failed);
        void renderPlaces();
      });
      rows.push(h('p', { class: 'error', role: 'alert' }, error), retry);
      break;
    }
    const items = offered.get(parent);
    if (items === undefined) {
      rows.push(label, h('select', { id, disabled: true }, option('', s.loading)));
      pending = parent;
      break;
    }
    if (level === 1 && items.length === 0) {
      // Nowhere to report: the rest of the form would only mislead.
      rows.push(h('p', { class: 'error', role: 'alert' }, s.noPlaces));
      box.form?.classList.add('closed');
      break;
    }
    // One choice only (a regency that opened intake alone): taken without a tap.
    if (level < 4 && items.length === 1 && draft.path.length < level && items[0]) {
      draft.path[level - 1] = items[0].code;
      saveDraft();
    }
    const chosen = draft.path[level - 1] ?? '';
    const parentPlace = offered.get(draft.path[level - 3] ?? TOP)?.find((p) => p.code === parent);
    const select = h(
      'select',
      { id, 'data-level': String(level), required: true },
      option('', s.choose),
      ...items.map((p) => option(p.code, regionName(p.name), p.code === chosen)),
      // A district that takes reports itself may be named as a whole.
      level === 4 && parentPlace?.acceptsReports
        ? option(parent, `${s.wholeDistrict} ${regionName(parentPlace.name)}`, chosen === parent)
        : null,
    );
    select.addEventListener('change', () => {
      placeNotice = '';
      draft.path = [...draft.path.slice(0, level - 1), ...(select.value ? [select.value] : [])];
      saveDraft();
      void renderPlaces();
    });
    if (fieldErrors.has('regionCode') && !chosenPlace()) select.setAttribute('aria-invalid', 'true');
    rows.push(label, select);
    if (!chosen || chosen === parent) break;
    parent = chosen;
  }
  box.replaceChildren(...rows);
  // The province, chosen or taken without a tap, sets the zone of the time.
  renderTime();
  if (pending !== null) await loadPlaces(pending);
}

async function loadPlaces(parent: string): Promise<void> {
  try {
    const body = await api<{ items: PublicIntakePlace[] }>('/api/v1/public/intake-places', {
      query: { parent: parent || undefined },
    });
    offered.set(parent, body.items);
  } catch (error) {
    const chosenAt = draft.path.indexOf(parent);
    if (isApiError(error, 'report.public_intake_disabled') && chosenAt >= 0) {
      // Closed since the list it was chosen from was loaded: choose again from a fresh list.
      offered.delete(draft.path[chosenAt - 1] ?? TOP);
      draft.path = draft.path.slice(0, chosenAt);
      placeNotice = messageOf(error);
      saveDraft();
    } else {
      placeErrors.set(parent, messageOf(error));
    }
  }
  await renderPlaces();
}

function messageOf(error: unknown): string {
  if (isApiError(error, 'network')) return s.network;
  return error instanceof ApiError && error.message ? error.message : String(error);
}

function markInvalid(form: HTMLFormElement, name: string): void {
  const field = form.querySelector<HTMLElement>(`[name="${name}"]`);
  if (!field) return;
  field.setAttribute('aria-invalid', 'true');
  field.insertAdjacentElement('afterend', h('p', { class: 'error field-error' }, s.checkField));
}

async function submit(): Promise<void> {
  if (sending) return;
  const regionCode = chosenPlace();
  const title = draft.title.trim();
  const description = draft.description.trim();
  fieldErrors = new Set(
    [
      !regionCode && 'regionCode',
      !draft.category && 'category',
      title.length < 3 && 'title',
      !description && 'description',
    ].filter((name): name is string => typeof name === 'string'),
  );
  // The time as sent stays, so that a resend carries the same content (and so the same id).
  draft.occurredTouched = true;
  const occurredAt = `${draft.occurred}:00${UTC_OFFSET[zone()]}`;
  if (!regionCode || fieldErrors.size > 0) {
    formError = fieldErrors.size === 1 && !regionCode ? s.missingPlace : s.missing;
    render();
    return;
  }
  if (!draft.occurred || Number.isNaN(Date.parse(occurredAt)) || Date.parse(occurredAt) > Date.now()) {
    fieldErrors = new Set(['occurred']);
    formError = s.future;
    render();
    return;
  }
  const report = {
    regionCode,
    occurredAt,
    category: draft.category,
    ...(draft.severity ? { severity: Number(draft.severity) } : {}),
    title,
    description,
  };
  const content = JSON.stringify(report);
  // The same content keeps its id (a retry after a lost answer is stored once); changed content is
  // another report.
  if (draft.sent !== undefined && draft.sent !== content) draft.id = uuid();
  draft.sent = content;
  saveDraft();
  sending = true;
  formError = '';
  render();
  try {
    const receipt = await api<Receipt>('/api/v1/public/reports', {
      method: 'POST',
      body: { id: draft.id, ...report },
    });
    store(RECEIPT_KEY, receipt);
    store(DRAFT_KEY, null);
    draft = newDraft();
    fieldErrors = new Set();
  } catch (error) {
    formError = messageOf(error);
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      // Refused, so not stored: the same id may carry the corrected report.
      draft.sent = undefined;
      if (error.code === 'report.id_conflict') draft.id = uuid();
      fieldErrors = new Set(Object.keys(error.fieldIssues()));
      if (fieldErrors.delete('occurredAt') || error.code === 'report.occurred_at_out_of_range')
        fieldErrors.add('occurred');
      // The place is named by the chosen lists, not one field.
      if (fieldErrors.delete('regionCode') || error.code === 'report.public_intake_disabled') {
        offered.clear();
        draft.path = [];
        placeNotice = formError;
      }
    }
    saveDraft();
  } finally {
    sending = false;
  }
  render();
  window.scrollTo(0, 0);
}

function receiptView(receipt: Receipt): HTMLElement {
  const code = h('input', {
    id: 'tracking-code',
    class: 'code',
    readonly: true,
    value: receipt.trackingCode,
    'aria-label': s.yourCode,
  });
  const copied = h('span', { id: 'copied', class: 'hint', role: 'status' });
  const copy = h('button', { type: 'button', id: 'copy' }, s.copy);
  copy.addEventListener('click', () => void copyCode(code, copied));
  const trackNow = h('button', { type: 'button', class: 'secondary', id: 'track-now' }, s.trackNow);
  trackNow.addEventListener('click', () => {
    trackCode = receipt.trackingCode;
    go(`${TRACK_PATH}?kode=${receipt.trackingCode}`);
  });
  const another = h('button', { type: 'button', class: 'secondary', id: 'another' }, s.another);
  another.addEventListener('click', () => {
    store(RECEIPT_KEY, null);
    // Fresh lists: intake may have been switched since the last report.
    offered.clear();
    placeErrors.clear();
    render();
  });
  return h(
    'section',
    { class: 'card receipt', id: 'receipt' },
    h('h2', {}, s.received),
    h('p', { class: 'hint' }, s.yourCode),
    code,
    copy,
    copied,
    h('p', {}, s.keepCode),
    trackNow,
    another,
  );
}

/** The clipboard API needs a secure context; on a plain-http install the code is selected instead. */
async function copyCode(input: HTMLInputElement, note: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(input.value);
    note.textContent = s.copied;
  } catch {
    input.focus();
    input.select();
    // Deprecated, but the only way to copy without a secure context.
    if (document.execCommand('copy')) note.textContent = s.copied;
  }
}

function trackView(): HTMLElement {
  const input = h('input', {
    id: 'code',
    name: 'code',
    class: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: '12',
    placeholder: 'K7QM-3XWD',
    value: trackCode,
  });
  input.addEventListener('input', () => (trackCode = input.value));
  const form = h(
    'form',
    { id: 'track', class: 'card', novalidate: true },
    h('p', {}, s.trackIntro),
    h('label', { for: 'code' }, s.code),
    input,
    h('p', { id: 'track-error', class: 'error', role: 'alert' }),
    h('button', { type: 'submit', id: 'check' }, s.check),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void checkCode();
  });
  return h('div', {}, form, h('section', { id: 'track-result', 'aria-live': 'polite' }));
}

/** Asks for the status behind the typed code and says it in plain words. */
async function checkCode(): Promise<void> {
  const code = normaliseCode(trackCode);
  trackCode = code;
  $<HTMLInputElement>('#code').value = code;
  const error = $('#track-error');
  const result = $('#track-result');
  error.textContent = '';
  result.replaceChildren();
  if (!CODE_PATTERN.test(code)) {
    error.textContent = s.codeFormat;
    return;
  }
  try {
    const found = await api<Receipt>(`/api/v1/public/reports/track/${encodeURIComponent(code)}`);
    result.replaceChildren(
      h(
        'div',
        { class: 'card status' },
        h('h2', {}, s.statusOf(found.trackingCode)),
        h(
          'span',
          { class: `badge ${found.status}`, 'data-status': found.status },
          REPORT_STATUS_LABELS[found.status][language],
        ),
        h('p', {}, s.status[found.status]),
      ),
    );
  } catch (failure) {
    error.textContent = isApiError(failure, 'resource.not_found')
      ? s.codeUnknown
      : isApiError(failure, 'validation.invalid')
        ? s.codeFormat
        : messageOf(failure);
  }
}

/** "k7qm 3xwd", "K7QM3XWD" -> "K7QM-3XWD". */
function normaliseCode(text: string): string {
  const plain = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : text.trim().toUpperCase();
}

applyLanguage(language);
window.addEventListener('popstate', () => {
  trackCode = new URLSearchParams(location.search).get('kode') ?? trackCode;
  render();
});
render();
