import { ProduceAcks, Producer } from '@platformatic/kafka';
import { dueNow, stampValue } from './stamps';

/**
 * Produces stamped messages (`{"n","ts"}`, see stamps.ts) at a steady rate for `seconds`: every
 * few ms it sends what is due by then, each value stamped just before the send, so a slow send
 * is caught up at once rather than drifting the rate. Resolves with how many it sent.
 */
export async function producePaced(producer: Producer<Buffer, Buffer, Buffer, Buffer>, topic: string, rate: number, seconds: number, startAt = 0): Promise<number> {
  const tickMs = 5;
  const started = performance.now();
  const end = started + seconds * 1000;
  let sent = 0;
  while (performance.now() < end) {
    const due = dueNow(rate, performance.now() - started, sent);
    if (due > 0) {
      const messages = Array.from({ length: due }, (_, k) => ({ topic, value: Buffer.from(stampValue(startAt + sent + k)) }));
      await producer.send({ messages });
      sent += due;
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  return sent;
}

/** A producer for the benches (acks=all, as the console's): close it when done. */
export function benchProducer(brokers: string, clientId = 'riffle-bench', idempotent = false): Producer<Buffer, Buffer, Buffer, Buffer> {
  return new Producer({ clientId, bootstrapBrokers: brokers.split(','), acks: ProduceAcks.ALL, idempotent });
}
