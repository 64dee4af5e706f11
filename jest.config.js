/** @type {import('ts-jest').JestConfigWithTsJest} */
export default {
  clearMocks: true,
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  globalSetup: '<rootDir>/__fixtures__/global-setup.ts',
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/dist/', '/node_modules/', '/.tools/'],
  modulePathIgnorePatterns: ['<rootDir>/.tools/', '<rootDir>/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }]
  },
  testTimeout: 120000,
  verbose: false
}
