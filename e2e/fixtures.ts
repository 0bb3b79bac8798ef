import { test as base, expect } from '@playwright/test';

/**
 * Every journey imports `test` and `expect` from here, so cross-cutting set-up (signing in,
 * once access control lands) lives in one place.
 */
export const test = base;
export { expect };
