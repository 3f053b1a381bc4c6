// Lint for `npm test`: typescript-eslint, the rules of hooks, no import cycles, and the layering
// that keeps the two front ends apart (README, "How it is built").
import {createTypeScriptImportResolver} from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const typescriptParsing = Object.fromEntries(Object.entries(importX.flatConfigs.typescript.settings).filter(([name]) => name !== 'import-x/resolver'));

const core = ['dockerfile', 'apptainer', 'definition', 'context', 'image-build', 'run', 'jobs', 'rescale', 'sandbox', 'platform'];

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/']},
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		plugins: {'react-hooks': reactHooks, 'import-x': importX},
		linterOptions: {reportUnusedDisableDirectives: 'error'},
		// import-x's TypeScript parsing of imported modules (no-cycle reads them), with the resolver that maps './x.js' to x.ts.
		settings: {...typescriptParsing, 'import-x/resolver-next': [createTypeScriptImportResolver()]},
		rules: {
			...reactHooks.configs.recommended.rules,
			'react-hooks/exhaustive-deps': 'error',
			'import-x/no-cycle': 'error',
			'@typescript-eslint/consistent-type-imports': 'error',
		},
	},
	{
		files: ['source/wizard/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [{group: ['**/commands/**'], message: 'The wizard and the headless commands are two front ends over the same core: neither imports the other.'}]}]},
	},
	{
		files: ['source/commands/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [{group: ['**/wizard/**'], message: 'Only the lazy import of wizard/start-wizard.js reaches the wizard.'}]}]},
	},
	{
		files: core.map(folder => `source/${folder}/**`),
		rules: {'no-restricted-imports': ['error', {patterns: [{group: ['**/wizard/**', '**/commands/**', 'ink', 'react', 'ink-*'], message: 'The core is free of the front ends and of React.'}]}]},
	},
);
