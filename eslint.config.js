import tseslint from 'typescript-eslint';
import moduleBoundaries from './scripts/eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['dist/**', 'generated/**', 'node_modules/**', 'test/**/fixtures/**', 'examples/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { meridian: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: {
      'meridian/module-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Library code never prints, exits, or reads the wall clock / randomness directly (STYLE.md).
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'library code never exits; return a result' },
        { object: 'Date', property: 'now', message: 'inject a clock' },
        { object: 'Math', property: 'random', message: 'inject an id/random source' },
      ],
    },
  },
);
