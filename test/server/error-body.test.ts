// The error envelope as the page reads it: the field messages must be a map of names to words.
import * as v from 'valibot';
import { expect, test } from 'vitest';
import { errorBodySchema } from '../../common/error-body.ts';

const body = (fields: unknown) => ({ error: { code: 'invalid_request', message: 'Some fields need attention.', fields } });

test('field messages naming each field are read as they are', () => {
  const parsed = v.safeParse(errorBodySchema, body({ subject: 'is required', text: 'must be at most 20000 characters' }));
  expect(parsed.success && parsed.output.error.fields).toEqual({ subject: 'is required', text: 'must be at most 20000 characters' });
});

test.each([
  ['a message that is not text', { subject: 3 }],
  ['a list', ['is required']],
  ['text', 'is required'],
  ['null', null],
])('field messages given as %s are refused', (_, fields) => {
  const parsed = v.safeParse(errorBodySchema, body(fields));
  expect(parsed.success).toBe(false);
  expect(parsed.issues?.[0]?.message).toBe('must map field names to messages');
});
