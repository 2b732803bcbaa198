// "Mes appareils" names a session by its browser and system ("Firefox sur Linux") rather than its raw
// User-Agent, and gives its times in the network's time zone (Europe/Paris), not UTC.
// Pure functions: the page passes the language's words (i18n) in.

export interface Device {
  browser: string | null;
  os: string | null;
}

// Order matters: Edge, Opera and Samsung Internet also say "Chrome", Chrome also says "Safari", and
// Chrome and Firefox on iOS say "CriOS" / "FxiOS" with "Safari".
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/(?:\b|Headless)(?:Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bMSIE \d|\bTrident\//, 'Internet Explorer'],
];

// iPad before Macintosh (an iPad can say both); Android before Linux (Android says Linux too).
const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

/** The browser and system a User-Agent names, each null when not recognised. */
export function parseUserAgent(ua: string | null | undefined): Device {
  const s = String(ua ?? '');
  const browser = BROWSERS.find(([re]) => re.test(s))?.[1] ?? null;
  const os = SYSTEMS.find(([re]) => re.test(s))?.[1] ?? null;
  return { browser, os };
}

/** "Firefox sur Linux", "Firefox", "Linux", or `unknown`; `on` joins browser and system in the page's language. */
export function deviceLabel(ua: string | null | undefined, words: { on: (browser: string, os: string) => string; unknown: string }): string {
  const d = parseUserAgent(ua);
  if (d.browser && d.os) return words.on(d.browser, d.os);
  return d.browser ?? d.os ?? words.unknown;
}

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant as the date ("dd/mm/yyyy") and time ("HH:MM") it was in Europe/Paris. */
export function parisDateTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { date: iso, time: '' };
  const parts = Object.fromEntries(PARIS.formatToParts(d).map((p) => [p.type, p.value]));
  return { date: `${parts.day}/${parts.month}/${parts.year}`, time: `${parts.hour}:${parts.minute}` };
}
