// The committed profile of the simulated variant instance is what the doctor suggests for
// it, completed by nothing: a Portal user's run, then a technician's with that suggestion.
import { readFileSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { runDoctor } from '../../server/doctor/run.ts';
import { parseProfile } from '../../server/profile/load.ts';
import { defaultProfile } from '../../server/profile/profile.ts';
import { startSimulators, VARIANT_PROFILE_FILE } from '../../sim/stack.ts';

const sims = await startSimulators({ appOrigin: 'http://localhost:1', dialect: 'variant' });
afterAll(() => sims.stop());

test('the doctor’s suggestion for the variant instance is the committed profile, and passes with nothing to confirm', async () => {
  const apiKey = sims.proxyEnv.DESKDIRECTOR_API_KEYS!.split('=').slice(1).join('=');
  const common = {
    host: sims.ddOrigin,
    apiKey,
    webhookSecret: 'set',
    closedStatuses: ['closed', 'resolved'],
    directly: { baseUrl: sims.directlyOrigin, apiToken: 'set' },
  };
  const portal = await runDoctor({ ...common, profile: defaultProfile, accessToken: sims.dd.mint('contact:101') });
  expect(portal.rows.filter((r) => r.status === 'fail').length).toBeGreaterThan(0);
  const tech = await runDoctor({ ...common, profile: portal.suggestedProfile, accessToken: sims.dd.mint('member:9001') });
  expect(tech.rows.filter((r) => r.status !== 'ok')).toEqual([]);

  const committed = parseProfile(readFileSync(VARIANT_PROFILE_FILE, 'utf8'), VARIANT_PROFILE_FILE);
  expect('profile' in committed && committed.profile).toEqual(tech.suggestedProfile);
});
