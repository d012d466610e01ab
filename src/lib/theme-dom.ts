// Puts the portal's look on <html> before the first paint. The CSP allows no inline
// style, but it does allow setting attributes and custom properties from script (CSSOM).
import type { Look } from '../../common/launch.ts';
import { safeAccent, type Scheme } from './theme.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function applyLook(look: Look, win: Window = window): void {
  const media = look.theme === 'auto' ? win.matchMedia?.(DARK_QUERY) : undefined;
  const paint = () => {
    const scheme: Scheme = look.theme === 'auto' ? (media?.matches ? 'dark' : 'light') : look.theme;
    const root = win.document.documentElement;
    root.dataset.theme = scheme;
    // The browser's own parts (scrollbars, form controls, the frame's canvas) follow too.
    win.document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', scheme);
    if (look.accent === null) root.style.removeProperty('--accent');
    else root.style.setProperty('--accent', safeAccent(look.accent, scheme).accent);
  };
  paint();
  // `auto` follows the operating system while the app is open, accent check included.
  media?.addEventListener?.('change', paint);
}
