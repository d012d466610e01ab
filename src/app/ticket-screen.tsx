import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { DdUser } from '../../../common/deskdirector-api.ts';
import type { Escalation } from '../../../common/proxy-api.ts';
import { ErrorNote } from '../../app/error-note.tsx';
import { useSession } from '../../lib/session.tsx';
import { isActive } from '../escalation/api.ts';
import { CloseQuestion } from '../escalation/close-question.tsx';
import { EscalationForm } from '../escalation/escalation-form.tsx';
import { draftQueries } from '../escalation/drafts.ts';
import { EscalationHistory } from '../escalation/escalation-history.tsx';
import { SentConfirmation } from '../escalation/sent-confirmation.tsx';
import { ticketFromLists, ticketQueries } from './api.ts';

export function TicketView(props: { ticketId: number; user: DdUser; onBack: () => void }) {
  const s = useSession();
  const qc = useQueryClient();
  // The list's copy draws the title at once; the form waits for the ticket's own answer,
  // which carries the expert history too.
  const [listCopy] = useState(() => ticketFromLists(qc, s, props.ticketId));
  const detail = useQuery(ticketQueries.ticket(s, props.ticketId));
  const ticket = detail.data?.ticket ?? listCopy;
  const history = detail.data?.escalations;
  const savedDraft = useQuery(draftQueries.forTicket(s, props.ticketId));
  const [sent, setSent] = useState<Escalation | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.ticketId, sent]);

  const active = history?.find(isActive);

  return (
    <section aria-labelledby="ticket-heading" className="ticket-view">
      <button type="button" className="link back" onClick={props.onBack}>← All tickets</button>
      {!ticket && detail.isPending ? (
        <div aria-busy="true" aria-label="Loading ticket"><div className="skeleton tall" /></div>
      ) : !ticket ? (
        <>
          <h2 id="ticket-heading" ref={heading} tabIndex={-1}>Ticket #{props.ticketId}</h2>
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
            {s.launch.app === 'tech' ? <span>{ticket.contact.name}{ticket.company ? ` · ${ticket.company.name}` : ''}</span> : null}
          </p>
          {sent ? (
            <SentConfirmation escalation={sent} onBack={props.onBack} />
          ) : detail.isPending || savedDraft.isPending ? (
            <div aria-busy="true" aria-label="Loading expert status"><div className="skeleton" /></div>
          ) : detail.isError ? (
            <ErrorNote error={detail.error} what="this ticket's expert status" retry={() => void detail.refetch()} />
          ) : active ? (
            <ActiveQuestion escalation={active} />
          ) : (
            <>
              {detail.data.escalations[0]?.state === 'closed' ? (
                <p className="note" role="status">
                  The last expert question on this ticket was closed{detail.data.escalations[0].closedBy ? ` by ${detail.data.escalations[0].closedBy.name}` : ''}. You can ask again below.
                </p>
              ) : null}
              <EscalationForm ticket={detail.data.ticket} user={props.user} savedDraft={savedDraft.data?.draft ?? null} onSent={setSent} />
            </>
          )}
          {history && history.length > 0 ? <EscalationHistory escalations={history} /> : null}
        </>
      )}
    </section>
  );
}

function ActiveQuestion(props: { escalation: Escalation }) {
  const s = useSession();
  const e = props.escalation;
  if (e.state === 'unknown') {
    return (
      <div className="note note-error">
        <p><strong>Directly did not confirm this question.</strong> It may or may not exist, so it is not sent again automatically.</p>
        {s.launch.app === 'tech' ? (
          <>
            <p>Closing it settles this: Directly closes the question if it exists; if it does not, the ticket can be sent again.</p>
            <CloseQuestion escalation={e} />
          </>
        ) : (
          <p>Your IT team can check it from this ticket. Your text is kept.</p>
        )}
      </div>
    );
  }
  return (
    <div className="note note-ok">
      <p><strong>This ticket is with Directly’s experts.</strong></p>
      {e.questionUrl ? (
        <p><a href={e.questionUrl} target="_blank" rel="noopener noreferrer">Open the question on Directly</a></p>
      ) : (
        <p>The question is still being created.</p>
      )}
      {s.launch.app === 'tech' && e.state === 'open' ? <CloseQuestion escalation={e} /> : null}
    </div>
  );
}
