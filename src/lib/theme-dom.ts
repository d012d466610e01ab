// Puts the portal's look on <html> before the first paint. The CSP allows no inline
// style, but it does allow setting attributes and custom properties from script (CSSOM).
import type { Look } from '../../common/launch.ts';
import type { Scheme } from './theme.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function applyLook(look: Look, win: Window = window): void {
  const media = look.theme === 'auto' ? win.matchMedia?.(DARK_QUERY) : undefined;
  const paint = () => {
    const scheme: Scheme = look.theme === 'auto' ? (media?.matches ? 'dark' : 'light') : look.theme;
    const root = win.document.documentElement;
    // styles/base.css sets color-scheme from it too, so the browser's own parts (scrollbars,
    // form controls, the frame's canvas) follow; the stylesheet blocks the first paint.
    root.dataset.theme = scheme;
    const { accent } = look;
    if (accent === null) return;
    // The contrast check is a chunk of its own, fetched only when the portal sets an accent;
    // until it answers, the theme's own accent shows.
    void import('./theme.ts').then((m) => root.style.setProperty('--accent', m.safeAccent(accent, scheme).accent));
  };
  paint();
  // `auto` follows the operating system while the app is open, accent check included.
  media?.addEventListener('change', paint);
}
