import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    // The passphrase of every test database, for the CLI processes tests start (test/helpers/core.ts
    // sets the same); new test databases use scrypt's test-only fast parameters, asked for explicitly.
    env: { CASEBOOK_PASSPHRASE: 'test passphrase: correct horse battery staple', CASEBOOK_TEST_FAST_KDF: '1' },
  },
});
