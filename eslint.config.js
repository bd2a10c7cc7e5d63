import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist.*/', 'runs/', 'bench/results/', 'ui/dist/', '**/*.wasm', 'src/nn/wasm/gemm.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', performance: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', document: 'readonly', window: 'readonly', fetch: 'readonly' } },
    rules: {
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded Rng from src/core/rng.ts.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The labeling page runs in the browser.
    files: ['ui/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { location: 'readonly', localStorage: 'readonly', requestAnimationFrame: 'readonly', URLSearchParams: 'readonly', Date: 'readonly' } },
  },
  {
    // The learner is blind to the true reward: agents and reward models may not open the sealed channel.
    files: ['src/agents/**', 'src/rewards/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [], patterns: [{ group: ['**/core/sealed.js'], importNames: ['unseal'], message: 'Learner code must not read the hidden reward (unseal is evaluation-only).' }] }],
    },
  },
);
