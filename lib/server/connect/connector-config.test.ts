import { describe, expect, it } from 'vitest';
import { maskConfig, secretValues, withKeptSecrets } from './connector-config';

describe('connector secrets', () => {
  const secrets = new Set(['database.password']);
  const current = { 'connector.class': 'X', 'database.user': 'u', 'database.password': 'old-secret' };

  it('masks secret values as null and leaves the rest', () => {
    expect(maskConfig(current, secrets)).toEqual({ 'connector.class': 'X', 'database.user': 'u', 'database.password': null });
  });

  it('keeps a secret the edit left out, takes a new one, and clears one sent as ""', () => {
    expect(withKeptSecrets({ 'connector.class': 'X', 'database.user': 'v' }, current, secrets)).toEqual({ 'connector.class': 'X', 'database.user': 'v', 'database.password': 'old-secret' });
    expect(withKeptSecrets({ 'connector.class': 'X', 'database.password': 'new' }, current, secrets)['database.password']).toBe('new');
    expect(withKeptSecrets({ 'connector.class': 'X', 'database.password': '' }, current, secrets)).not.toHaveProperty('database.password');
  });

  it('lists the secret values to scrub from messages', () => {
    expect(secretValues(current, secrets)).toEqual(['old-secret']);
  });
});
