// Lint, including the layer boundaries (house-style §0.7): the engine is pure, the host
// never imports Electron, the renderer never sees Electron or Node, shared/ is contract only.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]

const restrict = (paths, patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({
        name,
        message: 'Layer boundary: not allowed in this folder.',
      })),
      patterns: patterns.map((group) => ({
        group: [group],
        message: 'Layer boundary: not allowed in this folder.',
      })),
    },
  ],
})

const impure = [
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: 'Engine is pure: use the input replay time, not Date.now().',
  },
  {
    selector: "NewExpression[callee.name='Date']",
    message: 'Engine is pure: no Date objects; time comes from inputs.',
  },
  {
    selector: "MemberExpression[object.name='Math'][property.name='random']",
    message: 'Engine is deterministic: no Math.random().',
  },
  {
    selector:
      'CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate|queueMicrotask|fetch|require)$/]',
    message: 'Engine is pure: no timers, I/O or require.',
  },
  {
    selector: 'Identifier[name=/^(performance|process|window|document|globalThis)$/]',
    message: 'Engine is pure: no host globals.',
  },
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, sourceType: 'module' },
    },
  },
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        window: 'readonly',
        document: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        WebSocket: 'readonly',
        HTMLElement: 'readonly',
        HTMLDivElement: 'readonly',
        KeyboardEvent: 'readonly',
        MouseEvent: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        structuredClone: 'readonly',
        localStorage: 'readonly',
      },
    },
    rules: {
      // TypeScript checks undefined names itself (typescript-eslint's advice for TS and Vue).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'vue/multi-word-component-names': 'off',
      // Formatting is Prettier's job (checked separately by `npm run format:check`).
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: {
      ...restrict(
        ['electron', 'vue', 'pinia', 'ws', ...nodeBuiltins],
        ['**/host/**', '**/main/**', '**/preload/**', '**/renderer/**', 'electron/*'],
      ),
      'no-restricted-syntax': ['error', ...impure],
    },
  },
  {
    files: ['electron/host/**/*.ts'],
    // The engine's index is the only door: no deep imports into electron/engine/*.
    rules: restrict(
      ['electron'],
      ['**/main/**', '**/preload/**', '**/renderer/**', 'electron/*', '**/engine/*'],
    ),
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      ['electron', 'vue', 'pinia', 'ws', ...nodeBuiltins],
      ['**/electron/**', '**/renderer/**', '../electron/*'],
    ),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      ...restrict(['electron', 'ws', ...nodeBuiltins], ['**/electron/**', 'electron/*']),
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='perpdojo']",
          message: 'Only services/client.ts talks to the transport.',
        },
      ],
    },
  },
  {
    files: ['renderer/src/services/client.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict([...nodeBuiltins], ['**/host/**', '**/engine/**', '**/renderer/**']),
  },
)
