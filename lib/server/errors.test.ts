import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromZodError } from './errors';

describe('fromZodError', () => {
  it('names the field and the reason', () => {
    const r = z.object({ partitions: z.number().int().min(1) }).safeParse({ partitions: 0 });
    const err = fromZodError(r.error!);
    expect(err.status).toBe(400);
    expect(err.field).toBe('partitions');
    expect(err.message).toMatch(/^partitions: /);
  });
});
