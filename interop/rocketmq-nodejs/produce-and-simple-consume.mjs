// A producer sends normal, FIFO and lite messages; a SimpleConsumer receives, changes an invisible time and acks.
import { Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { check, clientOptions, sameList, scenario, step, waitFor } from './lib.mjs';

await scenario('produce-and-simple-consume', async () => {
  step('starting the producer');
  const producer = new Producer(clientOptions({ topics: [ 'orders', 'uplink', 'downlink' ] }));
  await producer.startup();
  step('sending');

  const sent = [];
  for (let i = 0; i < 5; i++) {
    const receipt = await producer.send({
      topic: 'orders',
      body: Buffer.from(`order-${i}`),
      tag: 'created',
      keys: [ `key-${i}` ],
      properties: new Map([[ 'index', String(i) ]]),
    });
    check(receipt.messageId, 'a normal send returns a message id');
    sent.push(receipt.messageId);
  }
  // Tagged otherwise: the consumer's TAG filter leaves it out.
  await producer.send({ topic: 'orders', body: Buffer.from('audit'), tag: 'audited' });
  for (let i = 0; i < 3; i++) {
    const receipt = await producer.send({ topic: 'uplink', body: Buffer.from(`frame-${i}`), messageGroup: 'session-1' });
    check(receipt.messageId, 'a FIFO send returns a message id');
  }
  const lite = await producer.send({ topic: 'downlink', body: Buffer.from('delta'), liteTopic: 'session-1' });
  check(lite.messageId, 'a lite send returns a message id');

  let refused = null;
  try {
    await producer.send({ topic: 'orders', body: Buffer.from('x'), liteTopic: 'session-1' });
  } catch (error) {
    refused = error;
  }
  check(refused, 'a lite message to a NORMAL topic is refused');

  step('starting the simple consumer');
  const consumer = new SimpleConsumer(clientOptions({
    consumerGroup: 'simple-readers',
    subscriptions: new Map([[ 'orders', 'created' ]]),
    awaitDuration: 2000,
  }));
  await consumer.startup();

  step('receiving');
  const received = new Map();
  let postponed = null;
  await waitFor(async () => {
    for (const message of await consumer.receive(16, 15000)) {
      check(!message.corrupted, 'the body digest matches');
      check(message.tag === 'created', 'the tag survives');
      check(message.keys[0] === `key-${message.properties.get('index')}`, 'keys and properties survive');
      if (!postponed) {
        postponed = message.messageId;
        await consumer.changeInvisibleDuration(message, 500);
        continue;
      }
      received.set(message.messageId, message);
      check(message.deliveryAttempt === (message.messageId === postponed ? 2 : 1), 'the delivery attempt counts redeliveries');
      await consumer.ack(message);
    }
    return received.size === 5;
  }, 30000, 'five normal messages, one of them redelivered');

  sameList([ ...received.keys() ].sort(), [ ...sent ].sort(), 'received message ids');
  const empty = await consumer.receive(16, 15000);
  check(empty.length === 0, 'acked messages are not delivered again');

  step('shutting down');
  await consumer.shutdown();
  await producer.shutdown();
  return { sent: sent.length, received: received.size, redelivered: postponed };
});
