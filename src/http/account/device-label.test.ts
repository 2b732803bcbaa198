import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deviceLabel, parisDateTime, parseUserAgent } from './device-label.js';
import { fr } from '../i18n/fr.js';
import { en } from '../i18n/en.js';

const UA = {
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  firefoxUbuntu: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  safariIpad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  chromeIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  firefoxIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
  edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.51',
  operaMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 OPR/115.0.0.0',
  samsung: 'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  chromebook: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  headlessChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  ie11: 'Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko',
  curl: 'curl/8.5.0',
};

describe('device names from User-Agent headers', () => {
  const table: Array<[string | null, string | null, string | null]> = [
    [UA.firefoxLinux, 'Firefox', 'Linux'],
    [UA.firefoxUbuntu, 'Firefox', 'Linux'],
    [UA.chromeWindows, 'Chrome', 'Windows'],
    [UA.chromeAndroid, 'Chrome', 'Android'],
    [UA.safariIphone, 'Safari', 'iPhone'],
    [UA.safariIpad, 'Safari', 'iPad'],
    [UA.safariMac, 'Safari', 'macOS'],
    [UA.chromeIphone, 'Chrome', 'iPhone'],
    [UA.firefoxIphone, 'Firefox', 'iPhone'],
    [UA.edgeWindows, 'Edge', 'Windows'],
    [UA.operaMac, 'Opera', 'macOS'],
    [UA.samsung, 'Samsung Internet', 'Android'],
    [UA.chromebook, 'Chrome', 'ChromeOS'],
    [UA.headlessChrome, 'Chrome', 'Linux'],
    [UA.firefoxLinux.replace('Firefox/128.0', ''), null, 'Linux'],
    [UA.ie11, 'Internet Explorer', 'Windows'],
    [UA.curl, null, null],
    ['', null, null],
    [null, null, null],
  ];
  for (const [ua, browser, os] of table) {
    it(`${String(ua).slice(0, 70)} -> ${browser} / ${os}`, () => {
      assert.deepEqual(parseUserAgent(ua), { browser, os });
    });
  }

  it('says "Firefox sur Linux" in French and "Firefox on Linux" in English, one part alone, or "unknown"', () => {
    const frWords = { on: fr.account.deviceOn, unknown: fr.account.unknownDevice };
    const enWords = { on: en.account.deviceOn, unknown: en.account.unknownDevice };
    assert.equal(deviceLabel(UA.firefoxLinux, frWords), 'Firefox sur Linux');
    assert.equal(deviceLabel(UA.chromeAndroid, frWords), 'Chrome sur Android');
    assert.equal(deviceLabel(UA.safariIphone, frWords), 'Safari sur iPhone');
    assert.equal(deviceLabel(UA.firefoxLinux, enWords), 'Firefox on Linux');
    assert.equal(deviceLabel('Mozilla/5.0 (X11; Linux x86_64)', frWords), 'Linux');
    assert.equal(deviceLabel(UA.curl, frWords), 'Appareil inconnu');
    assert.equal(deviceLabel(null, enWords), 'Unknown device');
  });
});

describe('times in Europe/Paris', () => {
  it('shifts UTC by one hour in winter and two in summer, across midnight too', () => {
    assert.deepEqual(parisDateTime('2026-11-22T13:05:00.000Z'), { date: '22/11/2026', time: '14:05' });
    assert.deepEqual(parisDateTime('2026-07-14T22:30:00.000Z'), { date: '15/07/2026', time: '00:30' });
    assert.deepEqual(parisDateTime('2026-03-29T00:59:00.000Z'), { date: '29/03/2026', time: '01:59' }, 'just before the switch to summer time');
    assert.deepEqual(parisDateTime('2026-03-29T01:00:00.000Z'), { date: '29/03/2026', time: '03:00' }, 'just after');
  });

  it('reads "22/11/2026 à 14:05" in French and "22/11/2026 at 14:05" in English', () => {
    assert.equal(fr.account.dateTime('2026-11-22T13:05:00.000Z'), '22/11/2026 à 14:05');
    assert.equal(en.account.dateTime('2026-11-22T13:05:00.000Z'), '22/11/2026 at 14:05');
  });
});
