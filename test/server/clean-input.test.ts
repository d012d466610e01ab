// Everything from DeskDirector that reaches Directly is cleaned by one function (issue 12,
// item 7): no CR or LF in a name or an email, the email validated, and every Unicode Cc,
// Cf (except ZWJ inside an emoji), Zl and Zp character removed.
import { expect, test } from 'vitest';
import { cleanText } from '../../common/question.ts';
import { fieldsOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();

test('U+061C, U+FEFF, U+2060, tag characters, U+2028/2029 and bidi controls are removed; ZWJ stays inside an emoji only', () => {
  const hostile = 'a\u061Cb\uFEFFc\u2060d\u{E0041}\u{E007F}e\u2028f\u2029g\u202Eh\u2066i\u200Dj 👩\u200D💻';
  expect(cleanText(hostile)).toBe('abcdefghij 👩\u200D💻');
});

test('plain ASCII is only trimmed, its tabs and newlines kept; a DEL, a CR or a NUL among it is still cleaned', () => {
  expect(cleanText('  Line one\n\tLine two  \n')).toBe('Line one\n\tLine two');
  expect(cleanText('a\x7Fb\r\nc\rd\x00e ')).toBe('ab\nc\nde');
});

test("a contact's name and email with CRLF never carry a line break to Directly; an email that is not one is refused", async () => {
  const contact = h.up.dd.tickets.find((t) => t.id === 5001)!.contact;
  contact.name = 'Alice\r\nBcc: evil@example.com';
  const crlf = await h.escalate(5001, 'member:9001', { subject: 'Name check' });
  expect(crlf.status).toBe(201);
  const fields = fieldsOf(h.up.directly.questions[0]!);
  expect(`${fields.fullname}${fields.emailAddress}`).not.toMatch(/[\r\n]/);

  const other = h.up.dd.tickets.find((t) => t.id === 5002)!.contact;
  other.email = 'bob@example.com\r\nBcc: evil@example.com';
  const res = await h.call('POST', '/api/escalations/5002', { as: 'member:9001', json: { ...h.escalationBody(5002, 'member:9001'), contactEmail: undefined } });
  // Not an address: refused, so the technician is asked for one, and nothing reaches Directly.
  expect(res.status).toBe(422);
  expect(h.up.directly.questions).toHaveLength(1);
});
