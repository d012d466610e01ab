// theme= and accent= on the menu URL: read leniently (anything unreadable falls back to
// the default, never an error screen), and the accent kept at WCAG AA in either theme.
import { describe, expect, test } from 'vitest';
import { parseHexColor, parseLook } from '../../common/launch.ts';
import { AA_TEXT, contrastRatio, palettes, safeAccent } from '../../src/lib/theme.ts';

const look = (query: string) => parseLook(new URLSearchParams(query));

describe('parseLook', () => {
  test('light by default, with the theme’s own accent', () => {
    expect(look('access_token=x')).toEqual({ theme: 'light', accent: null });
  });

  test.each([['light'], ['dark'], ['auto'], ['DARK'], [' auto ']])('theme=%s', (theme) => {
    expect(look(`theme=${encodeURIComponent(theme)}`).theme).toBe(theme.trim().toLowerCase());
  });

  test.each([['purple'], [''], ['system'], ['dark;x']])('an unknown theme=%j is ignored: light', (theme) => {
    expect(look(`theme=${encodeURIComponent(theme)}`).theme).toBe('light');
  });

  test.each([
    ['%231D4ED8', '#1d4ed8'],
    ['1d4ed8', '#1d4ed8'],
    ['%23f60', '#ff6600'],
    ['abc', '#aabbcc'],
  ])('accent=%s is %s', (raw, hex) => {
    expect(look(`accent=${raw}`).accent).toBe(hex);
  });

  test.each([['red'], ['%2312345'], ['%23gggggg'], ['rgb(0,0,0)'], ['%231d4ed8ff'], ['']])('an unreadable accent=%s is ignored', (raw) => {
    expect(look(`accent=${raw}&theme=dark`)).toEqual({ theme: 'dark', accent: null });
  });

  test('parseHexColor takes no CSS beyond a colour', () => {
    expect(parseHexColor('#000;background:url(x)')).toBeNull();
  });
});

describe('contrastRatio', () => {
  test('matches WCAG’s reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#1d4ed8', '#ffffff')).toBeCloseTo(6.7, 1);
  });
});

describe('safeAccent', () => {
  const passes = (accent: string, scheme: 'light' | 'dark') =>
    contrastRatio(accent, palettes[scheme].background) >= AA_TEXT && contrastRatio(accent, palettes[scheme].accentText) >= AA_TEXT;

  test('no accent: the theme’s default, which passes', () => {
    for (const scheme of ['light', 'dark'] as const) {
      expect(safeAccent(null, scheme)).toEqual({ accent: palettes[scheme].accent, adjusted: false });
      expect(passes(palettes[scheme].accent, scheme)).toBe(true);
    }
  });

  test('an accent that passes is used as given', () => {
    expect(safeAccent('#7c2d12', 'light')).toEqual({ accent: '#7c2d12', adjusted: false });
    expect(safeAccent('#fde047', 'dark')).toEqual({ accent: '#fde047', adjusted: false });
  });

  test('a light accent on the light theme is darkened just enough, keeping its hue', () => {
    const { accent, adjusted } = safeAccent('#ffcc00', 'light');
    expect(adjusted).toBe(true);
    expect(passes(accent, 'light')).toBe(true);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(accent.slice(i, i + 2), 16));
    expect(r! / g!).toBeCloseTo(255 / 204, 1);
    expect(b).toBe(0);
    // One step lighter would fail: it is no darker than it needs to be.
    expect(contrastRatio(accent, '#ffffff')).toBeLessThan(AA_TEXT + 0.3);
  });

  test('a dark accent on the dark theme is lightened until it passes', () => {
    const { accent, adjusted } = safeAccent('#1e3a8a', 'dark');
    expect(adjusted).toBe(true);
    expect(passes(accent, 'dark')).toBe(true);
  });

  test.each(['#ffffff', '#000000', '#808080', '#ff0000', '#00ff00', '#0000ff', '#ffff00', '#00ffff', '#ff00ff', '#767676'])(
    '%s passes in both themes after the check',
    (hex) => {
      for (const scheme of ['light', 'dark'] as const) expect(passes(safeAccent(hex, scheme).accent, scheme)).toBe(true);
    },
  );
});
