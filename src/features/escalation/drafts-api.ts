import { queryOptions } from '@tanstack/react-query';
import { draftReplySchema } from '../../../common/contract.ts';
import { keys } from '../../lib/query-keys.ts';
import type { Session } from '../../lib/session.tsx';

// The proxy's copy of the user's drafts, the one that survives browsers denying storage: the
// latest, which the first screen reads (one ticket's is read and saved by use-draft-saver.ts).
export const draftQueries = {
  latest: (s: Session) =>
    queryOptions({
      queryKey: [...keys.drafts(s), 'latest'],
      queryFn: ({ signal }) => s.api.get('drafts/latest', draftReplySchema, { signal }),
      // Read once when the page opens; afterwards the page itself is the truth.
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
