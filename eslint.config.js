// Lint runs inside the test command (STYLE.md 13). Layering rules live here so a core file that
// imports Node, a driver or SIP code fails the build instead of a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'net', 'dgram', 'os', 'path', 'child_process'], message: 'src/core imports xstate only (DESIGN.md)' },
          { group: ['**/hal/**', '**/sip/**', '**/media/**', '**/config/**', '**/control/**', '**/cli/**', '**/panel/**', '**/boards/**'], message: 'src/core imports xstate only (DESIGN.md)' },
        ],
      }],
    },
  },
  {
    files: ['hal/**/*.ts'],
    ignores: ['hal/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/src/**', '**/boards/**'], message: 'hal/ must not import from src/ or boards/ (DESIGN.md)' }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/core/**', '**/config/**', '**/hal/**', '**/boards/**', '**/panel/**', '**/sip/**', '**/media/**'], message: 'src/cli talks to the control socket only (DESIGN.md)' }],
      }],
    },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
