// Loads interop.proto for the grpc-js side of the interop tests.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));

const definition = protoLoader.loadSync(path.join(here, 'interop.proto'), {
  keepCase: false,
  longs: Number,
  defaults: true,
});

export const proto = grpc.loadPackageDefinition(definition).voiceagent.interop;
export { grpc };

export const MiB = 1024 * 1024;

/** Resolves after `ms`, or rejects with 'cancelled' once `call` is cancelled. */
export function delay(ms, call) {
  return new Promise((resolve, reject) => {
    if (call.cancelled) {
      reject(new Error('cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      call.off('cancelled', onCancelled);
      resolve();
    }, ms);
    function onCancelled() {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    }
    call.once('cancelled', onCancelled);
  });
}
