import type { Escalation } from '../../../common/contract.ts';
import { useCloseQuestion } from './api.ts';
import { ConfirmAction } from './confirm-action.tsx';

/** Closing is final on Directly's side, so it takes a second, explicit confirmation. */
export function CloseQuestion(props: { escalation: Escalation }) {
  const close = useCloseQuestion();
  return (
    <ConfirmAction
      id="close-heading"
      action={{ mutate: () => close.mutate(props.escalation.ticketId), isPending: close.isPending, error: close.error }}
      open="Close expert question…"
      question={
        <>
          <strong>Close this question on Directly?</strong> Experts stop working on it at once. The DeskDirector ticket is not changed.
        </>
      }
      confirm="Yes, close it"
      pending="Closing…"
      cancel="Keep it open"
      pendingStatus="Closing the question on Directly…"
    />
  );
}
