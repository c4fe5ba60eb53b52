/**
 * What the small pages without React (the field page, the public report page) build their screens
 * with: a few lines instead of a UI library, so they load fast on a weak signal.
 */

/** An element with attributes (false and undefined leave one out, true sets it empty) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Array<Node | string | null>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

/** The element the page itself rendered (a missing one is a bug of the page, not a user's case). */
export const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector) as T;

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  return h('option', { value, selected }, label);
}

/** A random UUID v4; crypto.randomUUID exists only in secure contexts (not on a plain-http LAN install). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A report's short title with its label: 3 to 200 characters, as the API takes it. */
export function titleField(label: string, hint: string, value = ''): [HTMLLabelElement, HTMLInputElement] {
  return [
    h('label', { for: 'title' }, label),
    h('input', {
      id: 'title',
      name: 'title',
      required: true,
      minlength: '3',
      maxlength: '200',
      autocomplete: 'off',
      placeholder: hint,
      value: value || undefined,
    }),
  ];
}
