// The first screen's data, when the proxy could read it while serving the page (see
// server/routes/page.ts): the page then draws its list without a request of its own.
import * as v from 'valibot';
import { FIRST_SCREEN_ID, type FirstScreen, firstScreenSchema } from '../../common/contract.ts';
import type { Launch } from './launch.ts';

/** Takes the data block out of the document (it holds ticket data) and returns it if it is for this launch. */
export function takeFirstScreen(doc: Document, launch: Launch | null): FirstScreen | null {
  const element = doc.getElementById(FIRST_SCREEN_ID);
  if (!element) return null;
  element.remove();
  if (!launch) return null;
  try {
    const parsed = v.safeParse(firstScreenSchema, JSON.parse(element.textContent ?? ''));
    return parsed.success && parsed.output.host === launch.host && parsed.output.app === launch.app ? parsed.output : null;
  } catch {
    return null;
  }
}
