import { resolve } from 'node:path';

/**
 * The variant instance's profile: the doctor's suggestion for it, committed
 * (test/server/variant-profile.test.ts keeps them equal). Resolved from the module's
 * folder where there is one, else from the project root (jsdom gives no file URL).
 */
export const VARIANT_PROFILE_FILE = resolve(import.meta.dirname ?? 'sim/deskdirector', 'variant-profile.json');
