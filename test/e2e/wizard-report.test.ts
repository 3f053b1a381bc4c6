import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

/** The wizard with --report in a real terminal, through steps 1-4 to a submitted (slow) build job. */
async function buildWithReport(folder: string) {
	const terminal = new TmuxSession(`node ${builtCli} wizard ${exampleRoot} --sandbox --speed 1 --report ${path.join(folder, 'session.md')}`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 80, rows: 24});
	after(() => {
		terminal.close();
	});
	for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5', 'Which project', 'Enter submit the build job']) {
		await terminal.waitFor(marker);
		if (marker === 'Enter submit the build job') {
			// The plan takes Enter once it has been in view a moment (typed ahead, Enter pays for nothing).
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		terminal.press('Enter');
	}

	const running = await terminal.waitFor(/Job (\w+) submitted/);
	const job = /Job (\w+) submitted/.exec(running)![1]!;
	await terminal.waitFor(/Pending at \d+s/);
	terminal.press('C-c');
	await terminal.waitFor('is still running on sandbox (simulation)');
	return {terminal, job};
}

test('the session report says the job was left running when the user quit, and lists statuses at the real time seen', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-report-'));
	const before = Date.now();
	const {terminal, job} = await buildWithReport(folder);
	terminal.press('Enter');
	await terminal.waitFor('EXIT=130');
	const report = readFileSync(path.join(folder, 'session.md'), 'utf8');
	assert.match(report, new RegExp(`## How the session ended\\n\\nThe user quit and left job ${job} running on sandbox \\(simulation\\)`));
	const seen = [...report.matchAll(/^- (\S+) Pending; platform's timestamp \S+$/gm)].map(match => Date.parse(match[1]!));
	assert.equal(seen.length, 1, report);
	assert.ok(seen[0]! >= before - 1000 && seen[0]! <= Date.now(), 'the real time the wizard saw it, never ahead of the clock');
});

test('the session report says the job was stopped when the user quit with s', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-report-'));
	const {terminal, job} = await buildWithReport(folder);
	terminal.press('s');
	await terminal.waitFor('EXIT=130');
	const report = readFileSync(path.join(folder, 'session.md'), 'utf8');
	assert.match(report, new RegExp(`## How the session ended\\n\\nThe user quit and asked sandbox \\(simulation\\) to stop job ${job}\\.`));
});
