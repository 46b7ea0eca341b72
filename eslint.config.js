import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The direction of imports (../shared/STYLE.md): each package may import only the ones below it.
 * A forbidden import fails `npm run lint` (test/lint-boundaries.test.ts proves the rules fire).
 */
const OURS = ['data', 'stats', 'model', 'report', 'github', 'registry', 'cli', 'emulator', 'workflow-runner'];
const GITHUB_CLIENTS = ['@actions/*', '@octokit/*'];
const ALLOWED = {
  data: [],
  stats: ['data'],
  model: ['data', 'stats'],
  report: ['stats'],
  github: [],
  registry: ['github'],
  cli: ['data', 'stats', 'model', 'report', 'github', 'registry'],
  // Test and demo infrastructure: the emulator plays GitHub, the workflow runner GitHub's runner;
  // neither is the product, and the product never imports them.
  emulator: [],
  'workflow-runner': ['emulator'],
};
/** Only the GitHub adapter (and the actions' glue) talk to GitHub. */
const MAY_USE_GITHUB_CLIENTS = ['github', 'workflow-runner'];

const boundaries = Object.entries(ALLOWED).map(([name, allowed]) => ({
  files: [`packages/${name}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: OURS.filter((other) => other !== name && !allowed.includes(other)).map(
              (other) => `@mlops-actions/${other}`,
            ),
            message: `packages/${name} may import ${allowed.length > 0 ? `only ${allowed.map((a) => `@mlops-actions/${a}`).join(', ')}` : 'none of our packages'} (see ../shared/STYLE.md, "The direction of imports").`,
          },
          ...(MAY_USE_GITHUB_CLIENTS.includes(name)
            ? []
            : [
                {
                  group: GITHUB_CLIENTS,
                  message: `packages/${name} must not use GitHub clients: octokit and @actions/* live in packages/github and actions/.`,
                },
              ]),
          {
            group: ['**/test/**', '**/actions/*/src/**', '**/demo/**', '**/bench/**'],
            message: 'packages never import tests, actions, the demo or the bench.',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...boundaries,
  {
    files: ['demo/**/*.{ts,mjs,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/test/**'],
              message:
                'the demo imports packages (the workflow runner is @mlops-actions/workflow-runner), never test code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bench/**/*.{ts,mjs,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/test/**'], message: 'the bench imports packages, never test code.' }] },
      ],
    },
  },
);
