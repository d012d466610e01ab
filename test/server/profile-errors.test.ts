// An instance that does not answer as its profile says: the user's error tells the
// administrator which setting to check, and the log says where, never what.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { endpointPath } from '../../server/profile/profile.ts';
import { errorOf, useProxy } from '../support/proxy-harness.ts';
import { DD_HOST, DD_PROFILE } from '../support/upstreams.ts';

const h = useProxy();
const warnings = () =>
  h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'DeskDirector answer does not match the instance profile');

describe('an answer that does not match the profile', () => {
  test('a ticket list whose contact has no id: 502 naming the endpoint and fields.id, one warning with the path and no value', async () => {
    const findPath = endpointPath(DD_PROFILE, 'portalTicketsFind');
    h.server.use(
      http.post(`${DD_HOST}${findPath}`, () =>
        HttpResponse.json({
          results: [{ id: 5001, entityId: 5001, summary: 'Secret summary', status: { name: 'New' }, contact: { name: 'Secret Person' }, createdOn: 'x' }],
          totalResults: 1,
          total: 1,
        }),
      ),
    );
    const res = await h.call('GET', '/api/tickets', { as: 'contact:101' });
    expect(res.status).toBe(502);
    const { message } = errorOf(res).error;
    expect(message).toContain('“Portal find my tickets”');
    expect(message).toContain('results[0].contact.');
    expect(message).toContain('fields.id in the instance profile');
    expect(message).toMatch(/Setup check|npm run doctor/);

    const [warning, ...more] = warnings();
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ level: 'warn', endpoint: 'portalTicketsFind', method: 'POST', path: findPath, host: DD_HOST });
    expect(String(warning!.field)).toMatch(/^results\[0\]\.contact\.(id|entityId)/);
    expect(h.logLines.join('\n')).not.toMatch(/Secret/);
  });

  test('a list path the instance does not have: 502 naming endpoints.<key>.path', async () => {
    h.server.use(http.post(`${DD_HOST}${endpointPath(DD_PROFILE, 'portalTicketsFind')}`, () => HttpResponse.json({ errorCode: 'NotFound' }, { status: 404 })));
    const res = await h.call('GET', '/api/tickets', { as: 'contact:101' });
    expect(res.status).toBe(502);
    expect(errorOf(res).error.message).toContain('endpoints.portalTicketsFind.path in the instance profile');
  });
});
