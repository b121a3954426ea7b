// A grpc-js client for VoiceAgent.Grpc's server: node client.mjs --port N [--case NAME].
// Prints one JSON line per case ({"case","ok","detail"}) and exits with 0 only when every case passed.
import assert from 'node:assert/strict';
import { grpc, proto, MiB } from './common.mjs';

const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1]);
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : null;
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: node client.mjs --port N [--case NAME]\n');
  process.exit(2);
}

const client = new proto.InteropService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
const NonAscii = 'Fehlgeschlagen: ünïcödé 语音 100% done\t(tab)';

function unary(request, { metadata = new grpc.Metadata(), deadlineMs, method = 'unary' } = {}) {
  return new Promise((resolve) => {
    const options = deadlineMs ? { deadline: Date.now() + deadlineMs } : {};
    const result = { headers: null };
    const call = client[method](request, metadata, options, (error, response) => {
      result.error = error;
      result.response = response;
    });
    call.on('metadata', (headers) => { result.headers = headers; });
    call.on('status', (status) => {
      result.status = status;
      setImmediate(() => resolve(result));
    });
  });
}

function readAll(call) {
  return new Promise((resolve) => {
    const messages = [];
    const result = { messages };
    call.on('data', (message) => messages.push(message));
    call.on('metadata', (headers) => { result.headers = headers; });
    call.on('error', (error) => { result.error = error; });
    call.on('status', (status) => {
      result.status = status;
      setImmediate(() => resolve(result));
    });
  });
}

function expectCode(result, code) {
  const actual = result.status?.code;
  assert.equal(actual, code, `expected status ${code}, got ${actual} (${result.status?.details})`);
}

const cases = {
  async unary() {
    const result = await unary({ payload: Buffer.from('hello'), tag: 'unary' });
    expectCode(result, grpc.status.OK);
    assert.equal(result.response.payload.toString(), 'hello');
    assert.equal(result.response.tag, 'unary');
    assert.equal(Number(result.response.deadlineRemainingMs), -1, 'no deadline was set');
  },

  async metadata() {
    const metadata = new grpc.Metadata();
    metadata.set('x-echo-initial', 'initial value');
    metadata.set('x-echo-trailing-bin', Buffer.from([0, 1, 2, 0xfe, 0xff]));
    const result = await unary({ payload: Buffer.from('m'), tag: 'metadata' }, { metadata });
    expectCode(result, grpc.status.OK);
    assert.deepEqual(result.headers.get('x-echo-initial'), ['initial value']);
    assert.deepEqual(result.status.metadata.get('x-echo-trailing-bin'), [Buffer.from([0, 1, 2, 0xfe, 0xff])]);
  },

  async 'status-non-ascii'() {
    const metadata = new grpc.Metadata();
    metadata.set('x-echo-trailing-bin', Buffer.from('trailer on error'));
    const result = await unary({ statusCode: grpc.status.FAILED_PRECONDITION, statusMessage: NonAscii, tag: 'status' }, { metadata });
    expectCode(result, grpc.status.FAILED_PRECONDITION);
    assert.equal(result.status.details, NonAscii);
    assert.deepEqual(result.status.metadata.get('x-echo-trailing-bin'), [Buffer.from('trailer on error')]);
  },

  async 'server-stream'() {
    const result = await readAll(client.serverStream({ responseCount: 5, responseSize: 100, tag: 'stream' }));
    expectCode(result, grpc.status.OK);
    assert.deepEqual(result.messages.map((m) => m.index), [0, 1, 2, 3, 4]);
    assert.ok(result.messages.every((m) => m.payload.length === 100));
  },

  async 'server-stream-error-after-messages'() {
    const result = await readAll(client.serverStream({ responseCount: 2, statusCode: grpc.status.ABORTED, statusMessage: 'stopped', tag: 'stream-error' }));
    expectCode(result, grpc.status.ABORTED);
    assert.equal(result.status.details, 'stopped');
    assert.equal(result.messages.length, 2);
  },

  async 'client-stream'() {
    const response = await new Promise((resolve, reject) => {
      const call = client.clientStream((error, message) => (error ? reject(error) : resolve(message)));
      for (const [payload, tag] of [['a', 'x'], ['bb', 'y'], ['ccc', 'z']]) {
        call.write({ payload: Buffer.from(payload), tag });
      }
      call.end();
    });
    assert.equal(response.payload.toString(), 'abbccc');
    assert.equal(response.tag, 'x,y,z');
  },

  async bidi() {
    const call = client.bidi();
    const done = readAll(call);
    const received = [];
    for (let i = 0; i < 10; i++) {
      const next = new Promise((resolve) => call.once('data', resolve));
      call.write({ payload: Buffer.from(`ping ${i}`), tag: 'bidi' });
      received.push(await next);
    }
    call.end();
    const result = await done;
    expectCode(result, grpc.status.OK);
    assert.deepEqual(received.map((m) => m.payload.toString()), Array.from({ length: 10 }, (_, i) => `ping ${i}`));
  },

  async deadline() {
    // Connect first, so that the short deadline cannot pass before the call reaches the server on a loaded machine.
    expectCode(await unary({ tag: 'warm-up' }), grpc.status.OK);
    const started = Date.now();
    const result = await unary({ delayMs: 20000, tag: 'deadline' }, { deadlineMs: 1000 });
    expectCode(result, grpc.status.DEADLINE_EXCEEDED);
    assert.ok(Date.now() - started < 10000, 'the deadline ended the call in time');
  },

  async 'deadline-propagation'() {
    const result = await unary({ tag: 'deadline-propagation' }, { deadlineMs: 60000 });
    expectCode(result, grpc.status.OK);
    const remaining = Number(result.response.deadlineRemainingMs);
    assert.ok(remaining > 1000 && remaining <= 60000, `server saw ${remaining} ms left`);
  },

  async 'large-ok'() {
    const payload = Buffer.alloc(3 * MiB, 1);
    const result = await unary({ payload, responseSize: 3 * MiB, tag: 'large' });
    expectCode(result, grpc.status.OK);
    assert.equal(result.response.payload.length, 3 * MiB);
  },

  async 'large-request-rejected'() {
    const result = await unary({ payload: Buffer.alloc(5 * MiB, 1), tag: 'large-request' });
    expectCode(result, grpc.status.RESOURCE_EXHAUSTED);
  },

  async 'large-response-rejected'() {
    const result = await unary({ responseSize: 5 * MiB, tag: 'large-response' });
    expectCode(result, grpc.status.RESOURCE_EXHAUSTED);
  },

  async cancel() {
    const call = client.serverStream({ responseCount: 1000, delayMs: 50, tag: 'cancel' });
    const done = readAll(call);
    await new Promise((resolve) => call.once('data', resolve));
    call.cancel();
    const result = await done;
    expectCode(result, grpc.status.CANCELLED);
  },

  async unimplemented() {
    const result = await unary({ tag: 'unimplemented' }, { method: 'unimplemented' });
    expectCode(result, grpc.status.UNIMPLEMENTED);
  },

  async 'handler-exception'() {
    const result = await unary({ throwException: true, tag: 'throw' });
    expectCode(result, grpc.status.INTERNAL);
    assert.equal(result.status.details, 'Exception was thrown by handler.');
  },
};

let failures = 0;
const selected = only ? [only] : Object.keys(cases);
for (const name of selected) {
  const run = cases[name];
  if (!run) {
    process.stdout.write(JSON.stringify({ case: name, ok: false, detail: 'no such case' }) + '\n');
    failures++;
    continue;
  }
  try {
    await run();
    process.stdout.write(JSON.stringify({ case: name, ok: true }) + '\n');
  } catch (error) {
    failures++;
    process.stdout.write(JSON.stringify({ case: name, ok: false, detail: String(error?.message ?? error) }) + '\n');
  }
}

client.close();
process.exit(failures === 0 ? 0 : 1);
