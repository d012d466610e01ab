import type { Session } from './session.tsx';

// The roots every query key starts from and every invalidation names. Keys go generic →
// specific and start with the instance and app, so two sessions never share data.
export const keys = {
  session: (s: Session) => ['proxy', s.launch.host, s.launch.app] as const,
  /** Who is signed in. */
  me: (s: Session) => [...keys.session(s), 'me'] as const,
  /** Ticket pages and single tickets, each with its escalations: they change when one does. */
  tickets: (s: Session) => [...keys.session(s), 'tickets'] as const,
  drafts: (s: Session) => [...keys.session(s), 'drafts'] as const,
  /** The technicians' report: it changes when an escalation does. */
  report: (s: Session) => [...keys.session(s), 'report'] as const,
};
