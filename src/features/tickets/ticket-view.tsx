import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { DdUser } from '../../../common/deskdirector-api.ts';
import type { Escalation } from '../../../common/proxy-api.ts';
import { ErrorNote } from '../../app/error-note.tsx';
import { useSession } from '../../lib/session.tsx';
import { escalationQueries, isActive } from '../escalation/api.ts';
import { CloseQuestion } from '../escalation/close-question.tsx';
import { EscalationForm } from '../escalation/escalation-form.tsx';
import { draftQueries } from '../escalation/drafts.ts';
import { EscalationHistory } from '../escalation/escalation-history.tsx';
import { SentConfirmation } from '../escalation/sent-confirmation.tsx';
import { ddQueries } from './api.ts';

export function TicketView(props: { ticketId: number; user: DdUser; onBack: () => void }) {
  const s = useSession();
  const ticket = useQuery(ddQueries.ticket(s, props.ticketId, useQueryClient()));
  const history = useQuery(escalationQueries.history(s, props.ticketId));
  const savedDraft = useQuery(draftQueries.forTicket(s, props.ticketId));
  const [sent, setSent] = useState<Escalation | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.ticketId, sent]);

  const active = history.data?.find(isActive);

  return (
    <section aria-labelledby="ticket-heading" className="ticket-view">
      <button type="button" className="link back" onClick={props.onBack}>← All tickets</button>
      {ticket.isPending ? (
        <div aria-busy="true" aria-label="Loading ticket"><div className="skeleton tall" /></div>
      ) : ticket.isError ? (
        <>
          <h2 id="ticket-heading" ref={heading} tabIndex={-1}>Ticket #{props.ticketId}</h2>
          <ErrorNote error={ticket.error} what="this ticket" retry={() => void ticket.refetch()} />
        </>
      ) : (
        <>
          <h2 id="ticket-heading" ref={heading} tabIndex={-1}>
            <span className="muted">#{ticket.data.id}</span> {ticket.data.summary}
          </h2>
          <p className="ticket-meta">
            <span>{ticket.data.status.name}</span>
            {ticket.data.type ? <span>{ticket.data.type.name}</span> : null}
            {s.launch.app === 'tech' ? <span>{ticket.data.contact.name}{ticket.data.company ? ` · ${ticket.data.company.name}` : ''}</span> : null}
          </p>
          {sent ? (
            <SentConfirmation escalation={sent} onBack={props.onBack} />
          ) : history.isPending || savedDraft.isPending ? (
            <div aria-busy="true" aria-label="Loading expert status"><div className="skeleton" /></div>
          ) : history.isError ? (
            <ErrorNote error={history.error} what="this ticket's expert status" retry={() => void history.refetch()} />
          ) : active ? (
            <ActiveQuestion escalation={active} />
          ) : (
            <>
              {history.data?.[0]?.state === 'closed' ? (
                <p className="note" role="status">
                  The last expert question on this ticket was closed{history.data[0].closedBy ? ` by ${history.data[0].closedBy.name}` : ''}. You can ask again below.
                </p>
              ) : null}
              <EscalationForm ticket={ticket.data} user={props.user} savedDraft={savedDraft.data?.draft ?? null} onSent={setSent} />
            </>
          )}
          {history.data && history.data.length > 0 ? <EscalationHistory escalations={history.data} /> : null}
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
