// With access control on: the right keys work end to end, wrong ones are refused with UNAUTHORIZED.
import { Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { check, clientOptions, scenario, step, waitFor } from './lib.mjs';

await scenario('acl', async () => {
  step('starting the signed producer');
  const producer = new Producer(clientOptions({ topics: [ 'orders' ] }));
  await producer.startup();
  const receipt = await producer.send({ topic: 'orders', body: Buffer.from('signed') });

  step('starting the signed consumer');
  const consumer = new SimpleConsumer(clientOptions({ consumerGroup: 'signed-readers', subscriptions: new Map([[ 'orders', '*' ]]), awaitDuration: 2000 }));
  await consumer.startup();
  let got = null;
  await waitFor(async () => {
    for (const message of await consumer.receive(1, 15000)) {
      got = message;
      await consumer.ack(message);
    }
    return got !== null;
  }, 30000, 'the signed message');
  check(got.messageId === receipt.messageId, 'the consumer got what the producer sent');
  await consumer.shutdown();
  await producer.shutdown();

  step('starting a producer with a wrong secret');
  const intruder = new Producer(clientOptions({
    topics: [ 'orders' ],
    sessionCredentials: { accessKey: process.env.BROKER_ACCESS_KEY, accessSecret: 'wrong-secret' },
  }));
  let refusal = null;
  try {
    await intruder.startup();
  } catch (error) {
    refusal = error;
  }
  check(refusal, 'a client with a wrong secret cannot start');
  const cause = refusal.cause?.cause ?? refusal.cause ?? refusal;
  check(cause.code === 40100 || /Unauthorized/i.test(String(cause)), `refused as unauthorized, got ${cause}`);

  return { signedMessageId: got.messageId, refusedWith: cause.code ?? String(cause) };
});
