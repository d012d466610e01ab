import type { Probe } from './http.ts';
import { fail, ok, unknown, type DoctorOptions, type Row } from './types.ts';

// Which settings are there (never what they hold, not even their length), and whether
// Directly's base URL answers at all: a GET of that one URL, never a question.

export function checkSettings(o: DoctorOptions): Row[] {
  const connectorMode = o.profile.ticketReads === 'connector';
  const rows: Row[] = [];
  if (o.apiKey) rows.push(ok('DESKDIRECTOR_API_KEYS', `has a key for ${o.host}; for notes on tickets it must be a read-write key`));
  else {
    const why = connectorMode
      ? 'ticketReads is "connector", so tickets cannot be read without it'
      : 'without it no notes are written and the connector checks below are skipped';
    rows.push(
      (connectorMode ? fail : unknown)('DESKDIRECTOR_API_KEYS', `no key for ${o.host}: ${why}. Add "${o.host}=<key>" (Developer Corner; read-write for notes)`),
    );
  }
  rows.push(
    o.webhookSecret
      ? ok('DESKDIRECTOR_WEBHOOK_SECRET', 'is set')
      : unknown(
          'DESKDIRECTOR_WEBHOOK_SECRET',
          'not set: questions will not close when their ticket closes. Copy it from Admin Portal → Advanced → Webhook → Webhook Security',
        ),
  );
  rows.push(
    o.accessToken
      ? ok('DESKDIRECTOR_ACCESS_TOKEN', 'is set (a user token, used here for reads only)')
      : unknown(
          'DESKDIRECTOR_ACCESS_TOKEN',
          "not set: who-am-I and the ticket search are not checked. Open the app's menu item, copy access_token from its URL (it lasts 60 minutes)",
        ),
  );
  rows.push(
    o.directly.baseUrl
      ? ok('DIRECTLY_BASE_URL', 'is set')
      : fail('DIRECTLY_BASE_URL', 'not set: the proxy will not start. Set it to your Directly URL, e.g. https://yourcompany.directly.com'),
  );
  rows.push(
    o.directly.apiToken
      ? ok('DIRECTLY_API_TOKEN', 'is set')
      : fail('DIRECTLY_API_TOKEN', 'not set: the proxy will not start. Copy it from the Directly admin panel, Helpdesk Integration tab'),
  );
  return rows;
}

export async function checkDirectly(probe: Probe, baseUrl: string | undefined): Promise<Row[]> {
  if (!baseUrl) return [];
  let url: string;
  try {
    url = new URL(baseUrl).href;
  } catch {
    return [fail('Directly answers', 'DIRECTLY_BASE_URL is not a URL: set it to e.g. https://yourcompany.directly.com')];
  }
  const answer = await probe.reach(url);
  if (answer.ok)
    return [ok('Directly answers', `${new URL(url).origin} answered (HTTP ${answer.status}); the API token is checked only by sending a question`)];
  return [fail('Directly answers', `${new URL(url).origin} ${answer.problem}: check DIRECTLY_BASE_URL and that this machine can reach it`)];
}
