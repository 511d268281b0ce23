// Lint for web/: TypeScript's recommended rules and React's rules of hooks (a hook's dependencies named in full,
// or the reason not said beside it). `npm run lint`, run by make test (ctest web_lint_test).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['e2e/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly',
      fetch: 'readonly', setTimeout: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly',
      localStorage: 'readonly', performance: 'readonly', MutationObserver: 'readonly', DataTransfer: 'readonly',
      File: 'readonly', DragEvent: 'readonly', location: 'readonly' } },
  },
);
