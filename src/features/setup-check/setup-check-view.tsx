// The doctor's table for technicians: the proxy checks its settings and instance profile
// against this DeskDirector instance. Loaded only when a TECH user opens it.
import { rowStatusLabels, type SetupCheckReply } from '../../../common/setup-check.ts';
import { DateTime } from '../../components/date-time.tsx';
import { describeError, ErrorNote } from '../../components/error-note.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { downloadSuggestedProfile, useCheckAgain, useSetupCheck } from './api.ts';
import '../../styles/later.css';

function Summary(props: { reply: SetupCheckReply }) {
  const { counts, checkedAt } = props.reply;
  return (
    <p className="muted small">
      {counts.ok} ✓ passed · {counts.fail} ✗ to fix · {counts.unknown} ? to confirm · checked <DateTime iso={checkedAt} />
    </p>
  );
}

function ResultTable(props: { reply: SetupCheckReply; busy: boolean }) {
  return (
    <div className="table-wrap">
      <table aria-busy={props.busy}>
        <caption className="visually-hidden">Setup check of {props.reply.host}, one line per check</caption>
        <thead>
          <tr>
            <th scope="col">Result</th>
            <th scope="col">Check</th>
            <th scope="col">What to change</th>
          </tr>
        </thead>
        <tbody>
          {props.reply.rows.map((r, i) => (
            <tr key={`${i}-${r.check}`}>
              <td>
                <span aria-hidden="true">{rowStatusLabels[r.status].mark}</span>
                <span className="visually-hidden">{rowStatusLabels[r.status].label}</span>
              </td>
              <td>{r.check}</td>
              <td>{r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function SetupCheckView() {
  const result = useSetupCheck();
  const again = useCheckAgain();

  return (
    <section aria-labelledby="setup-check-heading">
      <h2 id="setup-check-heading" tabIndex={-1}>
        Setup check
      </h2>
      <p>
        Before people use this app, fix each ✗ as its line says and confirm each ?, then give the suggested profile to whoever runs the escalation service (it
        is their DESKDIRECTOR_PROFILE_FILE).
      </p>
      <div className="row">
        <button type="button" className="primary" disabled={again.isPending || result.isPending} onClick={() => again.mutate()}>
          {again.isPending ? 'Checking again…' : 'Check again'}
        </button>
        <button type="button" disabled={!result.data} onClick={() => result.data && downloadSuggestedProfile(result.data.suggestedProfile)}>
          Download suggested profile
        </button>
      </div>
      {again.isError ? (
        <p role="alert" className="field-error">
          {describeError(again.error, 'the setup check')}
        </p>
      ) : null}
      {result.isPending ? (
        <Skeleton tall label="Checking the instance, which takes a few seconds" />
      ) : result.isError ? (
        <ErrorNote error={result.error} what="the setup check" retry={() => void result.refetch()} />
      ) : (
        <>
          <div role="status">
            <Summary reply={result.data} />
          </div>
          <ResultTable reply={result.data} busy={again.isPending} />
        </>
      )}
    </section>
  );
}
