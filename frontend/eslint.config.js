import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Every folder under src/features, so a new feature is fenced in without editing this file.
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// The import boundaries of bulletproof-react: a feature imports no other feature
// (what two features share lives in api/, components/ or lib/, or the page in
// app/ composes them), nothing imports the page shell, and the shared folders
// import no feature. Imports flow one way: shared -> features -> app.
const boundaries = [
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`],
    message:
      'A feature does not import another feature: move what both need to api/, components/ or lib/, or compose them in app/.',
  })),
  {
    target: './src/features',
    from: './src/app',
    message: 'Features do not import the page shell (app/).',
  },
  {
    target: ['./src/api', './src/components', './src/lib', './src/styles'],
    from: ['./src/features', './src/app'],
    message: 'Shared code (api/, components/, lib/) imports no feature and not the page shell.',
  },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/api/schema.gen.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.strict, reactHooks.configs.flat.recommended],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Resolves the `@/` alias through tsconfig, so the zones see where an import really goes.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.app.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaries }],
    },
  },
);
