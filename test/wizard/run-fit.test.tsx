import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {ImageGpuFacts} from '../../source/dockerfile/image-gpu-facts.js';
import {RunStep} from '../../source/wizard/steps/run-step.js';
import {Box} from 'ink';
import {keys, renderUi} from '../helpers/ui.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';

/** The image just built: torch 1.11 for CUDA 11.3, no kernels for the H100. */
const justBuilt: ImageGpuFacts = {torch: '1.11.0', cuda: '11.3', archList: undefined, origin: 'base image pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', line: 1};
/** An older image of another project: torch 2.1 for CUDA 12.1, which has them. */
const older: ImageGpuFacts = {torch: '2.1.0', cuda: '12.1', archList: undefined, origin: 'base image pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime', line: 1};

/**
 * Step 5 with three images: `new-build.sif` just built, `old-build.sif` built earlier from this
 * folder, `elsewhere.sif` with no build plan here. Each plan in the output folder holds its facts.
 */
async function stepFive(rows = 40, width = 120) {
	const services = await testServices();
	const session = await sandboxSession(services.sandbox);
	const folder = mkdtempSync(path.join(tmpdir(), 'run-fit-'));
	const upload = async (name: string) => {
		writeFileSync(path.join(folder, name), `not really ${name}`);
		return session.client.files.upload(path.join(folder, name));
	};

	for (const [name, facts] of [['new-build', justBuilt], ['old-build', older]] as const) {
		mkdirSync(path.join(services.outDir, name), {recursive: true});
		writeFileSync(path.join(services.outDir, name, 'plan.json'), JSON.stringify({gpuFacts: facts}));
	}

	await upload('old-build.sif');
	await upload('elsewhere.sif');
	const built = await upload('new-build.sif');
	const noop = () => undefined;
	const ui = renderUi(<Box width={width}><RunStep services={services} session={session} image={{id: built.id, name: built.name, size: 1, job: 'J0'}} resume={undefined} logLines={5} rows={rows} width={width} signal={new AbortController().signal} onSubmitted={noop} onSettled={noop} onEnded={noop} onFinished={noop} onQuit={noop} onEvent={noop} onOutputs={noop}/></Box>);
	await ui.waitFor('Which image?');
	return {ui, session};
}

async function choose(ui: Awaited<ReturnType<typeof stepFive>>['ui'], line: RegExp) {
	for (let moves = 0; !line.test(ui.screen()); moves++) {
		assert.ok(moves < 10, `${line} not found:\n${ui.screen()}`);
		await ui.press(keys.down);
	}

	await ui.press(keys.enter);
}

test('step 5: an older image whose plan says another CUDA than the image just built is marked, and judged, by its own torch and CUDA', async () => {
	const {ui, session} = await stepFive();
	assert.match(ui.screen(), /❯ new-build\.sif .*just built/);
	await choose(ui, /❯ old-build\.sif/);
	await ui.waitFor('Which GPU coretype?');
	assert.match(ui.screen(), /✓ Sapphire H100/, 'torch 2.1 cu121 runs on the H100');
	assert.match(ui.screen(), /torch 2\.1 cu121 has kernels for H100/);
	assert.doesNotMatch(ui.screen(), /could not be judged|torch 1\.11/);
	await choose(ui, /❯ ✓ Sapphire H100/);
	await ui.waitFor('How big a node of Sapphire H100');

	// Back to the image just built: the same coretype is marked and refused by that image's facts.
	await ui.press(keys.escape);
	await ui.waitFor('Which GPU coretype?');
	await ui.press(keys.escape);
	await ui.waitFor('Which image?');
	await ui.press(keys.up, keys.up);
	await choose(ui, /❯ new-build\.sif/);
	await ui.waitFor('Which GPU coretype?');
	assert.match(ui.screen(), /✗ Sapphire H100/);
	await choose(ui, /❯ ✗ Sapphire H100/);
	await ui.waitFor('cannot run this image');
	assert.match(ui.screen().replaceAll(/\s+/g, ' '), /sandbox-h100 cannot run this image: torch 1\.11 cu113 has no kernels for H100 \(sm_90\)/);
	assert.deepEqual(await session.client.jobs.list(), [], 'no job created');
	ui.unmount();
});

test('step 5: for an image not built from this folder no coretype is marked or refused, and one line says its fit could not be judged', async () => {
	const {ui} = await stepFive();
	await choose(ui, /❯ elsewhere\.sif/);
	await ui.waitFor('Which GPU coretype?');
	const screen = ui.screen();
	assert.ok(screen.replaceAll(/\s+/g, ' ').includes('Whether elsewhere.sif can use these GPUs could not be judged: no build from this folder says which torch and CUDA it has.'), screen);
	assert.doesNotMatch(screen, /[✓✗?] (?:Sapphire|Tourmaline|Aquamarine)|fits this image|kernels for|CUDA build is not known/, screen);
	assert.match(screen, /❯ \S+/);
	await choose(ui, /❯ Sapphire H100/);
	await ui.waitFor('How big a node of Sapphire H100');
	// Nor does the command check refuse it: the confirmation comes.
	await ui.press(keys.enter);
	await ui.waitFor('Walltime:');
	await ui.press(keys.enter);
	await ui.waitFor('runscript):');
	await ui.press('python train.py', keys.enter);
	await ui.waitFor('Enter submit the job');
	assert.doesNotMatch(ui.screen(), /cannot run this image/);
	ui.unmount();
});

test('step 5 at 80x10: the could-not-be-judged line takes its rows from the list, which scrolls, so the frame stays within the rows given', async () => {
	const {ui} = await stepFive(10, 80);
	await choose(ui, /❯ elsewhere\.sif/);
	await ui.waitFor('Which GPU coretype?');
	const lines = ui.screen().replace(/\n+$/, '').split('\n');
	assert.ok(lines.length <= 10, `${lines.length} rows:\n${lines.join('\n')}`);
	assert.match(lines[0]!, /^Whether elsewhere\.sif can use these GPUs could not be judged/);
	assert.match(ui.screen(), /more \(↑\/↓ to scroll\)/);
	ui.unmount();
});
