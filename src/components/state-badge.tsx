import { type Escalation, stateLabels } from '../../common/contract.ts';

export { stateLabels };

export function StateBadge(props: { escalation: Escalation }) {
  return <span className={`badge badge-${props.escalation.state}`}>{stateLabels[props.escalation.state].badge}</span>;
}
