/** Tests transpile with swc (no type-check): `npm test` runs tsc once before jest. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // The end-to-end and real-tool tests start processes; keep workers within a 2-core machine.
  maxWorkers: 2,
  testTimeout: 120000,
  // expect(text).toMatchCommittedFile(file): the committed dist/ is the snapshot of a render.
  setupFilesAfterEnv: ['<rootDir>/test/support/committed-files.ts'],
  // Stops at once, naming the Debian package, when a program the tests run is missing
  // (`npm test` runs the same check before the type-check).
  globalSetup: '<rootDir>/scripts/check-test-tools.cjs',
};
