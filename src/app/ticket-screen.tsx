import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { DdUser } from '../../common/deskdirector.ts';
import { type Escalation, isActive } from '../../common/contract.ts';
import { closedByWords } from '../components/closed-by.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { ActiveQuestion } from '../features/escalation/active-question.tsx';
import { useFollowWaiting } from '../features/escalation/api.ts';
import { EscalationForm } from '../features/escalation/escalation-form.tsx';
import { EscalationHistory } from '../features/escalation/escalation-history.tsx';
import { savedDraftQuery } from '../features/escalation/use-draft-saver.ts';
import { SentConfirmation } from '../features/escalation/sent-confirmation.tsx';
import { ticketFromLists, ticketQuery } from '../features/tickets/ticket-api.ts';
import { useSession, useSessionEnded } from '../lib/session.tsx';

// One ticket: its details from the tickets feature, then what the escalation feature
// offers for it (the active question, the form, or the confirmation) and its history.
export function TicketScreen(props: { ticketId: number; user: DdUser; onBack: () => void }) {
  const s = useSession();
  const qc = useQueryClient();
  // The list's copy draws the title at once; the form waits for the ticket's own answer,
  // which carries the expert history too.
  const [listCopy] = useState(() => ticketFromLists(qc, s, props.ticketId));
  const detail = useQuery(ticketQuery(s, props.ticketId));
  const ticket = detail.data?.ticket ?? listCopy;
  const history = detail.data?.escalations;
  const savedDraft = useQuery(savedDraftQuery(s, props.ticketId));
  const [sent, setSent] = useState<Escalation | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.ticketId, sent]);

  // A question the proxy queued is followed on this screen, not confirmed as sent.
  const queued = sent?.state === 'queued' && !history?.some((e) => e.id === sent.id) ? sent : undefined;
  const active = history?.find((e) => isActive(e.state)) ?? queued;
  // A question waiting for Directly (or being sent) is followed until it is with the experts.
  useFollowWaiting(props.ticketId, active?.state === 'queued' || active?.state === 'pending' ? active : undefined);
  const ended = useSessionEnded();
  // When the question closes here ("Yes, close it"), its panel goes away: focus moves to
  // the note saying so rather than dropping to the page.
  const closedNote = useRef<HTMLParagraphElement>(null);
  const hadActive = useRef(false);
  useEffect(() => {
    if (hadActive.current && !active) (closedNote.current ?? heading.current)?.focus();
    hadActive.current = Boolean(active);
  }, [active]);

  return (
    <section aria-labelledby="ticket-heading" className="ticket-view">
      {ended ? null : (
        <button type="button" className="link back" onClick={props.onBack}>
          ← All tickets
        </button>
      )}
      {!ticket && detail.isPending ? (
        <Skeleton tall label="Loading ticket" />
      ) : !ticket ? (
        <>
          <h2 id="ticket-heading" ref={heading} tabIndex={-1}>
            Ticket #{props.ticketId}
          </h2>
          <ErrorNote error={detail.error} what="this ticket" retry={() => void detail.refetch()} />
        </>
      ) : (
        <>
          <h2 id="ticket-heading" ref={heading} tabIndex={-1}>
            <span className="muted">#{ticket.id}</span> {ticket.summary}
          </h2>
          <p className="ticket-meta">
            <span>{ticket.status.name}</span>
            {ticket.type ? <span>{ticket.type.name}</span> : null}
            {s.launch.app === 'tech' ? (
              <span>
                {ticket.contact.name}
                {ticket.company ? ` · ${ticket.company.name}` : ''}
              </span>
            ) : null}
          </p>
          {sent && sent.state !== 'queued' ? (
            <SentConfirmation escalation={sent} onBack={props.onBack} />
          ) : detail.isPending || savedDraft.isPending ? (
            <Skeleton label="Loading expert status" />
          ) : detail.isError ? (
            <ErrorNote error={detail.error} what="this ticket's expert status" retry={() => void detail.refetch()} />
          ) : active ? (
            <ActiveQuestion escalation={active} />
          ) : ticket.isClosed ? (
            <p className="note" role="status">
              This ticket is closed in DeskDirector, so it cannot be sent to experts: nothing would ever close the question. Reopen the ticket first, or raise a
              new one.
            </p>
          ) : (
            <>
              {detail.data.escalations[0]?.state === 'closed' ? (
                <p className="note" role="status" tabIndex={-1} ref={closedNote}>
                  The last expert question on this ticket was closed
                  {closedByWords(detail.data.escalations[0].closedBy, s.launch.app)}. You can ask again below.
                </p>
              ) : null}
              <EscalationForm
                ticket={detail.data.ticket}
                user={props.user}
                mapping={s.config.mapping}
                savedDraft={savedDraft.data?.draft ?? null}
                onSent={setSent}
              />
            </>
          )}
          {history && history.length > 0 ? <EscalationHistory escalations={history} /> : null}
        </>
      )}
    </section>
  );
}
