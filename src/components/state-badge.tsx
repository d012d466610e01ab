import { type Escalation, type EscalationState } from '../../common/contract.ts';

/** Each state's name: in full on a badge, short where space is tight (the report's filter and counts). */
export const stateLabels: Record<EscalationState, { badge: string; short: string }> = {
  pending: { badge: 'Sending to experts', short: 'Sending' },
  open: { badge: 'With experts', short: 'With experts' },
  unknown: { badge: 'Not confirmed by Directly', short: 'Not confirmed' },
  closed: { badge: 'Expert question closed', short: 'Closed' },
  failed: { badge: 'Not sent', short: 'Not sent' },
};

export function StateBadge(props: { escalation: Escalation }) {
  return <span className={`badge badge-${props.escalation.state}`}>{stateLabels[props.escalation.state].badge}</span>;
}
