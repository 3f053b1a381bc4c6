import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {ImageGpuFacts} from '../../source/dockerfile/image-gpu-facts.js';
import {RunStep} from '../../source/wizard/steps/run-step.js';
import {keys, renderUi} from '../helpers/ui.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';

/** What `build` keeps of the example's image: torch 1.11 built for CUDA 11.3, which has no kernels for the H100. */
const facts: ImageGpuFacts = {torch: '1.11.0', cuda: '11.3', archList: undefined, origin: 'line 1', line: 1};

test('step 5: an H100 for an image without sm_90 is refused as soon as it is chosen, with what the wizard can do (another coretype, named), never --force, and nothing is submitted', async () => {
	const services = await testServices();
	const session = await sandboxSession(services.sandbox);
	const local = path.join(mkdtempSync(path.join(tmpdir(), 'misfit-')), 'old-torch.sif');
	writeFileSync(local, 'not really an image');
	await session.client.files.upload(local);
	mkdirSync(path.join(services.outDir, 'old-torch'), {recursive: true});
	writeFileSync(path.join(services.outDir, 'old-torch', 'plan.json'), JSON.stringify({gpuFacts: facts}));
	const noop = () => undefined;
	const ui = renderUi(<RunStep services={services} session={session} image={undefined} resume={undefined} logLines={5} rows={40} width={100} signal={new AbortController().signal} onSubmitted={noop} onSettled={noop} onEnded={noop} onFinished={noop} onQuit={noop} onEvent={noop} onOutputs={noop}/>);
	await ui.waitFor('Which image?');
	await ui.press(keys.enter);
	await ui.waitFor('Which GPU coretype?');
	for (let moves = 0; !/❯ ✗ Sapphire H100/.test(ui.screen()); moves++) {
		assert.ok(moves < 10, `no H100 in the list:\n${ui.screen()}`);
		await ui.press(keys.down);
	}

	await ui.press(keys.enter);
	await ui.waitFor('cannot run this image');
	const screen = ui.screen().replaceAll(/\s+/g, ' ');
	assert.match(screen, /sandbox-h100 cannot run this image: torch 1\.11 cu113 has no kernels for H100 \(sm_90\)/);
	assert.match(screen, /Coretypes whose GPU this image can use: aquamarine_v3 \(Aquamarine v3\), sandbox-a100 \(Tourmaline A100 \(simulated\)\)\./);
	assert.match(screen, /Esc choose another coretype/);
	assert.doesNotMatch(screen, /--force|Enter edit the command|How big a node|Walltime|Command after/, 'refused when chosen, not three screens later');
	await ui.press(keys.escape);
	await ui.waitFor('Which GPU coretype?');
	assert.deepEqual(await session.client.jobs.list(), [], 'no job created');
	ui.unmount();
});
