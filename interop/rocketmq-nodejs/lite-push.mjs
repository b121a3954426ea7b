// LitePushConsumers subscribe and unsubscribe lite topics at runtime: each receives exactly the lite topics it
// holds, and a second consumer of the group takes over a lite topic the first one gave up.
import { ConsumeResult, LitePushConsumerBuilder, Producer } from 'rocketmq-client-nodejs';
import { check, clientOptions, liteBacklog, sameList, scenario, step, waitFor } from './lib.mjs';

function recorder() {
  const byLiteTopic = new Map();
  return {
    byLiteTopic,
    listener: {
      consume(message) {
        check(message.liteTopic, 'a lite message names its lite topic');
        const list = byLiteTopic.get(message.liteTopic) ?? [];
        list.push(message.body.toString());
        byLiteTopic.set(message.liteTopic, list);
        return ConsumeResult.SUCCESS;
      },
    },
    count(liteTopic) {
      return byLiteTopic.get(liteTopic)?.length ?? 0;
    },
  };
}

async function consumerFor(record) {
  return new LitePushConsumerBuilder()
    .setClientConfiguration(clientOptions())
    .setConsumerGroup('gateways')
    .bindTopic('downlink')
    .setMessageListener(record.listener)
    .build();
}

await scenario('lite-push', async () => {
  step('starting the producer');
  const producer = new Producer(clientOptions({ topics: [ 'downlink' ] }));
  await producer.startup();
  const send = (liteTopic, body) => producer.send({ topic: 'downlink', body: Buffer.from(body), liteTopic });

  step('starting the first lite consumer');
  const first = recorder();
  const a = await consumerFor(first);
  await a.subscribeLite('s1');
  await a.subscribeLite('s2');

  step('sending to s1, s2, s3');
  for (let i = 0; i < 3; i++) {
    await send('s1', `s1-${i}`);
    await send('s2', `s2-${i}`);
    await send('s3', `s3-${i}`);
  }

  await waitFor(() => first.count('s1') === 3 && first.count('s2') === 3, 30000, 's1 and s2 at the first consumer');
  sameList(first.byLiteTopic.get('s1'), [ 's1-0', 's1-1', 's1-2' ], 's1 order');
  sameList(first.byLiteTopic.get('s2'), [ 's2-0', 's2-1', 's2-2' ], 's2 order');
  check(first.count('s3') === 0, 'nothing of s3, which nobody holds');
  check(await liteBacklog('downlink', 's3') === 3, 's3 keeps its three messages');

  // Subscribing at runtime delivers what the lite topic holds.
  step('subscribing s3 at runtime');
  await a.subscribeLite('s3');
  await waitFor(() => first.count('s3') === 3, 30000, 's3 after subscribing it');

  // Unsubscribing at runtime stops delivery; the messages stay for the next subscriber of the group.
  step('unsubscribing s2');
  await a.unsubscribeLite('s2');
  check(!a.getLiteTopicSet().has('s2'), 's2 left the local set');
  await send('s2', 's2-3');
  await send('s2', 's2-4');
  await send('s1', 's1-3');
  await waitFor(() => first.count('s1') === 4, 30000, 's1 keeps flowing');
  await waitFor(async () => await liteBacklog('downlink', 's2') === 2, 30000, 's2 backlog of two');
  check(first.count('s2') === 3, 'the first consumer got nothing more of s2');

  step('starting the second lite consumer');
  const second = recorder();
  const b = await consumerFor(second);
  await b.subscribeLite('s2');
  await waitFor(() => second.count('s2') === 2, 30000, 'the second consumer takes over s2');
  sameList(second.byLiteTopic.get('s2'), [ 's2-3', 's2-4' ], 'remaining s2 messages in order');
  check(second.count('s1') === 0 && second.count('s3') === 0, 'the second consumer holds only s2');

  step('shutting down');
  await b.close();
  await a.close();
  await producer.shutdown();
  return {
    first: Object.fromEntries(first.byLiteTopic),
    second: Object.fromEntries(second.byLiteTopic),
  };
}, 120000);
