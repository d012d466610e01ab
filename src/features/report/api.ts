import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { ReportFilter } from '../../../common/report-filter.ts';
import { reportSchema } from '../../../common/report.ts';
import { keys } from '../../lib/query-keys.ts';
import { saveFile } from '../../lib/save-file.ts';
import { useSession, type Session } from '../../lib/session.tsx';

/** The filter as query parameters: empty fields are left out, not sent blank. */
function filterParams(f: ReportFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as Record<string, string>;
}

export const reportQueries = {
  list: (s: Session, filter: ReportFilter) =>
    queryOptions({
      queryKey: [...keys.report(s), filter],
      queryFn: ({ signal }) => s.api.get('admin/escalations', reportSchema, { searchParams: filterParams(filter), signal }),
      // A technician or the webhook may close a question meanwhile.
      staleTime: 15_000,
      placeholderData: keepPreviousData,
    }),
};

export const useReport = (filter: ReportFilter) => useQuery(reportQueries.list(useSession(), filter));

/** Saves the CSV of every escalation the filter matches (the table shows only the newest). */
export async function downloadReportCsv(s: Session, filter: ReportFilter): Promise<void> {
  const blob = await s.api.blob('admin/escalations.csv', { searchParams: filterParams(filter) });
  saveFile(blob, `escalations-${new Date().toISOString().slice(0, 10)}.csv`);
}
