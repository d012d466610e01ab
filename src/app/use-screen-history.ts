import { useCallback, useEffect, useState } from 'react';

export type Tab = 'tickets' | 'report' | 'setup' | 'past';
const TABS: readonly string[] = ['tickets', 'report', 'setup', 'past'] satisfies Tab[];
export interface Screen {
  tab: Tab;
  /** The open ticket; null for the list; undefined while the first screen is still being decided. */
  ticketId: number | null | undefined;
}

const KEY = 'askAnExpertScreen';

/**
 * The app's screens as entries in the frame's own history, so the browser's Back and
 * Forward move between them. Only the screen goes into history.state; the URL is left as
 * it is (boot already took the token out of it) and is never written.
 */
export function useScreenHistory(initial: () => Screen): { screen: Screen; go: (next: Screen, from: Screen) => void; popped: number } {
  const [screen, setScreen] = useState<Screen>(() => readState(window.history.state) ?? initial());
  // Counts Back/Forward moves, so the shell can move focus to the screen they land on.
  const [popped, setPopped] = useState(0);

  useEffect(() => {
    const onPop = (e: PopStateEvent) => {
      const next = readState(e.state);
      if (!next) return;
      setScreen(next);
      setPopped((n) => n + 1);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // `from` is the screen as drawn (the first one may have been decided since), recorded
  // on the entry the app opened on so that Back can return to it.
  const go = useCallback((next: Screen, from: Screen) => {
    if (!readState(window.history.state)) window.history.replaceState(withScreen(from), '');
    window.history.pushState(withScreen(next), '');
    setScreen(next);
  }, []);
  return { screen, go, popped };
}

function withScreen(screen: Screen) {
  const state: unknown = window.history.state;
  return { ...(state && typeof state === 'object' ? state : {}), [KEY]: { tab: screen.tab, ticketId: screen.ticketId ?? null } };
}

function readState(state: unknown): Screen | null {
  const saved = state && typeof state === 'object' ? (state as Record<string, unknown>)[KEY] : undefined;
  if (!saved || typeof saved !== 'object') return null;
  const { tab, ticketId } = saved as Partial<Screen>;
  if (!tab || !TABS.includes(tab)) return null;
  return { tab, ticketId: typeof ticketId === 'number' ? ticketId : null };
}
