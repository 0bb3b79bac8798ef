import { ProduceAcks, Producer, stringSerializers, type BaseOptions } from '@platformatic/kafka';
import { STATUS_INTERVAL_MS, statusKey, type ProcessStatus } from './control';

export interface StatusSource {
  role: ProcessStatus['role'];
  instance: string;
  snapshot(): { state: string; counters: Record<string, number>; rateCounter: string; detail?: ProcessStatus['detail'] };
}

/** Publishes each registered component's status to the control topic once a second. */
export class StatusReporter {
  private producer: Producer<string, string, string, string> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly sources: StatusSource[] = [];
  private readonly lastCount = new Map<string, { n: number; t: number }>();
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly client: BaseOptions,
    private readonly topic: string,
  ) {}

  add(source: StatusSource): void {
    this.sources.push(source);
  }

  async start(): Promise<void> {
    this.producer = new Producer({ ...this.client, clientId: `${this.client.clientId}-status`, idempotent: true, acks: ProduceAcks.ALL, serializers: stringSerializers });
    this.timer = setInterval(() => void this.publish().catch(() => {}), STATUS_INTERVAL_MS);
  }

  async publish(final?: string): Promise<void> {
    if (!this.producer) return;
    const now = Date.now();
    const messages = this.sources.map((s) => {
      const snap = s.snapshot();
      const id = `${s.role}:${s.instance}`;
      const n = snap.counters[snap.rateCounter] ?? 0;
      const prev = this.lastCount.get(id);
      const rate = prev && now > prev.t ? Math.max(0, ((n - prev.n) * 1000) / (now - prev.t)) : 0;
      this.lastCount.set(id, { n, t: now });
      const status: ProcessStatus = {
        role: s.role,
        instance: s.instance,
        state: final ?? snap.state,
        counters: snap.counters,
        rate: Math.round(rate * 10) / 10,
        detail: snap.detail ?? {},
        startedAt: this.startedAt,
        updatedAt: new Date(now).toISOString(),
      };
      return { topic: this.topic, key: statusKey(s.role, s.instance), value: JSON.stringify(status) };
    });
    if (messages.length) await this.producer.send({ messages });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.publish('stopped').catch(() => {});
    await this.producer?.close().catch(() => {});
  }
}
