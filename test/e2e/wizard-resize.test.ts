import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

test('resizing the terminal keeps the finished steps and whatever the user had above the wizard in the scrollback, with one frame on screen', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-resize-'));
	// The user's own work above the wizard, as in any shell session.
	const ui = new TmuxSession(`echo earlier-shell-output; node ${builtCli} wizard ${exampleRoot} --sandbox`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 80, rows: 24});
	after(() => {
		ui.close();
	});
	const output = path.join(folder, 'pane.out');
	ui.record(output);
	for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5']) {
		await ui.waitFor(marker);
		ui.press('Enter');
	}

	await ui.waitFor('Which project');
	for (const [columns, rows] of [[60, 24], [80, 20], [100, 30], [70, 24]] as const) {
		ui.resize(columns, rows);
		const screen = await ui.waitFor(new RegExp(`^rescale-apptainer {2}Step 3/5.{0,${columns - 30}}$`, 'm'));
		assert.equal(screen.match(/Step 3\/5/g)?.length, 1, `no stale copy of the old frame at ${columns}x${rows}:\n${screen}`);
		const history = ui.history();
		for (const line of [/^earlier-shell-output$/m, /^✓ Step 1 Validate the Dockerfile/m, /^✓ Step 2 Review the def file/m]) {
			assert.match(history, line, `still in the scrollback after resizing to ${columns}x${rows}:\n${history}`);
		}
	}

	assert.doesNotMatch(readFileSync(output, 'utf8'), /\u001B\[3J/, 'the scrollback is never erased');
});

test('shrinking the terminal under a tall frame (step 1 at 80x24, then 70x20, 60x15, 50x12) clears nothing of the scrollback', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-shrink-'));
	const ui = new TmuxSession(`for i in $(seq 1 60); do echo earlier-$i; done; node ${builtCli} wizard ${exampleRoot}`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 80, rows: 24});
	after(() => {
		ui.close();
	});
	const output = path.join(folder, 'pane.out');
	ui.record(output);
	await ui.waitFor('error(s)');
	for (const [columns, rows] of [[70, 20], [60, 15], [50, 12]] as const) {
		ui.resize(columns, rows);
		await ui.waitFor(new RegExp(`^rescale-apptainer {2}Step 1/5.{0,${columns - 27}}$`, 'm'));
		await new Promise(resolve => setTimeout(resolve, 500));
	}

	assert.doesNotMatch(readFileSync(output, 'utf8'), /\u001B\[3J/, 'the scrollback is never erased');
	const history = ui.history();
	for (const line of ['earlier-1', 'earlier-30', 'earlier-60']) {
		assert.match(history, new RegExp(`^${line}$`, 'm'), `${line} still in the scrollback:\n${history}`);
	}
});
