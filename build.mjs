// Bundles the CLI into dist/ so the installed command starts without resolving hundreds of files.
import {chmod, rm} from 'node:fs/promises';
import {build} from 'esbuild';

await rm('dist', {recursive: true, force: true});
await build({
	entryPoints: {cli: 'cli.tsx'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	legalComments: 'none',
	logLevel: 'warning',
	banner: {
		// Bundled CommonJS dependencies call require(); give them one in the ESM output.
		js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
	},
});
await chmod('dist/cli.js', 0o755);
