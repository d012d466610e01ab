import * as v from 'valibot';

// A Portal user's past questions, in a module of its own: only their lazy chunk and the
// proxy load it, so it stays out of the page's initial bundle.

const int = v.pipe(v.number(), v.integer());

/**
 * How a past question ended, for the person who asked: closed by a technician, withdrawn
 * (by them or the other person it concerns), closed with the ticket by DeskDirector, not
 * sent, or not confirmed by Directly and then cleared by their IT team.
 */
export const pastOutcomes = ['closed', 'withdrawn', 'closed_with_ticket', 'not_sent', 'cleared'] as const;
export type PastOutcome = (typeof pastOutcomes)[number];
export const PAST_QUESTIONS_MAX = 100;
export const pastQuestionSchema = v.object({
  id: v.string(),
  ticketId: int,
  subject: v.string(),
  text: v.string(),
  outcome: v.picklist(pastOutcomes),
  /** Who closed, withdrew or cleared it; null when DeskDirector closed it, or it failed. */
  closedBy: v.nullable(v.object({ name: v.string(), isYou: v.boolean() })),
  createdAt: v.string(),
  closedAt: v.nullable(v.string()),
  questionUrl: v.nullable(v.string()),
});
export type PastQuestion = v.InferOutput<typeof pastQuestionSchema>;
/** GET /api/escalations/past: the caller's latest PAST_QUESTIONS_MAX; `more` when older ones exist. */
export const pastQuestionsReplySchema = v.object({ questions: v.array(pastQuestionSchema), more: v.boolean() });
export type PastQuestionsReply = v.InferOutput<typeof pastQuestionsReplySchema>;
