/**
 * Demo topics: each carries one format a user meets in real clusters, with the seed's example
 * entities (a car's GPS position, a room's temperature, a patient's blood pressure, an
 * application's RAM use). Pure generators: run-demo-data.ts produces them on a timer.
 */
export interface DemoRecord {
  key: string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
}

export interface DemoTopic {
  topic: string;
  format: string;
  partitions: number;
  /** Messages per second (modest: the demo must not drown a laptop). */
  rate: number;
  make: (n: number, now: Date) => DemoRecord;
}

const cars = ['car-1', 'car-2', 'car-3'];
const rooms = ['lab', 'office', 'server-room', 'lobby'];
const patients = ['patient-7', 'patient-12', 'patient-31'];
const apps = ['checkout', 'search', 'billing'];

const wave = (n: number, period: number, amp: number, base: number) => base + amp * Math.sin((2 * Math.PI * n) / period);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export const demoTopics: DemoTopic[] = [
  {
    topic: 'demo.car-gps.json',
    format: 'JSON objects',
    partitions: 3,
    rate: 2,
    make: (n, now) => {
      const car = cars[n % cars.length]!;
      const i = cars.indexOf(car);
      const t = n / 40;
      return {
        key: car,
        value: JSON.stringify({ car, lat: round(52.37 + 0.01 * Math.sin(t + i), 5), lon: round(4.89 + 0.01 * Math.cos(t + i), 5), speedKmh: round(wave(n, 30, 20, 45 + i * 5)), heading: (n * 7 + i * 90) % 360, at: now.toISOString() }),
        headers: { source: 'gps-tracker', schema: 'car-position/v1' },
      };
    },
  },
  {
    topic: 'demo.room-temperature.number',
    format: 'numbers',
    partitions: 2,
    rate: 1,
    make: (n) => {
      const room = rooms[n % rooms.length]!;
      return { key: room, value: String(round(wave(n, 60, room === 'server-room' ? 8 : 2, room === 'server-room' ? 27 : 21))) };
    },
  },
  {
    topic: 'demo.room-readings.json-list',
    format: 'JSON lists',
    partitions: 1,
    rate: 0.2,
    make: (n, now) => ({
      key: 'building-a',
      value: JSON.stringify(rooms.map((room, i) => ({ room, temperature: round(wave(n + i * 5, 12, 3, 21)), at: now.toISOString() }))),
    }),
  },
  {
    topic: 'demo.patient-bp.xml',
    format: 'XML',
    partitions: 1,
    rate: 0.5,
    make: (n, now) => {
      const patient = patients[n % patients.length]!;
      const sys = Math.round(wave(n, 20, 12, 122));
      const dia = Math.round(wave(n, 20, 7, 80));
      return { key: patient, value: `<?xml version="1.0"?><bloodPressure patient="${patient}" unit="mmHg"><systolic>${sys}</systolic><diastolic>${dia}</diastolic><measuredAt>${now.toISOString()}</measuredAt></bloodPressure>`, headers: { 'content-type': 'application/xml' } };
    },
  },
  {
    topic: 'demo.patient-visits.date',
    format: 'dates',
    partitions: 1,
    rate: 0.2,
    make: (n, now) => ({ key: patients[n % patients.length]!, value: new Date(now.getTime() + (n % 14) * 86_400_000).toISOString() }),
  },
  {
    topic: 'demo.app-ram.kv',
    format: 'key-value text',
    partitions: 1,
    rate: 1,
    make: (n) => {
      const app = apps[n % apps.length]!;
      return { key: app, value: `app=${app} host=web-${(n % 2) + 1} ram_mb=${Math.round(wave(n, 50, 120, 512))} heap_mb=${Math.round(wave(n, 50, 60, 300))} gc_pauses=${n % 4}` };
    },
  },
  {
    topic: 'demo.app-ram.bytes',
    format: 'raw bytes',
    partitions: 1,
    rate: 0.5,
    make: (n, now) => {
      // a fixed binary layout: magic "RAM1", uint8 app index, uint64 bytes used, float64 load, int64 epoch ms
      const b = Buffer.alloc(4 + 1 + 8 + 8 + 8);
      b.write('RAM1', 0, 'latin1');
      b.writeUInt8(n % apps.length, 4);
      b.writeBigUInt64BE(BigInt(Math.round(wave(n, 50, 120, 512)) * 1024 * 1024), 5);
      b.writeDoubleBE(round(wave(n, 10, 0.3, 0.5), 3), 13);
      b.writeBigInt64BE(BigInt(now.getTime()), 21);
      return { key: apps[n % apps.length]!, value: b, headers: { layout: 'magic:4 app:u8 bytes:u64 load:f64 at:i64' } };
    },
  },
  {
    topic: 'demo.events.text',
    format: 'plain text',
    partitions: 1,
    rate: 0.5,
    make: (n) => {
      const lines = [
        `${cars[n % 3]} entered zone ${'ABC'[n % 3]}`,
        `room ${rooms[n % 4]} thermostat set to ${20 + (n % 3)} °C`,
        `${patients[n % 3]} checked in at ward ${1 + (n % 5)}`,
        `${apps[n % 3]} restarted after a deploy`,
      ];
      return { key: null, value: lines[n % lines.length]! };
    },
  },
];
