import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {projectRoot} from '../helpers/cli.js';

type Metafile = {outputs: Record<string, {imports: Array<{path: string; kind: string}>; inputs: Record<string, unknown>; entryPoint?: string}>};

const metafile = JSON.parse(readFileSync(path.join(projectRoot, 'dist/metafile.json'), 'utf8')) as Metafile;

/** Every input module loaded when `output` is imported, following static imports only. */
function staticInputs(output: string, seen = new Set<string>()): Set<string> {
	if (seen.has(output)) {
		return new Set();
	}

	seen.add(output);
	const inputs = new Set(Object.keys(metafile.outputs[output]?.inputs ?? {}));
	for (const imported of metafile.outputs[output]?.imports ?? []) {
		if (imported.kind === 'import-statement' && metafile.outputs[imported.path]) {
			for (const input of staticInputs(imported.path, seen)) {
				inputs.add(input);
			}
		}
	}

	return inputs;
}

test('the headless commands load neither Ink nor React', () => {
	const commandChunks = Object.entries(metafile.outputs)
		.filter(([, output]) => Object.keys(output.inputs).some(input => /source\/commands\/(?:validate|convert)\.ts$/.test(input)))
		.map(([name]) => name);
	assert.equal(commandChunks.length, 2, 'validate and convert are their own chunks');
	for (const chunk of ['dist/cli.js', ...commandChunks]) {
		const loaded = [...staticInputs(chunk)];
		assert.ok(loaded.length > 0);
		assert.deepEqual(loaded.filter(input => /node_modules\/(?:ink|react|react-reconciler|ink-[\w-]+|@inkjs)\//.test(input)), [], chunk);
	}
});

test('the bundle ships React\'s production build', () => {
	const inputs = Object.values(metafile.outputs).flatMap(output => Object.keys(output.inputs));
	assert.ok(inputs.some(input => /node_modules\/react\/cjs\/react\.production\.js$/.test(input)), 'react production build bundled');
	assert.deepEqual(inputs.filter(input => /\.development\.js$/.test(input)), []);
});

test('the wizard draws step 1 without the platform client or conf: no axios, zod, MIME table, conf, ajv or semver before the first frame', () => {
	const chunkOf = (source: string) => {
		const chunk = Object.entries(metafile.outputs).find(([, output]) => Object.keys(output.inputs).includes(source))?.[0];
		assert.ok(chunk, source);
		return chunk;
	};

	// start-wizard draws the header, then loads run-wizard (the services, the settings), which loads
	// render-wizard (Ink, React, the app): all three before Ink's first frame.
	const firstFrame = new Set(['source/wizard/start-wizard.ts', 'source/wizard/run-wizard.ts', 'source/wizard/render-wizard.tsx'].flatMap(source => [...staticInputs(chunkOf(source))]));
	assert.ok([...firstFrame].some(input => input.endsWith('source/wizard/steps/validate-step.tsx')), 'step 1 is in the first frame');
	assert.ok([...firstFrame].some(input => input.endsWith('source/platform/config.ts')), 'the settings are read for step 1');
	// conf (with ajv, ajv-formats, semver, fast-uri, dot-prop) is for writing the settings, from step 3 on.
	assert.deepEqual([...firstFrame].filter(input => /node_modules\/(?:axios|zod|mime-db|form-data|conf|ajv|ajv-formats|semver|fast-uri|dot-prop)\//.test(input) || /source\/(?:rescale\/transport|rescale\/schemas|wizard\/steps\/(?:key|build|run)-step)\.tsx?$/.test(input)), []);
});
