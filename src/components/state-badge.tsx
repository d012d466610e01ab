import type { Escalation } from '../../../common/proxy-api.ts';

const labels: Record<Escalation['state'], string> = {
  pending: 'Sending to experts',
  open: 'With experts',
  unknown: 'Not confirmed by Directly',
  closed: 'Expert question closed',
  failed: 'Not sent',
};

export function StateBadge(props: { escalation: Escalation }) {
  return <span className={`badge badge-${props.escalation.state}`}>{labels[props.escalation.state]}</span>;
}
