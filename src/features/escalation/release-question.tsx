import type { Escalation } from '../../../common/contract.ts';
import { useReleaseQuestion } from './api.ts';
import { ConfirmAction } from './confirm-action.tsx';

/** Releasing frees the ticket while a question may still exist at Directly, so it says so and asks first. */
export function ReleaseQuestion(props: { escalation: Escalation }) {
  const release = useReleaseQuestion();
  return (
    <ConfirmAction
      id="release-heading"
      action={{ mutate: () => release.mutate(props.escalation.ticketId), isPending: release.isPending, error: release.error }}
      open="Release the ticket…"
      question={
        <>
          <strong>Release this ticket without closing anything at Directly?</strong> A question may still exist at Directly, and experts may still answer it.
          The ticket can then be sent again, which may make a second question. Your name and the time are recorded.
        </>
      }
      confirm="Yes, release it"
      pending="Releasing…"
      cancel="Keep it held"
    />
  );
}
