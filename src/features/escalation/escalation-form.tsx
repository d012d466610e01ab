import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { displayName, type DdTicket, type DdUser } from '../../../common/deskdirector.ts';
import * as v from 'valibot';
import { cleanText, draftSchema, isEmail } from '../../../common/question.ts';
import { askerFor, buildQuestion } from '../../../common/directly-question.ts';
import type { ExpertMapping } from '../../../common/expert-mapping.ts';
import type { Escalation } from '../../../common/contract.ts';
import { ProxyError } from '../../lib/proxy-client.ts';
import { isSessionEnded, useSession, useSessionEnded } from '../../lib/session.tsx';
import { CopyMyText } from './copy-my-text.tsx';
import { useEscalate } from './api.ts';
import { loadLocalDraft, type StoredDraft } from './local-drafts.ts';
import { QuestionPreview } from './question-preview.tsx';
import { isDirectlyDown, SendFailure, useCountdown } from './send-failure.tsx';
import { useDraftSaver } from './use-draft-saver.ts';

export function EscalationForm(props: {
  ticket: DdTicket;
  user: DdUser;
  /** The proxy's own, checked at start (common/contract.ts, PageConfig). */
  mapping: ExpertMapping;
  savedDraft: StoredDraft | null;
  onSent: (e: Escalation) => void;
}) {
  const s = useSession();
  const { ticket } = props;
  const { limits } = s.config;
  // This tab's copy is the newest; the proxy's covers browsers that deny storage to frames.
  const [restored] = useState(() => loadLocalDraft(s.launch.host, ticket.id) ?? props.savedDraft);
  const [draft, setDraft] = useState<StoredDraft>(() => restored ?? { subject: ticket.summary.slice(0, limits.subjectMax), text: ticket.description ?? '' });
  const drafts = useDraftSaver(ticket.id);
  const [touched, setTouched] = useState<{ subject?: boolean; text?: boolean; contactEmail?: boolean }>({});
  const [submitted, setSubmitted] = useState(false);
  const escalate = useEscalate();
  const errorRef = useRef<HTMLDivElement>(null);
  // One key per send; kept only when the last try got no answer, so its retry cannot
  // create a second question.
  const idempotencyKey = useRef<string | null>(null);
  const subjectId = useId();
  const textId = useId();
  const emailId = useId();
  // DeskDirector may have no email for a ticket's contact; a technician then supplies it.
  const [contactEmail, setContactEmail] = useState('');
  const needsEmail = s.launch.app === 'tech' && !askerFor('tech', props.user, ticket);
  // After the session ends the text stays on screen, read-only, to copy.
  const ended = useSessionEnded();
  const textRef = useRef<HTMLTextAreaElement>(null);

  function edit(patch: Partial<StoredDraft>) {
    const next = { ...draft, ...patch };
    setDraft(next);
    drafts.save(next);
    // An edited draft is a different request: it gets a key of its own.
    idempotencyKey.current = null;
  }

  const validation = v.safeParse(draftSchema, draft);
  const fieldErrors: Record<string, string> = {};
  if (!validation.success) for (const i of validation.issues) fieldErrors[String(i.path?.[0]?.key)] ??= i.message;
  if (needsEmail && !isEmail(contactEmail.trim())) fieldErrors.contactEmail = 'Enter an email address such as name@example.com';
  const serverFields = escalate.error instanceof ProxyError ? escalate.error.fields : {};
  const errorFor = (f: 'subject' | 'text' | 'contactEmail') => ((touched[f] || submitted) && fieldErrors[f]) || serverFields[f];

  const asker = askerFor(s.launch.app, props.user, ticket, contactEmail.trim()) ?? {
    fullname: s.launch.app === 'tech' ? ticket.contact.name : displayName(props.user),
    emailAddress: '',
  };
  // Cheap enough to rebuild on every render; the draft changes with every key anyway.
  const preview = buildQuestion({
    ticket,
    host: s.launch.host,
    asker,
    draft: { subject: cleanText(draft.subject), text: cleanText(draft.text) },
    mapping: props.mapping,
    instances: s.config.deskDirectorHosts.length,
  });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await send(false);
  }

  /** `whenBack`: if Directly cannot take it now, the proxy keeps it and sends it once Directly is back. */
  async function send(whenBack: boolean) {
    if (ended) return;
    setSubmitted(true);
    if (escalate.isPending) return;
    if (!validation.success || fieldErrors.contactEmail) {
      // Take the user to the first field that needs attention; its message is described by it.
      const first = fieldErrors.contactEmail ? emailId : fieldErrors.subject ? subjectId : textId;
      document.getElementById(first)?.focus();
      return;
    }
    try {
      idempotencyKey.current ??= crypto.randomUUID();
      const { escalation } = await escalate.mutateAsync({
        ticketId: ticket.id,
        req: {
          subject: draft.subject,
          text: draft.text,
          ...(needsEmail ? { contactEmail: contactEmail.trim() } : {}),
          ...(whenBack ? { sendWhenDirectlyIsBack: true } : {}),
        },
        idempotencyKey: idempotencyKey.current,
      });
      drafts.discard();
      props.onSent(escalation);
    } catch (error) {
      if (!(error instanceof ProxyError && error.code === 'network')) idempotencyKey.current = null;
      if (error instanceof ProxyError && error.code === 'already_escalated' && error.escalation) {
        drafts.discard();
        props.onSent(error.escalation);
        return;
      }
    }
  }

  const textLength = cleanText(draft.text).length;
  const subjectLength = cleanText(draft.subject).length;
  const sendError = escalate.error && !isSessionEnded(escalate.error) ? escalate.error : null;
  // A real countdown to the moment trying again can help, as the proxy said.
  const wait = useCountdown(isDirectlyDown(sendError) ? sendError.retryAfterSeconds : undefined, sendError);
  // Only a send that made nothing can wait in the queue; one Directly never confirmed is held.
  const canQueue = isDirectlyDown(sendError) && sendError.escalation?.state === 'failed';
  // Once the error box is drawn, take the user to it (and screen readers with it).
  useEffect(() => {
    if (sendError) errorRef.current?.focus();
  }, [sendError]);

  return (
    <form className="escalation-form" onSubmit={onSubmit} noValidate aria-labelledby="form-heading">
      <h3 id="form-heading">Ask {s.config.branding.expertNetworkName}</h3>
      {s.launch.app === 'tech' ? (
        <p className="muted">
          You are asking on behalf of <strong>{asker.fullname}</strong>
          {asker.emailAddress ? ` (${asker.emailAddress})` : ''}. Experts’ answers go to them.
        </p>
      ) : (
        <p className="intro">
          Ask an expert sends your question to {s.config.branding.expertNetworkName}, independent IT experts. Answers come to{' '}
          {asker.emailAddress || 'your email'}, usually within minutes.
        </p>
      )}
      <p className="privacy">
        <strong>People outside your company will read this.</strong> Leave out passwords and anything confidential.
      </p>
      {needsEmail ? (
        <div className="field">
          <label htmlFor={emailId}>{ticket.contact.name}’s email address</label>
          <input
            id={emailId}
            type="email"
            autoComplete="off"
            value={contactEmail}
            readOnly={ended}
            aria-invalid={Boolean(errorFor('contactEmail'))}
            aria-describedby={`${emailId}-hint`}
            onChange={(e) => setContactEmail(e.target.value)}
            onBlur={() => setTouched((t) => ({ ...t, contactEmail: true }))}
          />
          <p id={`${emailId}-hint`} className="hint">
            {errorFor('contactEmail') ? <span className="field-error">{errorFor('contactEmail')} · </span> : null}
            DeskDirector has no email address for this contact, and Directly sends experts’ answers by email.
          </p>
        </div>
      ) : !asker.emailAddress ? (
        <div role="alert" className="note note-error">
          <p>Directly needs your email address to send you answers, and DeskDirector has none for you. Ask your IT team to add one to your contact.</p>
        </div>
      ) : null}
      {restored ? (
        <p className="note" role="status">
          Your earlier draft for this ticket was restored.
        </p>
      ) : null}

      <div className="field">
        <label htmlFor={subjectId}>Subject</label>
        <input
          id={subjectId}
          value={draft.subject}
          readOnly={ended}
          maxLength={limits.subjectMax + 50}
          aria-invalid={Boolean(errorFor('subject'))}
          aria-describedby={`${subjectId}-hint`}
          onChange={(e) => edit({ subject: e.target.value })}
          onBlur={() => setTouched((t) => ({ ...t, subject: true }))}
        />
        <p id={`${subjectId}-hint`} className={`hint${subjectLength > limits.subjectMax ? ' over' : ''}`}>
          {errorFor('subject') ? <span className="field-error">{errorFor('subject')} · </span> : null}
          {subjectLength} / {limits.subjectMax}
        </p>
      </div>

      <div className="field">
        <label htmlFor={textId}>Your question</label>
        <textarea
          id={textId}
          rows={8}
          ref={textRef}
          value={draft.text}
          readOnly={ended}
          aria-invalid={Boolean(errorFor('text'))}
          aria-describedby={`${textId}-hint`}
          onChange={(e) => edit({ text: e.target.value })}
          onBlur={() => setTouched((t) => ({ ...t, text: true }))}
        />
        <p id={`${textId}-hint`} className={`hint${textLength > limits.textMax ? ' over' : ''}`}>
          {errorFor('text') ? <span className="field-error">{errorFor('text')} · </span> : null}
          {textLength} / {limits.textMax} characters (at least {limits.textMin})
        </p>
      </div>

      {sendError ? <SendFailure error={sendError} tech={s.launch.app === 'tech'} ref={errorRef} /> : null}

      {ended ? (
        <CopyMyText subject={draft.subject} text={draft.text} textArea={textRef} />
      ) : (
        <div className="row">
          <button
            type="submit"
            className="primary"
            disabled={escalate.isPending || wait > 0 || (!asker.emailAddress && !needsEmail)}
            aria-describedby="send-status"
          >
            {escalate.isPending ? 'Sending…' : wait > 0 ? `Try again in ${wait} s` : sendError ? 'Try again' : 'Send to experts'}
          </button>
          {canQueue ? (
            <button type="button" disabled={escalate.isPending} onClick={() => void send(true)}>
              Send it when Directly is back
            </button>
          ) : null}
          <span id="send-status" role="status" aria-live="polite" className="muted">
            {escalate.isPending ? 'Sending your question to Directly…' : ''}
          </span>
        </div>
      )}

      {/* After the button, so "Send to experts" is in reach on a narrow screen. */}
      <QuestionPreview question={preview} showInternal={s.launch.app === 'tech'} />
    </form>
  );
}
