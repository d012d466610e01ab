// The proxy's error envelope, read on the chunk loaded after the first screen (see
// createProxyApi): the first screen needs it only when the proxy refuses it something.
import * as v from 'valibot';
import { errorBodySchema } from '../../common/error-body.ts';
import { ProxyError, type ReadRefusal } from './proxy-client.ts';

export const readRefusal: ReadRefusal = (status, data) => {
  const body = v.safeParse(errorBodySchema, data);
  if (!body.success) return null;
  const { code, message, ...extra } = body.output.error;
  return new ProxyError(status, code, message, { ...extra, escalation: body.output.escalation });
};
