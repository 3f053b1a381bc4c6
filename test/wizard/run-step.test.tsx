import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {findCommand} from '../../source/commands/command-table.js';
import {WizardApp} from '../../source/wizard/app.js';
import {confirmDelayMs, outputsFolder} from '../../source/wizard/steps/run-machine.js';
import {keys, renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';
import {ctrlU, pause, renderWizard, toRunCommand, type Ui} from '../helpers/wizard-walk.js';

/** The suggested command, checked, confirmed after the double-Enter guard, followed to its end; the job id. */
async function runToEnd(ui: Ui): Promise<string> {
	await ui.press(keys.enter);
	await ui.waitFor('Enter submit the job');
	await pause(confirmDelayMs);
	await ui.press(keys.enter);
	await ui.waitFor('Output files:', 30_000);
	return /✓ Job (\w+) Completed/.exec(ui.screen())![1]!;
}

/** The command field's line: the one holding the cursor bar, or the line under the question. */
function commandField(screen: string): string {
	const lines = screen.split('\n');
	return lines[lines.findIndex(line => line.includes('runscript):')) + 1]!;
}

test('step 5: a refused command comes back to the field as the user edited it, not as the suggestion, also after Esc and back', async () => {
	const services = await testServices();
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await toRunCommand(ui);
	assert.match(commandField(ui.screen()), /experiments\/shapes\.py/, 'the suggestion first');
	await ui.press(ctrlU, 'python /workspace/experiments/shapez.py --epochs 2', keys.enter);
	await ui.waitFor('the command would fail on Rescale');
	assert.match(ui.screen(), /Enter edit the command/);
	await ui.press(keys.enter);
	await ui.waitFor('Command after apptainer run');
	assert.match(commandField(ui.screen()), /^python \/workspace\/experiments\/shapez\.py --epochs 2/);
	await ui.press(keys.escape);
	await ui.waitFor('Walltime:');
	await ui.press(keys.enter);
	await ui.waitFor('Command after apptainer run');
	assert.match(commandField(ui.screen()), /^python \/workspace\/experiments\/shapez\.py --epochs 2/, 'kept after going back a step');
	ui.unmount();
});

test('step 5: d after the run downloads its output files (not the image) into the folder the screen names, with a result line and a real headless command; the report has the run plan', async () => {
	const services = await testServices();
	const app = renderWizard(services);
	const {ui} = app;
	await toRunCommand(ui);
	const job = await runToEnd(ui);
	// The run's timeline went to the history above the live frame, which keeps the outcome and the cost.
	const [history, live] = ui.screen().split(/^(?=rescale-apptainer {2}Step 5\/5)/m);
	assert.match(history!.replaceAll(/\s+/g, ' '), new RegExp(`✓ Step 5 Run on a GPU: job ${job} Completed, the command exited with code 0; gauge-equivariant-mesh-cnn\\.sif on Aquamarine v3, 6 cores, 1 GPU\\(s\\), 1 h, at most \\$5\\.05 job ${job} submitted: Pending\\sat\\s\\d+s → `));
	assert.match(history!, /loss [▁▂▃▄▅▆▇█]+ 0\.1 {3}accuracy 0\.926 {3}epoch 10/);
	assert.doesNotMatch(live!, /Elapsed|Pending|loss/, `the live frame is the result only:\n${live}`);
	assert.match(live!, /Cost +at most \$5\.05/);
	const folder = outputsFolder(services.outDir, job);
	assert.equal(folder, path.join(path.dirname(services.outDir), 'rescale-outputs', job));
	assert.match(ui.screen(), new RegExp(`d downloads the 2 output file\\(s\\) \\(not the image\\) to ${folder.replaceAll('/', String.raw`\/`)}`));
	assert.match(ui.screen(), /d download them {2}· {2}Enter finish/);
	assert.equal(existsSync(folder), false, 'nothing downloaded before d');
	await ui.press('d');
	await ui.waitFor('✓ Downloaded 2 output file(s)', 30_000);
	assert.equal(readFileSync(path.join(folder, 'outputs', 'metrics.csv'), 'utf8').split('\n')[0], 'epoch,accuracy,loss');
	assert.ok(existsSync(path.join(folder, 'process_output.log')));
	assert.ok(!existsSync(path.join(folder, 'gauge-equivariant-mesh-cnn.sif')), 'the image is an input: never downloaded');
	const screen = ui.screen();
	assert.match(screen, /metrics\.csv +█+ 100%/, 'a bar per file');
	assert.doesNotMatch(screen, /d download them|d try again/, 'no second download offered');
	// The printed command downloads this job again without submitting a new one (the tmux test runs it).
	const headless = /(rescale-apptainer download [\s\S]*?)\n\n/.exec(screen)![1]!.replaceAll('\n', ' ');
	const download = findCommand('download')!;
	for (const flag of headless.match(/--[\w-]+/g)!) {
		assert.ok(download.flags.some(([, help]) => help.startsWith(flag)), `download takes ${flag}`);
	}

	assert.equal(headless, `rescale-apptainer download ${job} ${folder} --sandbox --out ${services.outDir}`);
	assert.doesNotMatch(screen, /rescale-apptainer run|--download/, 'no command that would start a new paid job');
	await ui.press(keys.enter);
	const outcome = await app.ended();
	const steps = outcome.report!.steps ?? [];
	assert.ok(steps.some(step => /^Run plan: image gauge-equivariant-mesh-cnn\.sif .*Command: apptainer run --nv .*On: Aquamarine v3 \(aquamarine_v3\), 6 cores, 1 GPU\(s\), walltime 1 h, at most \$/.test(step)), steps.join('\n'));
	assert.ok(steps.includes(`Downloaded 2 output file(s) of job ${job} to ${folder}`));
	ui.unmount();
});

test('step 5: a download that cannot be written says why on a screen line, offers d again, and the retry lands the files', async () => {
	const services = await testServices();
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await toRunCommand(ui);
	const job = await runToEnd(ui);
	const folder = outputsFolder(services.outDir, job);
	mkdirSync(path.dirname(folder), {recursive: true});
	writeFileSync(folder, 'in the way');
	await ui.press('d');
	await ui.waitFor('failed', 30_000);
	// Long paths wrap: read the lines as one text.
	assert.match(ui.screen().replaceAll(/\s+/g, ' '), /✗ The download to \S+ failed: \S+ is an existing file, not a folder: nothing was downloaded/);
	assert.match(ui.screen(), /Move or rename that file, then download again\./);
	assert.match(ui.screen(), /d try again/);
	rmSync(folder);
	await ui.press('d');
	await ui.waitFor('✓ Downloaded 2 output file(s)', 30_000);
	assert.ok(existsSync(path.join(folder, 'outputs', 'metrics.csv')));
	ui.unmount();
});

test('step 5: an empty command, as the question offers, runs the image\'s own runscript', async () => {
	const services = await testServices();
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await toRunCommand(ui);
	await ui.press(ctrlU);
	await ui.press(keys.enter);
	await ui.waitFor('Enter submit the job');
	assert.match(ui.screen(), /Command +apptainer run --nv \S+\.sif\n/, 'the runscript: nothing after the image');
	await ui.press(keys.escape);
	await ui.waitFor('runscript):');
	assert.match(commandField(ui.screen()), /^\s*(█|▏|\|)?\s*$/, 'back at the field, still empty');
	ui.unmount();
});
