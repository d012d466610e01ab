import type { DirectlyQuestion } from '../../../common/directly-question.ts';
import { useMediaQuery } from '../../lib/use-media-query.ts';
import './question-preview.css';

/** From this frame width the preview stands beside the form (question-preview.css), with room to be unfolded. */
export const SIDE_BY_SIDE = '(min-width: 1024px)';

/**
 * Exactly what the proxy will send (the same buildQuestion runs there), folded to one line
 * so it does not push the form down. What goes to Directly hidden from experts is listed
 * for technicians only; Portal users get it in one plain sentence.
 */
export function QuestionPreview(props: { question: DirectlyQuestion; showInternal: boolean }) {
  const q = props.question;
  const beside = useMediaQuery(SIDE_BY_SIDE);
  return (
    <section className="preview" aria-label="What experts will see">
      {/* Unfolded when it moves beside the form, folded when it moves back below; the user may still fold it. */}
      <details className="preview-details" open={beside}>
        <summary>
          <span className="preview-summary-title">What experts will see</span>
          {q.visible.length > 0 ? <span className="muted small">{q.visible.map(([, v]) => v).join(' · ')}</span> : null}
        </summary>
        <div className="preview-card">
          <p className="preview-subject">{q.subject || <span className="muted">(no subject)</span>}</p>
          <p className="preview-text">{q.text || <span className="muted">(no text yet)</span>}</p>
          {q.visible.length > 0 ? (
            <dl className="meta">
              {q.visible.map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
        {props.showInternal ? (
          <HiddenFromExperts question={q} />
        ) : (
          <p className="small muted">Directly also gets your name, email address and ticket number, so that answers reach you. Experts do not see them.</p>
        )}
      </details>
    </section>
  );
}

function HiddenFromExperts(props: { question: DirectlyQuestion }) {
  const q = props.question;
  return (
    <details>
      <summary>Also sent to Directly, not shown to experts</summary>
      <dl className="meta">
        <div>
          <dt>Asked by</dt>
          <dd>
            {q.fullname} &lt;{q.emailAddress}&gt;
          </dd>
        </div>
        <div>
          <dt>Ticket</dt>
          <dd>{q.helpDeskId}</dd>
        </div>
        {q.questionCategory ? (
          <div>
            <dt>Category</dt>
            <dd>{q.questionCategory}</dd>
          </div>
        ) : null}
        {q.isEliteOnly ? (
          <div>
            <dt>Routing</dt>
            <dd>Elite experts only</dd>
          </div>
        ) : null}
        {q.hidden.flatMap(([group, entries]) =>
          entries.map(([k, v]) => (
            <div key={`${group}/${k}`}>
              <dt>
                {group} · {k}
              </dt>
              <dd>{v}</dd>
            </div>
          )),
        )}
      </dl>
    </details>
  );
}
