/**
 * The test server's users and tokens (hashed in test/fixtures/auth.yaml), shared by the
 * integration tests (test/helpers/api.ts) and the browser journeys (e2e/fixtures.ts).
 * Test-only secrets: they sign in to nothing but a test server.
 */
export type TestRole = 'viewer' | 'operator' | 'admin';
/** Who a test calls the console as; 'none' sends no credentials. */
export type TestCaller = TestRole | 'none';

export const TEST_USERS: Record<TestRole, { name: string; password: string; token: string; tokenName: string }> = {
  viewer: { name: 'test-viewer-user', password: 'riffle-test-viewer-password', token: 'rfl_test_viewer_token_0123456789abcdef', tokenName: 'token:test-viewer' },
  operator: { name: 'test-operator-user', password: 'riffle-test-operator-password', token: 'rfl_test_operator_token_0123456789abcdef', tokenName: 'token:test-operator' },
  admin: { name: 'test-admin-user', password: 'riffle-test-admin-password', token: 'rfl_test_admin_token_0123456789abcdef', tokenName: 'token:test-admin' },
};

export const TEST_ROLES: TestRole[] = ['viewer', 'operator', 'admin'];
