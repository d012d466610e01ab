/** The one name for a link to a question on Directly, wherever it appears. */
export const QUESTION_LINK_NAME = 'Open the question on Directly';

/** `about` tells links apart in a list for screen readers ("… for ticket #5002"); sighted users read it from the row. */
export function QuestionLink(props: { url: string; about?: string; className?: string }) {
  return (
    <a className={`question-link${props.className ? ` ${props.className}` : ''}`} href={props.url} target="_blank" rel="noopener noreferrer">
      {QUESTION_LINK_NAME}
      {props.about ? <span className="visually-hidden"> {props.about}</span> : null}
    </a>
  );
}
