import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { setupCheckReplySchema } from '../../../common/setup-check.ts';
import { keys } from '../../lib/query-keys.ts';
import { saveFile } from '../../lib/save-file.ts';
import { useSession, type Session } from '../../lib/session.tsx';

export const setupCheckQueries = {
  result: (s: Session) =>
    queryOptions({
      queryKey: [...keys.session(s), 'setup-check'],
      queryFn: ({ signal }) => s.api.get('setup-check', setupCheckReplySchema, { signal }),
      // The proxy answers its last run for a minute; asking sooner gets the same table.
      staleTime: 60_000,
    }),
};

export const useSetupCheck = () => useQuery(setupCheckQueries.result(useSession()));

/** Runs every check again now, rather than answering the last minute's run. */
export function useCheckAgain() {
  const s = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => s.api.get('setup-check', setupCheckReplySchema, { searchParams: { fresh: '1' } }),
    onSuccess: (reply) => qc.setQueryData(setupCheckQueries.result(s).queryKey, reply),
  });
}

/** Saves the suggested profile as the file `npm run doctor` writes, for DESKDIRECTOR_PROFILE_FILE. */
export function downloadSuggestedProfile(profile: unknown): void {
  saveFile(new Blob([`${JSON.stringify(profile, null, 2)}\n`], { type: 'application/json' }), 'deskdirector-profile.suggested.json');
}
