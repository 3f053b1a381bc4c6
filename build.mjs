// Bundles the CLI into dist/ so the installed command starts without resolving hundreds of files.
import {chmod, rm, writeFile} from 'node:fs/promises';
import {build} from 'esbuild';
import {emojiPrefilterPlugin} from './build/emoji-prefilter.mjs';

await rm('dist', {recursive: true, force: true});
const result = await build({
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
	metafile: true,
	plugins: [emojiPrefilterPlugin],
	// React and Ink pick their production builds (no development warnings printed over the frame).
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink loads its devtools only when DEV=true; the package is not installed.
	external: ['react-devtools-core'],
	banner: {
		// Bundled CommonJS dependencies call require(); give them one in the ESM output.
		js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
	},
});
await chmod('dist/cli.js', 0o755);
// The module graph of the bundle, read by a test that keeps Ink out of the headless commands.
await writeFile('dist/metafile.json', JSON.stringify(result.metafile));
