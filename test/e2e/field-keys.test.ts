import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

test('in a real terminal, step 5\'s command field takes keys tmux sends together, and Delete, Ctrl-D, Alt-b as readline does', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'field-keys-'));
	const ui = new TmuxSession(`node ${builtCli} wizard ${exampleRoot} --speed 40`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 100, rows: 34});
	after(() => {
		ui.close();
	});
	for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5', 'Use the sandbox', 'Which project', 'Enter submit the build job', '✓ Built gauge-equivariant-mesh-cnn.sif', 'Which image?', 'Which GPU coretype?', 'How big a node', 'Walltime:']) {
		await ui.waitFor(marker, 60_000);
		if (marker === 'Enter submit the build job') {
			// The plan takes Enter only once it has been in view a moment.
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		ui.press('Enter');
	}

	await ui.waitFor('▏');
	// One send-keys, one chunk: Ctrl-A and Ctrl-D together did nothing.
	ui.press('C-a', 'C-d');
	await ui.waitFor(/^ython \/workspace\/experiments\/shapes\.py/m);
	ui.press('End', 'Left', 'DC');
	await ui.waitFor(/shapes\.p▏$/m);
	ui.press('M-b', 'X');
	await ui.waitFor(/shapes\.Xp/m);
	ui.press('C-u', 'Enter');
	const confirm = await ui.waitFor('Enter submit the job');
	assert.doesNotMatch(confirm, /shapes/, `the cleared command was submitted, not the old one:\n${confirm}`);
});
