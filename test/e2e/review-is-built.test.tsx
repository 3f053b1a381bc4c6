import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {contextView} from '../../source/context/context-files.js';
import {deriveDefinition} from '../../source/definition/derive-definition.js';
import {WizardApp} from '../../source/wizard/app.js';
import {corpusRoot, exampleRoot, runCliAsync} from '../helpers/cli.js';
import {clientFor} from '../helpers/sandbox.js';
import {keys, renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';

/** A context where what a COPY source is matters: a folder, and a file .dockerignore leaves out. */
function folderCopyCase(): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'folder-copy-'));
	mkdirSync(path.join(folder, 'src'));
	writeFileSync(path.join(folder, 'src', 'main.py'), 'print("hi")\n');
	writeFileSync(path.join(folder, 'notes.txt'), 'not sent\n');
	writeFileSync(path.join(folder, '.dockerignore'), 'notes.txt\n');
	writeFileSync(path.join(folder, 'Dockerfile'), 'FROM python:3.11-slim\nCOPY src /app\nCOPY notes.txt /opt/\nCMD ["python", "/app/main.py"]\n');
	return folder;
}

const corpusCases = readdirSync(corpusRoot, {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => path.join(corpusRoot, entry.name)).sort();

/** The def the wizard's Review step shows, as its `s` key saves it, after step 1 with or without the fixes. */
async function reviewedDef(folder: string, fix: boolean): Promise<{def: string; sandbox: Awaited<ReturnType<typeof testServices>>['sandbox']}> {
	let saved: string | undefined;
	const services = await testServices({
		saveDef(_name, text) {
			saved = text;
			return {file: 'saved.def'};
		},
	}, folder);
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await ui.waitFor('Step 1/5');
	if (fix) {
		await ui.press('f');
		await ui.waitFor('✓ fixed');
	}

	// Errors left: continue anyway (o); none: Enter.
	await ui.press(/continue anyway/.test(ui.screen()) ? 'o' : keys.enter);
	await ui.waitFor('Step 2/5');
	await ui.press('s');
	await ui.waitUntil(() => saved !== undefined);
	ui.unmount();
	return {def: saved!, sandbox: services.sandbox};
}

/** The def `build` uploads: the headless command against the same kind of sandbox, read back from it. */
async function uploadedDef(folder: string, sandbox: Awaited<ReturnType<typeof testServices>>['sandbox'], fix: boolean): Promise<string> {
	const work = mkdtempSync(path.join(tmpdir(), 'review-built-'));
	const result = await runCliAsync(['build', folder, '--platform', sandbox.url, '--yes', '--force', ...(fix ? ['--fix'] : []), '--context', 'upload'], {
		cwd: work,
		env: {RESCALE_API_KEY: sandbox.apiKey, RESCALE_APPTAINER_CONFIG_DIR: path.join(work, 'config')},
	});
	assert.ok([0, 1].includes(result.status ?? -1), result.stderr);
	const client = clientFor(sandbox);
	const [uploaded] = (await client.files.list('.def')).filter(file => file.name.endsWith('.def'));
	assert.ok(uploaded, `build uploaded a def: ${result.stdout}${result.stderr}`);
	const target = path.join(work, 'uploaded.def');
	await client.files.download(uploaded.id, target);
	return readFileSync(target, 'utf8');
}

/** Whether no def can be made from the folder's Dockerfile at all (syntax errors, no FROM). */
function unconvertible(folder: string): boolean {
	const text = readFileSync(path.join(folder, 'Dockerfile'), 'utf8');
	return deriveDefinition({text, context: contextView(folder, [])}).blocking.length > 0;
}

describe('the def the Review step shows is byte for byte the def build uploads', () => {
	for (const folder of [...corpusCases, exampleRoot, folderCopyCase()].filter(folder => !unconvertible(folder))) {
		test(path.basename(folder), async () => {
			const {def, sandbox} = await reviewedDef(folder, false);
			assert.equal(await uploadedDef(folder, sandbox, false), def);
		});
	}

	for (const folder of corpusCases.filter(folder => unconvertible(folder))) {
		test(`${path.basename(folder)}: no def, so neither the wizard (no o) nor build --force submits anything`, async () => {
			const services = await testServices({}, folder);
			const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
			await ui.waitFor('Step 1/5');
			assert.doesNotMatch(ui.screen(), /continue anyway/);
			ui.unmount();
			const work = mkdtempSync(path.join(tmpdir(), 'review-built-'));
			const result = await runCliAsync(['build', folder, '--platform', services.sandbox.url, '--yes', '--force', '--context', 'upload'], {cwd: work, env: {RESCALE_API_KEY: services.sandbox.apiKey, RESCALE_APPTAINER_CONFIG_DIR: path.join(work, 'config')}});
			assert.equal(result.status, 1, result.stdout + result.stderr);
			assert.match(result.stderr, /no def can be made from .* until these are fixed \(--force cannot build it\)/);
			assert.deepEqual(await clientFor(services.sandbox).files.list(), [], 'nothing uploaded');
			assert.deepEqual(await clientFor(services.sandbox).jobs.list(), [], 'no job');
		});
	}

	test('with the suggested fixes applied (wizard f, build --fix)', async () => {
		const {def, sandbox} = await reviewedDef(exampleRoot, true);
		assert.match(def, /^From: pytorch\/pytorch:1\.11\.0-cuda11\.3-cudnn8-runtime$/m, "the fix is in the reviewed def");
		assert.equal(await uploadedDef(exampleRoot, sandbox, true), def);
	});
});
