/**
 * The failure converter of every worker, client and replay (loaded by path, also inside the workflow
 * sandbox). `encodeCommonAttributes` moves failure messages and stack traces into an encoded payload, so
 * the payload codec encrypts them like any other case data: no domain error text reaches history in clear.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
