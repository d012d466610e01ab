// SERVER_TIMING=true makes every API answer say where its time went (Server-Timing), so
// an operator's browser tools and `npm run bench` can see it. Off by default.
import { describe, expect, test } from 'vitest';
import { testConfig } from '../support/proxy.ts';
import { sampleDraft, useProxy } from '../support/proxy-harness.ts';

const spansOf = (header: string | null) =>
  Object.fromEntries(
    (header ?? '')
      .split(', ')
      .filter(Boolean)
      .map((part) => {
        const [name, dur] = part.split(';dur=');
        return [name!, Number(dur)];
      }),
  );

describe('with SERVER_TIMING=true', () => {
  const h = useProxy({ config: () => testConfig({ SERVER_TIMING: 'true' }) });

  test('an escalation names each step it waited on, and the whole handler', async () => {
    const res = await h.call('POST', '/api/escalations/5001', {
      as: 'contact:101',
      json: { ...sampleDraft },
      headers: { 'idempotency-key': 'timing-key-0001' },
    });
    expect(res.status).toBe(201);
    const spans = spansOf(res.headers.get('server-timing'));
    expect(Object.keys(spans).sort()).toEqual(['app', 'caller', 'directly', 'key', 'record', 'reserve', 'ticket']);
    for (const ms of Object.values(spans)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(spans.app).toBeGreaterThanOrEqual(spans.directly! + spans.reserve! + spans.record!);
  });

  test('an error answer carries it too', async () => {
    const res = await h.call('GET', '/api/tickets/5008', { as: 'contact:101' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(Object.keys(spansOf(res.headers.get('server-timing')))).toContain('app');
  });
});

describe('by default', () => {
  const h = useProxy();

  test('no answer says anything about timing', async () => {
    const res = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', json: { ...sampleDraft } });
    expect(res.status).toBe(201);
    expect(res.headers.get('server-timing')).toBeNull();
  });
});
