// The portal's language: `?lang=en` (remembered in a `lang` cookie), then the `lang` cookie, then the
// browser's Accept-Language, French by default.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fr, type Messages } from './i18n/fr.js';
import { en } from './i18n/en.js';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];
export type { Messages };

const MESSAGES: Record<Lang, Messages> = { fr, en };

export function messages(lang: Lang): Messages {
  return MESSAGES[lang];
}

function asLang(v: unknown): Lang | null {
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v) ? (v as Lang) : null;
}

/** First supported language of an Accept-Language header, by quality then order. */
export function fromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, i };
    })
    .filter((x) => x.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.i - b.i);
  for (const r of ranked) {
    const l = asLang(r.base);
    if (l) return l;
  }
  return null;
}

/** The request's language; a valid `?lang=` is remembered in a cookie for the next pages. */
export function pickLang(req: FastifyRequest, reply?: FastifyReply): Lang {
  const fromQuery = asLang((req.query as Record<string, unknown> | undefined)?.lang);
  if (fromQuery) {
    if (reply && req.cookies?.lang !== fromQuery) {
      reply.setCookie('lang', fromQuery, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: true });
    }
    return fromQuery;
  }
  return asLang(req.cookies?.lang) ?? fromAcceptLanguage(req.headers['accept-language']) ?? 'fr';
}
