// Email HTML: every interpolated value is escaped by the `html` tag; only SafeHtml (built by this tag)
// passes through unescaped. Inline styles only, as mail clients drop <style> and external sheets.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Value = string | number | SafeHtml | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new SafeHtml(out);
}

export type Lang = 'fr' | 'en';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The common frame of every email. */
export function layout(opts: { lang: Lang; title: string; networkName: string; body: SafeHtml }): string {
  return html`<!DOCTYPE html>
<html lang="${opts.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${opts.title}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; margin: 0; padding: 24px;">
<div style="max-width: 600px; margin: 0 auto;">
<p style="font-weight: bold; color: #23527c; margin: 0 0 24px;">${opts.networkName}</p>
${opts.body}
</div>
</body>
</html>
`.value;
}

/** A link shown as a button, with the address in plain text under it for clients that block links. */
export function button(href: string, label: string): SafeHtml {
  return html`<p style="margin: 24px 0;"><a href="${href}" style="background: #23527c; color: #ffffff; padding: 12px 20px; text-decoration: none; border-radius: 4px; display: inline-block;">${label}</a></p>
<p style="font-size: 14px; color: #555555; word-break: break-all;">${href}</p>`;
}
