import type { Escalation } from '../../../common/contract.ts';
import { useWithdrawQuestion } from './api.ts';
import { ConfirmAction } from './confirm-action.tsx';

/** A Portal user takes back their own question: experts stop on it, so it asks first. */
export function WithdrawQuestion(props: { escalation: Escalation }) {
  const withdraw = useWithdrawQuestion();
  return (
    <ConfirmAction
      id="withdraw-heading"
      action={{ mutate: () => withdraw.mutate(props.escalation.ticketId), isPending: withdraw.isPending, error: withdraw.error }}
      open="Withdraw my question…"
      question={
        <>
          <strong>Withdraw this question?</strong> The experts stop working on it and it is closed at Directly. Your ticket stays open with your IT team.
        </>
      }
      confirm="Yes, withdraw it"
      pending="Withdrawing…"
      cancel="Keep it open"
    />
  );
}
