// Placeholders while data loads; the label tells screen readers what is coming.

export function Skeleton(props: { label: string; tall?: boolean }) {
  return <div className={props.tall ? 'skeleton tall' : 'skeleton'} aria-busy="true" aria-label={props.label} />;
}

/** Rows of a list that is still loading, at the list's own size. */
export function ListSkeleton(props: { label: string; rows?: number }) {
  return (
    <ul className="ticket-list" aria-busy="true" aria-label={props.label}>
      {Array.from({ length: props.rows ?? 4 }, (_, i) => (
        <li key={i} className="skeleton" />
      ))}
    </ul>
  );
}
