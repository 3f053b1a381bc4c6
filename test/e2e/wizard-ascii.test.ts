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

test('in the C locale all five steps, the leave dialog, the run outcome and the download draw only ASCII', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-ascii-'));
	// tmux sets TERM itself, so the locale is given through env(1). The example's own files are ASCII,
	// so anything else on screen is the wizard's.
	const ui = new TmuxSession(`env LANG=C LC_ALL=C node ${builtCli} wizard ${exampleRoot} --sandbox --speed 10`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 80, rows: 24});
	after(() => {
		ui.close();
	});
	const output = path.join(folder, 'pane.out');
	ui.record(output);
	const steps = ['Step 1/5', '+ fixed line 1', 'Step 2/5', 'Which project', 'Enter submit the build job', '+ Built gauge-equivariant-mesh-cnn.sif', 'Which image?', 'Which GPU coretype?', 'How big a node', 'Walltime:', 'python /workspace/experiments/shapes.py', 'Enter submit the job'];
	for (const marker of steps) {
		await ui.waitFor(marker, 60_000);
		if (marker === 'Enter submit the job') {
			// Enter is taken only once the confirmation has been on screen for a moment.
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		ui.press('Enter');
	}

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
	assert.deepEqual(nonAscii(readFileSync(output)), {});
});
