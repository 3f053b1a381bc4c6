import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

/** Each character above 0x7E in `bytes` (as UTF-8), once, with the text around its first appearance. */
function nonAscii(bytes: Buffer): Record<string, string> {
	const found: Record<string, string> = {};
	const text = bytes.toString('utf8');
	for (const match of text.matchAll(/[^\u0000-\u007E]/g)) {
		found[match[0]] ??= text.slice(Math.max(0, match.index - 60), match.index + 20).replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '');
	}

	return found;
}

/**
 * The wizard on the example in the C locale at 80x24, everything it writes recorded. tmux sets TERM
 * itself, so the locale is given through env(1). The example's own files are ASCII, so anything
 * else in the recording is the wizard's.
 */
function wizardInC() {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-ascii-'));
	const ui = new TmuxSession(`env LANG=C LC_ALL=C node ${builtCli} wizard ${exampleRoot} --sandbox --speed 10`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 80, rows: 24});
	after(() => {
		ui.close();
	});
	const output = path.join(folder, 'pane.out');
	ui.record(output);
	return {ui, recorded: () => nonAscii(readFileSync(output))};
}

/** Enter at each marker; the run's confirmation takes it only once it has been on screen for a moment. */
async function enterAt(ui: TmuxSession, markers: string[]) {
	for (const marker of markers) {
		await ui.waitFor(marker, 60_000);
		if (marker === 'Enter submit the job' || marker === 'Enter submit the build job') {
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		ui.press('Enter');
	}
}

const toTheCommand = ['Step 1/5', '+ fixed line 1', 'Step 2/5', 'Which project', 'Enter submit the build job', '+ Built gauge-equivariant-mesh-cnn.sif', 'Which image?', 'Which GPU coretype?', 'How big a node', 'Walltime:'];

test('in the C locale all five steps, the leave dialog, the run outcome and the download draw only ASCII', {skip}, async () => {
	const {ui, recorded} = wizardInC();
	await enterAt(ui, [...toTheCommand, 'python /workspace/experiments/shapes.py', 'Enter submit the job']);
	// The leave dialog while the run is live, then stay.
	await ui.waitFor(/Job \w+ submitted: Apptainer run/, 60_000);
	ui.press('C-c');
	await ui.waitFor('is still running on sandbox (simulation)');
	ui.press('Escape');
	await ui.waitFor('Output files:', 60_000);
	ui.press('d');
	await ui.waitFor('+ Downloaded 2 output file(s)', 60_000);
	ui.press('Enter');
	await ui.waitFor('EXIT=0');
	assert.deepEqual(recorded(), {});
});

test('in the C locale a failed smoke test marks what did not import with x', {skip}, async () => {
	const {ui, recorded} = wizardInC();
	// o keeps the Dockerfile unfixed: its torch wheels do not match, so the build's %test fails.
	await ui.waitFor('Step 1/5');
	ui.press('o');
	await enterAt(ui, ['Step 2/5', 'Which project', 'Enter submit the build job']);
	const failed = await ui.waitFor('The build failed', 60_000);
	assert.match(failed, /^ {2}x import torch_\w+: installed at Dockerfile line 6/m);
	ui.press('q');
	await ui.waitFor(/EXIT=\d/);
	assert.deepEqual(recorded(), {});
});

test('in the C locale a run whose command fails shows its log in an ASCII box', {skip}, async () => {
	const {ui, recorded} = wizardInC();
	await enterAt(ui, toTheCommand);
	await ui.waitFor('python /workspace/experiments/shapes.py', 60_000);
	ui.press('C-u');
	ui.press('-l', 'exit 3');
	await enterAt(ui, ['exit 3', 'Enter submit the job']);
	const failed = await ui.waitFor('Most likely:', 60_000);
	assert.match(failed, /^x The run failed \(job \w+, Completed on Rescale\)/m);
	assert.match(failed, /^\+-+\+$/m, 'the log in a box drawn with + - |');
	ui.press('q');
	await ui.waitFor(/EXIT=\d/);
	assert.deepEqual(recorded(), {});
});
