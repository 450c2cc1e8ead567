// Layers point one way: shared/ is pure; addin/ and server/ use shared/ but never each other;
// only addin/excel/ touches Office.js, only server/workbook/ imports exceljs.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'test/shims/**', 'bench/out/**', '.stryker-tmp/**', 'reports/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['express', 'exceljs', 'better-sqlite3', 'pino', ...nodeBuiltins], message: 'shared/ is pure TypeScript: no I/O, Express or exceljs.' },
            { group: ['**/addin/**', '**/server/**'], message: 'shared/ is imported by addin/ and server/, never the other way.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Office', 'Excel', 'document', 'window'],
    },
  },
  {
    files: ['addin/**/*.ts'],
    ignores: ['addin/excel/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', 'exceljs', 'express'], message: 'addin/ uses shared/, never server/.' }, { group: ['**/excel/office-*', '@microsoft/office-js'], message: 'Only addin/excel/ calls Office.js.' }] }],
      'no-restricted-globals': ['error', { name: 'Excel', message: 'Only addin/excel/ calls Office.js.' }],
    },
  },
  {
    files: ['addin/excel/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', 'exceljs', 'express'], message: 'addin/ uses shared/, never server/.' }] }],
    },
  },
  {
    // The task pane's webviews (EdgeHTML, Safari before 16.4) cannot parse regex lookbehind
    // (ES2018): one such pattern in code the pane bundles stops the whole pane loading.
    files: ['shared/**/*.ts', 'addin/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'Literal[regex.pattern=/\\(\\?<[=!]/]', message: 'No regex lookbehind in code the task pane runs: EdgeHTML and Safari before 16.4 cannot parse it. Capture the character before and put it back in a replacer.' }],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/workbook/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/addin/**'], message: 'server/ uses shared/, never addin/.' }, { group: ['exceljs'], message: 'Only server/workbook/ imports exceljs.' }] }],
    },
  },
);
