import type { Escalation } from '../../../common/contract.ts';
import { useCloseQuestion, useWithdrawQuestion } from './api.ts';
import { ConfirmAction } from './confirm-action.tsx';

/** A queued question was never sent: taking it out only stops the send, and its text returns to the form. */
export function UnqueueQuestion(props: { escalation: Escalation; tech: boolean }) {
  // The proxy takes a queued question out on either route: a technician's close, a Portal user's withdraw.
  const close = useCloseQuestion();
  const withdraw = useWithdrawQuestion();
  const act = props.tech ? close : withdraw;
  return (
    <ConfirmAction
      id="unqueue-heading"
      action={{ mutate: () => act.mutate(props.escalation.ticketId), isPending: act.isPending, error: act.error }}
      open="Don’t send it…"
      question={
        <>
          <strong>Take this question out of the queue?</strong> Nothing has reached Directly yet. Its text goes back to the form as a draft.
        </>
      }
      confirm="Yes, don’t send it"
      pending="Taking it out…"
      cancel="Keep it queued"
    />
  );
}
