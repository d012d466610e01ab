// The portal's accent, made safe to use: as link text on the theme's background and as a
// button's background under its text, both at WCAG AA (4.5:1).
export type Scheme = 'light' | 'dark';

export interface Palette {
  background: string;
  accent: string;
  /** Text on an accent-coloured button. */
  accentText: string;
}

/** Must match :root and :root[data-theme='dark'] in styles/base.css. */
export const palettes: Record<Scheme, Palette> = {
  light: { background: '#ffffff', accent: '#1d4ed8', accentText: '#ffffff' },
  dark: { background: '#111827', accent: '#60a5fa', accentText: '#0b1220' },
};

export const AA_TEXT = 4.5;

type Rgb = [number, number, number];

const rgbOf = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const hexOf = (rgb: Rgb) =>
  `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const passes = (accent: string, p: Palette) => contrastRatio(accent, p.background) >= AA_TEXT && contrastRatio(accent, p.accentText) >= AA_TEXT;

/**
 * The accent to use in `scheme`: the portal's own when it passes, else the same colour
 * mixed toward black (light theme) or white (dark theme) just enough to pass, else the
 * theme's default. Both themes keep their button text, so only the accent moves.
 */
export function safeAccent(wanted: string | null, scheme: Scheme): { accent: string; adjusted: boolean } {
  const palette = palettes[scheme];
  if (wanted === null) return { accent: palette.accent, adjusted: false };
  if (passes(wanted, palette)) return { accent: wanted, adjusted: false };
  const rgb = rgbOf(wanted);
  const toward = scheme === 'light' ? 0 : 255;
  for (let step = 1; step <= 50; step++) {
    const mixed = hexOf(rgb.map((c) => c + (toward - c) * (step / 50)) as Rgb);
    if (passes(mixed, palette)) return { accent: mixed, adjusted: true };
  }
  return { accent: palette.accent, adjusted: true };
}
