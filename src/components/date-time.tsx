const format = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A moment as the page shows it everywhere: the user's locale, date and minutes. */
export function DateTime(props: { iso: string }) {
  return <time dateTime={props.iso}>{format(props.iso)}</time>;
}
