import { queryOptions, useQuery } from '@tanstack/react-query';
import { pastQuestionsReplySchema } from '../../../common/past-questions.ts';
import { keys } from '../../lib/query-keys.ts';
import { useSession, type Session } from '../../lib/session.tsx';

export const pastQuestionQueries = {
  // Under the tickets' key: whatever changes an escalation (a withdraw, a close) refreshes it too.
  list: (s: Session) =>
    queryOptions({
      queryKey: [...keys.tickets(s), 'past'],
      queryFn: ({ signal }) => s.api.get('escalations/past', pastQuestionsReplySchema, { signal }),
    }),
};

export const usePastQuestions = () => useQuery(pastQuestionQueries.list(useSession()));
