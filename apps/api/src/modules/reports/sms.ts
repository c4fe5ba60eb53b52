import crypto from 'node:crypto';
import { reportCategoryByKeyword, type ReportCategory } from '@sinergi/shared';
import { AppError } from '../../http/errors.ts';

/**
 * The gateway signs the raw request body with HMAC-SHA256 and the shared secret, sent as
 * `x-sinergi-signature: sha256=<hex>`. Compared in constant time.
 */
export function verifySignature(raw: Buffer, header: string | undefined, secret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = crypto.createHmac('sha256', secret).update(raw).digest();
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export function signBody(raw: Buffer | string, secret: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(raw).digest('hex')}`;
}

export interface SmsReport {
  /** A village or district code, or a name to look up. */
  place: string;
  category: ReportCategory;
  text: string;
  title: string;
}

/**
 * `LAPOR <village code or name> <category keyword> <free text>`. A name may have several words: the
 * first category keyword after it ends it. Keywords and LAPOR are accepted in any case.
 */
export function parseSmsText(message: string): SmsReport {
  const words = message.trim().split(/\s+/);
  if (words.length < 4 || words[0]?.toUpperCase() !== 'LAPOR') throw new AppError('sms.bad_format');
  let split = -1;
  for (let i = 2; i < words.length - 1; i += 1) {
    if (reportCategoryByKeyword(words[i] ?? '')) {
      split = i;
      break;
    }
  }
  if (split < 0) {
    // A code followed by an unknown word is a category problem; anything else is the format.
    if (/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/.test(words[1] ?? '')) throw new AppError('sms.unknown_category');
    throw new AppError('sms.bad_format');
  }
  const category = reportCategoryByKeyword(words[split] ?? '') as ReportCategory;
  const place = words.slice(1, split).join(' ');
  const text = words.slice(split + 1).join(' ');
  if (text.length < 3) throw new AppError('sms.bad_format');
  return { place, category, text: text.slice(0, 10_000), title: titleOf(text) };
}

/** The first words of the text, cut at a word boundary, as the report's title. */
function titleOf(text: string): string {
  if (text.length <= 80) return text;
  const cut = text.slice(0, 80);
  const space = cut.lastIndexOf(' ');
  return `${(space > 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
