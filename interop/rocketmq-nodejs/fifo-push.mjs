// A FIFO PushConsumer keeps the order within each of many message groups, a failed attempt included.
import { ConsumeResult, Producer, PushConsumer } from 'rocketmq-client-nodejs';
import { check, clientOptions, sameList, scenario, step, waitFor } from './lib.mjs';

const groups = 40;
const perGroup = 6;

await scenario('fifo-push', async () => {
  step('starting the producer');
  const producer = new Producer(clientOptions({ topics: [ 'uplink' ] }));
  await producer.startup();

  const consumed = new Map();
  const failedOnce = new Set();
  let failures = 0;
  step('starting the FIFO push consumer');
  const consumer = new PushConsumer(clientOptions({
    consumerGroup: 'processors',
    subscriptions: new Map([[ 'uplink', '*' ]]),
    messageListener: {
      async consume(message) {
        const [ group, seq ] = message.body.toString().split(':');
        // The third message of every group fails once: the client retries it before anything after it.
        if (seq === '2' && !failedOnce.has(group)) {
          failedOnce.add(group);
          failures++;
          return ConsumeResult.FAILURE;
        }
        await new Promise(resolve => setTimeout(resolve, Math.random() * 3));
        const list = consumed.get(group) ?? [];
        list.push(Number(seq));
        consumed.set(group, list);
        return ConsumeResult.SUCCESS;
      },
    },
  }));
  await consumer.startup();

  step('sending');
  for (let seq = 0; seq < perGroup; seq++) {
    const sends = [];
    for (let g = 0; g < groups; g++) {
      sends.push(producer.send({ topic: 'uplink', body: Buffer.from(`g${g}:${seq}`), messageGroup: `g${g}` }));
    }
    await Promise.all(sends);
  }

  step('waiting for every message');
  const total = () => [ ...consumed.entries() ].filter(([ group ]) => /^g\d+$/.test(group)).reduce((sum, [ , list ]) => sum + list.length, 0);
  await waitFor(() => total() >= groups * perGroup, 60000, `${groups * perGroup} FIFO messages`);

  const expected = [ ...Array(perGroup).keys() ];
  if (process.env.INTEROP_DUMP) console.error(JSON.stringify(Object.fromEntries(consumed)));
  for (let g = 0; g < groups; g++) {
    sameList(consumed.get(`g${g}`), expected, `order of message group g${g}`);
  }
  check(failures === groups, 'every group failed exactly once');

  step('shutting down');
  await consumer.shutdown();
  await producer.shutdown();
  return { groups, perGroup, consumed: total(), failures };
}, 120000);
