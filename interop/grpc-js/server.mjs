// A grpc-js server for VoiceAgent.Grpc's client. Prints {"port":N} once listening, then one JSON line per
// event it observes (a call cancelled by the client or by its deadline). Stops when stdin closes.
import { grpc, proto, delay } from './common.mjs';

function report(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function watchCancellation(call, method, tag) {
  call.on('cancelled', () => report({ event: 'cancelled', method, tag }));
}

function deadlineRemainingMs(call) {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : -1;
}

function responseFor(request, call, index) {
  const payload = request.responseSize > 0 ? Buffer.alloc(request.responseSize, 7) : request.payload;
  return { payload, tag: request.tag, index, deadlineRemainingMs: deadlineRemainingMs(call) };
}

function echoMetadata(call) {
  const initial = call.metadata.get('x-echo-initial');
  if (initial.length > 0) {
    const headers = new grpc.Metadata();
    headers.set('x-echo-initial', initial[0]);
    call.sendMetadata(headers);
  }
  const trailers = new grpc.Metadata();
  const trailing = call.metadata.get('x-echo-trailing-bin');
  if (trailing.length > 0) {
    trailers.set('x-echo-trailing-bin', trailing[0]);
  }
  return trailers;
}

function statusError(request, trailers) {
  return { code: request.statusCode, details: request.statusMessage, metadata: trailers };
}

const service = {
  async unary(call, callback) {
    const request = call.request;
    watchCancellation(call, 'Unary', request.tag);
    const trailers = echoMetadata(call);
    try {
      if (request.delayMs > 0) {
        await delay(request.delayMs, call);
      }
    } catch {
      return;
    }
    if (request.statusCode !== 0) {
      callback(statusError(request, trailers));
      return;
    }
    callback(null, responseFor(request, call, 0), trailers);
  },

  async serverStream(call) {
    const request = call.request;
    watchCancellation(call, 'ServerStream', request.tag);
    const trailers = echoMetadata(call);
    try {
      for (let i = 0; i < request.responseCount; i++) {
        if (request.delayMs > 0) {
          await delay(request.delayMs, call);
        }
        call.write(responseFor(request, call, i));
      }
    } catch {
      return;
    }
    if (request.statusCode !== 0) {
      call.emit('error', statusError(request, trailers));
      return;
    }
    call.end(trailers);
  },

  clientStream(call, callback) {
    watchCancellation(call, 'ClientStream', '');
    const trailers = echoMetadata(call);
    const payloads = [];
    const tags = [];
    call.on('data', (request) => {
      payloads.push(request.payload);
      tags.push(request.tag);
    });
    call.on('end', () => {
      callback(null, { payload: Buffer.concat(payloads), tag: tags.join(','), index: payloads.length, deadlineRemainingMs: deadlineRemainingMs(call) }, trailers);
    });
    call.on('error', () => {});
  },

  bidi(call) {
    watchCancellation(call, 'Bidi', '');
    const trailers = echoMetadata(call);
    let index = 0;
    let chain = Promise.resolve();
    let failed = false;
    call.on('data', (request) => {
      chain = chain.then(async () => {
        if (failed) {
          return;
        }
        if (request.delayMs > 0) {
          await delay(request.delayMs, call);
        }
        if (request.statusCode !== 0) {
          failed = true;
          call.emit('error', statusError(request, trailers));
          return;
        }
        call.write(responseFor(request, call, index++));
      }).catch(() => { failed = true; });
    });
    call.on('end', () => {
      chain.then(() => {
        if (!failed) {
          call.end(trailers);
        }
      });
    });
    call.on('error', () => {});
  },
};

const server = new grpc.Server();
server.addService(proto.InteropService.service, service);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`bind failed: ${error.message}\n`);
    process.exit(1);
  }
  report({ port });
});

process.stdin.resume();
process.stdin.on('end', () => server.tryShutdown(() => process.exit(0)));
process.on('SIGTERM', () => {
  server.forceShutdown();
  process.exit(0);
});
