import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

// Ink clears the screen and the scrollback (ESC [2J ESC [3J) once a frame has been as tall as the terminal.
const clearScreen = /\u001B\[[23]J/;

function wizard(args: string, folder: string) {
	const session = new TmuxSession(`echo earlier-shell-output; node ${builtCli} wizard ${exampleRoot} ${args}`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 60, rows: 15});
	after(() => {
		session.close();
	});
	return session;
}

function assertHeader(screen: string, step: number, where: string) {
	assert.match(screen, new RegExp(`^rescale-apptainer {2}Step ${step}/5`, 'm'), `header on screen at ${where}:\n${screen}`);
	assert.ok(screen.split('\n').every(row => row.length <= 60), `nothing wider than the terminal at ${where}:\n${screen}`);
}

test('at 60x15 no frame outgrows the terminal: all five steps, the Ctrl-C question, leaving and the restart clear nothing, and the header stays', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-small-'));
	const first = wizard('--speed 4', folder);
	const output = path.join(folder, 'pane.out');
	first.record(output);
	const steps: Array<[string, number]> = [['Step 1/5', 1], ['✓ fixed line 1', 1], ['Step 2/5', 2], ['Use the sandbox', 3], ['Which project', 3], ['Enter submit the build job', 4], ['✓ Built gauge-equivariant-mesh-cnn.sif', 4], ['Which image?', 5], ['Which GPU coretype?', 5], ['How big a node', 5], ['Walltime:', 5], ['Enter check the command', 5], ['Enter submit the job', 5]];
	for (const [marker, step] of steps) {
		const screen = await first.waitFor(marker, 120_000);
		assertHeader(screen, step, marker);
		if (marker === 'Enter submit the job' || marker === 'Enter submit the build job') {
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		first.press('Enter');
	}

	const running = await first.waitFor(/Job (\w+) submitted: Apptainer run/, 60_000);
	const job = /Job (\w+) submitted/.exec(running)![1]!;
	first.press('C-c');
	// The question sits at the bottom, whole, under the header; what the step had above it is cut, and said so.
	const question = await first.waitFor(/lines? above cut off[\s\S]*Esc stay/);
	assertHeader(question, 5, 'the Ctrl-C question');
	assert.match(question, new RegExp(`Job ${job} is still running on sandbox`));
	assert.match(question, /lines? above cut off/);
	first.press('Enter');
	const left = await first.waitFor('EXIT=130');
	assert.match(left.replaceAll('\n', ' '), new RegExp(`Job ${job} keeps running on sandbox \\(simulation\\)\\. Start the wizard again with the same Dockerfile to follow it\\.`), `the message wraps between words:\n${left}`);
	// The frame Ink leaves behind no longer asks.
	assert.doesNotMatch(first.history(), /is still running on sandbox|Esc stay/, 'the answered question is gone from the last frame');

	const second = wizard('--speed 40', folder);
	second.record(output);
	const banner = await second.waitFor('may still run');
	assertHeader(banner, 1, 'the in-flight banner');
	assert.match(banner, new RegExp(`run ${job}`));
	// Under the banner, the finding Enter would fix and the fix stay in view with the keys.
	assert.match(banner, /^ {2}line 6 torch-wheel-mismatch: /m, `the finding:\n${banner}`);
	assert.match(banner, /^ {4}fix: Change the base/m, `its fix:\n${banner}`);
	assert.match(banner, /Enter apply the fix/);
	second.press('Enter');
	for (const marker of ['✓ fixed line 1', 'Step 2/5', 'Use the sandbox']) {
		await second.waitFor(marker);
		second.press('Enter');
	}

	const reattached = await second.waitFor(`Job ${job} reattached`, 60_000);
	assertHeader(reattached, 5, 'the reattached run');
	const done = await second.waitFor('Output files:', 120_000);
	assertHeader(done, 5, 'the finished run');
	second.press('Enter');
	await second.waitFor('EXIT=0');
	assert.doesNotMatch(readFileSync(output, 'utf8'), clearScreen, 'nothing cleared the screen or the scrollback');
	assert.match(second.history(), /^earlier-shell-output$/m, 'what the user had above the wizard is still in the scrollback');
});
