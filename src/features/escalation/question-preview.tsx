import { type DirectlyQuestion } from '../../../common/question.ts';

/** Exactly what the proxy will send: the same buildQuestion runs there. */
export function QuestionPreview(props: { question: DirectlyQuestion }) {
  const q = props.question;
  return (
    <section className="preview" aria-labelledby="preview-heading">
      <h4 id="preview-heading">What experts will see</h4>
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
    </section>
  );
}
