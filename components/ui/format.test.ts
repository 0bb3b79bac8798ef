import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, toDateTimeLocal } from './format';

describe('formatBytes', () => {
  it('uses binary units with three significant figures', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1_268_000)).toBe('1.21 MiB');
    expect(formatBytes(41_231_686_042)).toBe('38.4 GiB');
    expect(formatBytes(270_553_174_016)).toBe('252 GiB');
  });
  it('says nothing is known rather than 0', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
  });
});

describe('toDateTimeLocal', () => {
  it('writes the moment in the browser zone, to the second, as datetime-local reads it', () => {
    const ms = new Date(2026, 2, 29, 3, 4, 5).getTime(); // local fields, on a DST-change date in Europe
    expect(toDateTimeLocal(ms)).toBe('2026-03-29T03:04:05');
    expect(new Date(toDateTimeLocal(ms)).getTime()).toBe(ms);
  });
});

describe('formatAge', () => {
  it('says an age in seconds, then minutes, then hours, with its unit', () => {
    expect(formatAge(0)).toBe('0 s');
    expect(formatAge(12_400)).toBe('12 s');
    expect(formatAge(59_400)).toBe('59 s');
    expect(formatAge(61_000)).toBe('1 min');
    expect(formatAge(3_600_000)).toBe('1 h');
    expect(formatAge(-50)).toBe('0 s');
  });
});
