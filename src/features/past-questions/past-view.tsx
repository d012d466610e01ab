// A Portal user's expert questions that are over: once a ticket closes, their ticket list
// may no longer show it. Loaded only when they open the tab.
import { useEffect, useRef } from 'react';
import { PAST_QUESTIONS_MAX, type PastQuestion } from '../../../common/past-questions.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ErrorNote } from '../../components/error-note.tsx';
import { QuestionLink } from '../../components/question-link.tsx';
import { ListSkeleton } from '../../components/skeleton.tsx';
import { usePastQuestions } from './api.ts';
import '../../styles/later.css';

/** How the question ended, in the asker's words. */
export function outcomeWords(q: PastQuestion): string {
  const by = q.closedBy ? (q.closedBy.isYou ? 'you' : q.closedBy.name) : null;
  switch (q.outcome) {
    case 'closed':
      return by ? `Closed by ${by}` : 'Closed';
    case 'withdrawn':
      return `Withdrawn by ${by ?? 'you'}`;
    case 'closed_with_ticket':
      return 'Closed when the ticket was closed';
    case 'not_sent':
      return 'Not sent: the experts never received it';
    case 'cleared':
      return `Not confirmed as sent, then cleared by ${by ?? 'your IT team'}`;
  }
}

export default function PastQuestionsView(props: { onOpenTicket: (ticketId: number) => void }) {
  const reply = usePastQuestions();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby="past-heading">
      <h2 id="past-heading" ref={heading} tabIndex={-1}>
        Past questions
      </h2>
      <p className="muted small">Questions to Directly’s experts asked by you or for you that are now over, newest first.</p>
      {reply.isPending ? (
        <ListSkeleton label="Loading past questions" />
      ) : reply.isError ? (
        <ErrorNote error={reply.error} retry={() => void reply.refetch()} what="your past questions" />
      ) : reply.data.questions.length === 0 ? (
        <p className="empty">You have no past questions yet. A question you ask the experts is listed here once it is closed.</p>
      ) : (
        <>
          <ul className="ticket-list" aria-label="Past questions">
            {reply.data.questions.map((q) => (
              <PastRow key={q.id} question={q} onOpen={() => props.onOpenTicket(q.ticketId)} />
            ))}
          </ul>
          {reply.data.more ? <p className="muted small">Showing the latest {PAST_QUESTIONS_MAX}.</p> : null}
        </>
      )}
    </section>
  );
}

function PastRow(props: { question: PastQuestion; onOpen: () => void }) {
  const q = props.question;
  return (
    // Styled with the page's own classes: a stylesheet of its own would name a file in the
    // initial bundle, which has no bytes to spare.
    <li className="note">
      <h3 className="ticket-title small">
        <span className="muted">#{q.ticketId}</span> {q.subject}
      </h3>
      <p>{outcomeWords(q)}</p>
      <p className="muted small">
        Asked <DateTime iso={q.createdAt} />
        {q.closedAt ? (
          <>
            {' '}
            · closed <DateTime iso={q.closedAt} />
          </>
        ) : null}
      </p>
      <details>
        <summary>What was asked</summary>
        <p style={{ whiteSpace: 'pre-wrap' }}>{q.text}</p>
      </details>
      <div className="row">
        {/* DeskDirector decides whether the ticket can still be opened; the ticket screen says if not. */}
        <button type="button" onClick={props.onOpen}>
          Open ticket #{q.ticketId}
        </button>
        {q.questionUrl ? <QuestionLink url={q.questionUrl} about={`for ticket #${q.ticketId}`} /> : null}
      </div>
    </li>
  );
}
