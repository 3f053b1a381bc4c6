import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import type {Session} from '../../source/platform/session.js';
import {WizardApp} from '../../source/wizard/app.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';
import {keys, renderUi} from '../helpers/ui.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';
import {ctrlU, enterAt, pause, renderWizard, toRunCommand, type Ui} from '../helpers/wizard-walk.js';

/** Types the command (or keeps the suggested one), checks it, confirms after the double-Enter guard, and waits for the end. */
async function runCommand(ui: Ui, command: string | undefined, end: string | RegExp) {
	await ui.press(...(command === undefined ? [] : [ctrlU, command]), keys.enter);
	await ui.waitFor('Enter submit the job');
	await pause(confirmDelayMs);
	await ui.press(keys.enter);
	await ui.waitFor(end, 30_000);
}

test('step 5: a run whose command exits 3 is shown as failed, with the code, the log tail and the cause; never as completed', async () => {
	const services = await testServices();
	const app = renderWizard(services);
	const {ui} = app;
	await toRunCommand(ui);
	await runCommand(ui, 'exit 3', 'The run failed');
	const screen = ui.screen();
	assert.match(screen, /✗ The run failed \(job \w+, Completed on Rescale\)\. The command exited with code 3\./);
	assert.match(screen, /Last lines of its log:/);
	assert.match(screen, /Most likely: /);
	assert.doesNotMatch(screen, /✓ Job|Output files:/);
	await ui.press(keys.enter);
	const outcome = await app.ended();
	assert.equal(outcome.code, 1, 'a failed run does not end the wizard with 0');
	assert.ok(outcome.report?.results.some(line => line.startsWith('✗ The run failed. The command exited with code 3')));
	ui.unmount();
});

test('step 4: the unfixed example (o at step 1) fails its %test on the build node; the screen names the package, its Dockerfile line and the fix', async () => {
	const services = await testServices();
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await ui.waitFor('Step 1/5');
	await ui.press('o');
	await enterAt(ui, ['Step 2/5', 'Step 3/5', 'Which project', 'Enter submit the build job']);
	await ui.waitFor('The build failed', 30_000);
	const screen = ui.screen();
	assert.match(screen, /✗ The build failed \(job \w+\)\. The smoke test \(%test\) failed on the build node,\s+before any GPU\s+time was paid for:/);
	assert.match(screen, /✗ import torch_\w+: installed at Dockerfile line 6/);
	assert.match(screen, /AttributeError: .*sparse_csr_tensor/);
	assert.match(screen, /validate, line 6 torch-wheel-mismatch: /);
	assert.match(screen, /fix: /);
	assert.doesNotMatch(screen, /Built /);
	ui.unmount();
});

test('step 3: doctor\'s checks run right after the session opens; a failed one is shown with what to do, before any upload; Esc goes back, Enter goes on', async () => {
	const services = await testServices();
	const {sandbox} = services;
	const client = clientFor(sandbox);
	const attempts = 3;
	const ui = renderUi(<WizardApp services={{...services, async openSandbox() {
		const session = await services.openSandbox();
		// The platform fails every attempt of the checks' first request (users/me) once the session is open.
		sandbox.injectFault('503', attempts);
		return {...session, client: clientFor(sandbox, {retry: {attempts, baseDelayMs: 5, maxDelayMs: 50}})};
	}}} onExit={() => undefined}/>);
	await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5']);
	await ui.waitFor('Enter go on anyway');
	assert.match(ui.screen(), /Before anything is uploaded: 1 check\(s\) of sandbox \(simulation\) failed/);
	assert.match(ui.screen(), /✗ API key: .*503/);
	assert.match(ui.screen(), /Esc back: another key or the sandbox/);
	assert.deepEqual(await client.files.list(''), [], 'nothing uploaded yet');
	await ui.press(keys.escape);
	await ui.waitFor('Use the sandbox: a simulation of Rescale');
	await ui.press(keys.enter);
	await ui.waitFor('Enter go on anyway');
	await ui.press(keys.enter);
	await enterAt(ui, ['Which project']);
	await ui.waitFor('Enter submit the build job');
	assert.match(ui.screen(), /Step 4\/5/);
	ui.unmount();
});

test('step 3: an account with projects and none set is asked which one before the build; the choice is remembered and both jobs carry it', async () => {
	const services = await testServices();
	const sandbox = await startSandbox({requireProject: true});
	const sessions: Session[] = [];
	const app = renderWizard({...services, async openSandbox() {
		sessions.push(await sandboxSession(sandbox));
		return sessions.at(-1)!;
	}});
	const {ui} = app;
	await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5']);
	await ui.waitFor('Which project are the jobs charged to?');
	assert.match(ui.screen(), /❯ Sandbox project {2}sandboxProject/);
	assert.equal(sandbox.store.jobs.size, 0, 'asked before any job');
	await enterAt(ui, ['Which project', 'Enter submit the build job', '✓ Built', 'Which image?', 'Which GPU coretype?', 'How big a node', 'Walltime:']);
	await runCommand(ui, undefined, 'Output files:');
	await ui.press(keys.enter);
	await app.ended();
	assert.deepEqual([...sandbox.store.jobs.values()].map(job => job.projectId), ['sandboxProject', 'sandboxProject'], 'the build and the run');
	assert.equal(sessions[0]!.config.project(sessions[0]!.platformId), 'sandboxProject');
	ui.unmount();
});

test('step 2: t turns the %test smoke test off (said on screen and in the key hints), and the build uploads the def without it', async () => {
	const services = await testServices();
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await enterAt(ui, ['Step 1/5', '✓ fixed']);
	await ui.waitFor('Step 2/5');
	assert.match(ui.screen(), /t smoke test off/);
	await ui.press('t');
	await ui.waitFor('The %test smoke test is off');
	assert.match(ui.screen(), /t smoke test on/);
	await enterAt(ui, ['Step 2/5', 'Step 3/5', 'Which project']);
	await ui.waitFor('Enter submit the build job');
	const plan = JSON.parse(readFileSync(path.join(services.outDir, 'gauge-equivariant-mesh-cnn', 'plan.json'), 'utf8')) as {def: string};
	assert.match(plan.def, /%post/);
	assert.doesNotMatch(plan.def, /%test/);
	ui.unmount();
});

test('step 5: the coretype list marks what fits the fixed image (V100 ✓, H100 ✗ with the reason); the run panel shows the node\'s GPU from its nvidia-smi line', async () => {
	const services = await testServices();
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project', 'Enter submit the build job', '✓ Built', 'Which image?']);
	await ui.waitFor('Which GPU coretype?');
	const screen = ui.screen();
	assert.match(screen, /❯ ✓ Aquamarine v3 .*Tesla V100;[\s\S]*has kernels for V100 \(sm_70\)/);
	assert.match(screen, /✗ Sapphire H100 \(simulated\) [^✓]*torch 1\.11 cu113 has no kernels for H100 \(sm_90\)/);
	await enterAt(ui, ['Which GPU coretype?', 'How big a node', 'Walltime:']);
	await runCommand(ui, undefined, 'Output files:');
	assert.match(ui.screen(), /Node GPU: Tesla V100-SXM2-16GB, driver 470\.82\.01, compute capability sm_70/);
	ui.unmount();
});
