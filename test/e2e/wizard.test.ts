import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot, runCliAsync} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

function wizard(args: string, folder: string, sizes: {columns?: number; rows?: number} = {}) {
	const session = new TmuxSession(`node ${builtCli} wizard ${exampleRoot} ${args}`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, ...sizes});
	after(() => {
		session.close();
	});
	return session;
}

test('in a real terminal, Enter at every prompt on the example completes all five steps in the sandbox', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-e2e-'));
	const ui = wizard(`--report ${path.join(folder, 'session.md')}`, folder, {columns: 80, rows: 34});
	const steps: Array<[string | RegExp, number?]> = [
		['Step 1/5'], ['✓ fixed line 1'], ['Step 2/5'], ['Use the sandbox'], ['Which project'], ['Enter submit the build job'],
		['✓ Built gauge-equivariant-mesh-cnn.sif', 60_000], ['Which image?'], ['Which GPU coretype?'], ['How big a node'], ['Walltime:'], ['python /workspace/experiments/shapes.py'], ['Enter submit the job'],
	];
	for (const [marker, timeout] of steps) {
		const screen = await ui.waitFor(marker, timeout);
		if (marker === 'Which image?') {
			// A narrower terminal: the frame is redrawn whole, header first, nothing wider than it.
			ui.resize(64, 34);
			const narrow = await ui.waitFor(/^rescale-apptainer {2}Step 5\/5.{0,40}\n/);
			assert.equal(narrow.match(/Step 5\/5/g)?.length, 1, `no stale copy of the old frame:\n${narrow}`);
			assert.ok(screen.includes('Which image?'));
			ui.resize(80, 34);
			await ui.waitFor(/^rescale-apptainer {2}Step 5\/5/);
		}

		if (marker === 'Enter submit the job' || marker === 'Enter submit the build job') {
			// Enter is taken only once the confirmation has been on screen for a moment.
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		ui.press('Enter');
	}

	const done = await ui.waitFor('Output files:', 60_000);
	assert.match(done, /outputs\/metrics\.csv/);
	assert.match(done, /Completed \(Completed successfully\)/);
	for (const line of done.split('\n')) {
		assert.ok(line.length <= 80, `fits 80 columns: ${line}`);
	}

	ui.press('Enter');
	const left = await ui.waitFor('EXIT=0');
	// The frame left above the prompt is the run's record, with no keys that no longer do anything.
	assert.match(left, /Output files:[\s\S]*EXIT=0/, `the last frame stays:\n${left}`);
	assert.doesNotMatch(left, /Enter finish|q quit/, `no key hints left behind:\n${left}`);
	const report = readFileSync(path.join(folder, 'session.md'), 'utf8');
	assert.match(report, /## Findings\n\n- line 6 \*\*torch-wheel-mismatch\*\* \(error\)/);
	assert.match(report, /Fixes applied in memory:\n\n- line 1: pytorch\/pytorch:1\.10\.0/);
	assert.match(report, /## Definition file\n\n```\nBootstrap: docker\nFrom: pytorch\/pytorch:1\.11\.0-cuda11\.3-cudnn8-runtime/);
	assert.match(report, /## Job \w+: DO NOT REMOVE - Apptainer Image Build gauge-equivariant-mesh-cnn\n\n(?:- \S+ .*\n)*- \S+ Completed \(Completed successfully\)/);
	assert.match(report, /## Job \w+: Apptainer run gauge-equivariant-mesh-cnn\.sif on aquamarine_v3[\s\S]*Test Results - Epoch: 10/);
	assert.match(report, /- output outputs\/metrics\.csv/);
	const sandboxKey = readFileSync(path.join(folder, '.rescale-apptainer', 'sandbox', 'api-key'), 'utf8').trim();
	assert.ok(!report.includes(sandboxKey), 'the key is not in the report');
});

/** Ctrl-C while a job runs, then Enter to leave it running: the job's id and the screen the wizard left. */
async function leaveJobRunning(terminal: ReturnType<typeof wizard>) {
	const running = await terminal.waitFor(/Job (\w+) (?:created|submitted)/);
	const job = /Job (\w+) (?:created|submitted)/.exec(running)![1]!;
	terminal.press('C-c');
	await terminal.waitFor('is still running on sandbox (simulation)');
	terminal.press('Enter');
	return {job, left: await terminal.waitFor('EXIT=130')};
}

test('Ctrl-C during the build leaves the job running; a restarted wizard reattaches to it', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-e2e-'));
	const first = wizard('--speed 4', folder);
	for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5', 'Use the sandbox', 'Which project', 'Enter submit the build job']) {
		await first.waitFor(marker);
		if (marker === 'Enter submit the build job') {
			// The plan takes Enter once it has been in view a moment (typed ahead, Enter pays for nothing).
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		first.press('Enter');
	}

	const {job, left} = await leaveJobRunning(first);
	// On a line of its own, not glued to the last frame's footer.
	assert.match(left, new RegExp(`^Job ${job} keeps running on sandbox \\(simulation\\)`, 'm'));

	// The project chosen in the first session is remembered for the sandbox: not asked again.
	const second = wizard('--speed 40', folder);
	// Enter there follows the job submitted earlier, and says so.
	for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5', 'Use the sandbox', `Enter follow build job ${job}, submitted earlier`]) {
		await second.waitFor(marker);
		if (marker.startsWith('Enter follow build job')) {
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		second.press('Enter');
	}

	await second.waitFor('✓ Built gauge-equivariant-mesh-cnn.sif', 60_000);
	// The finished build's timeline goes to the history above the live frame (printed right after the result).
	const reattached = await second.waitFor(new RegExp(`job ${job} reattached`));
	assert.doesNotMatch(reattached, /context\.tar\.gz +█/, 'nothing uploaded again');
});

test('Ctrl-C while step 3 starts the sandbox and checks it: the wizard ends (exit 130), nothing keeps it alive', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-e2e-'));
	const ui = wizard('', folder);
	for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5']) {
		await ui.waitFor(marker);
		ui.press('Enter');
	}

	await ui.waitFor('Use the sandbox');
	ui.press('Enter');
	await new Promise(resolve => setTimeout(resolve, 50));
	ui.press('C-c');
	await ui.waitFor(/EXIT=130/, 15_000);
});

test('without a terminal the wizard points to the headless commands', async () => {
	const result = await runCliAsync(['wizard', exampleRoot]);
	assert.equal(result.status, 2);
	assert.equal(result.stderr, 'rescale-apptainer: the wizard needs a terminal; without one use the commands validate, convert, build and run (rescale-apptainer --help).\n');
});

test('at 80x24, Enter only walks all five steps: the header is always on screen, and the cost once there is one', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-e2e-'));
	const ui = wizard('--speed 40', folder, {columns: 80, rows: 24});
	const steps: Array<[string, number, boolean]> = [
		['Step 1/5', 1, false], ['✓ fixed line 1', 1, false], ['Step 2/5', 2, false], ['Use the sandbox', 3, false], ['Which project', 3, false], ['Enter submit the build job', 4, true],
		['✓ Built gauge-equivariant-mesh-cnn.sif', 4, true], ['Which image?', 5, false], ['Which GPU coretype?', 5, true], ['How big a node', 5, true], ['Walltime:', 5, true], ['python /workspace/experiments/shapes.py', 5, false], ['Enter submit the job', 5, true],
	];
	for (const [marker, step, cost] of steps) {
		const screen = await ui.waitFor(marker, 60_000);
		// Finished steps are printed above the live frame, so the header is on screen, not always on its first row.
		assert.match(screen, new RegExp(`^rescale-apptainer {2}Step ${step}/5`, 'm'), `header on screen at ${marker}:\n${screen}`);
		if (cost) {
			assert.match(screen, /\$\d+\.\d\d/, `a price on screen at ${marker}:\n${screen}`);
		}

		if (step === 4) {
			// The build's whole cost line and the context's reason, wrapped under their labels rather than cut at 80 columns.
			assert.match(screen, /at most \$\d+\.\d\d on demand\s+\(\$\d+\.\d\d\s+at\s+low\s+priority\)/, `the build's cost line whole at ${marker}:\n${screen}`);
			assert.doesNotMatch(screen, /^(Job|On|Context): .*…$/m, `no plan line cut at ${marker}:\n${screen}`);
		}

		if (marker === 'Enter submit the build job') {
			// The plan, like the run's confirmation, takes Enter only once it has been in view a moment.
			ui.press('Enter');
			await new Promise(resolve => setTimeout(resolve, 300));
			assert.match(ui.screen(), /Enter submit the build job/, 'the quick Enter was ignored');
			await new Promise(resolve => setTimeout(resolve, 1000));
		}

		if (marker === 'Enter submit the job') {
			// The confirmation, one fact per line, all within 80 columns; a quick Enter is ignored.
			assert.match(screen, /Coretype +Aquamarine v3 \(aquamarine_v3\)\nNode +6 cores, 1 GPU\(s\)\nWalltime +1 h \(the job is stopped then\)\nCost +at most \$5\.05 \(\$5\.05\/h\)/);
			for (const line of screen.split('\n')) {
				assert.ok(line.length <= 80, `fits 80 columns: ${line}`);
			}

			ui.press('Enter');
			await new Promise(resolve => setTimeout(resolve, 300));
			assert.match(ui.screen(), /Enter submit the job/, 'the quick Enter was ignored');
			await new Promise(resolve => setTimeout(resolve, 1000));
		}

		ui.press('Enter');
	}

	const done = await ui.waitFor('Output files:', 60_000);
	assert.match(done, /Cost +at most \$5\.05/);
});

test('Ctrl-C during the GPU run and a restart: the run is followed again, and there is exactly one run job', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-e2e-'));
	const first = wizard('--speed 20', folder, {columns: 80, rows: 24});
	for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5', 'Use the sandbox', 'Which project', 'Enter submit the build job', '✓ Built gauge-equivariant-mesh-cnn.sif', 'Which image?', 'Which GPU coretype?', 'How big a node', 'Walltime:', 'python /workspace/experiments/shapes.py', 'Enter submit the job']) {
		await first.waitFor(marker, 120_000);
		if (marker === 'Enter submit the job' || marker === 'Enter submit the build job') {
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		first.press('Enter');
	}

	const {job} = await leaveJobRunning(first);

	const second = wizard('--speed 40', folder, {columns: 80, rows: 24});
	for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5', 'Use the sandbox']) {
		await second.waitFor(marker);
		second.press('Enter');
	}

	const reattached = await second.waitFor(`Job ${job} reattached`, 30_000);
	assert.match(reattached, /Step 5\/5/);
	await second.waitFor('Output files:', 60_000);
	second.press('Enter');
	await second.waitFor('EXIT=0');
	const jobs = JSON.parse(readFileSync(path.join(folder, '.rescale-apptainer', 'sandbox', 'state.json'), 'utf8')) as unknown;
	const names = JSON.stringify(jobs).match(/"name":"Apptainer run [^"]+"/g) ?? [];
	assert.equal(new Set(names).size, 1, `exactly one run job: ${names.join(', ')}`);
});

/** Steps 1-4 at 80x24 with Enter only, as the tests above walk them; each marker with the step its header must show. */
const toTheBuild: Array<[string, number]> = [['Step 1/5', 1], ['✓ fixed line 1', 1], ['Step 2/5', 2], ['Use the sandbox', 3], ['Which project', 3], ['Enter submit the build job', 4]];

const clearScreen = /\u001B\[[23]J/;

test('at 80x24 the live frame never outgrows the terminal: finished steps scroll away once, nothing is cleared, the header stays', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-e2e-'));
	const ui = wizard('--speed 40', folder, {columns: 80, rows: 24});
	const output = path.join(folder, 'pane.out');
	ui.record(output);
	const steps: Array<[string, number]> = [...toTheBuild, ['✓ Built gauge-equivariant-mesh-cnn.sif', 4], ['Which image?', 5], ['Which GPU coretype?', 5], ['How big a node', 5], ['Walltime:', 5], ['python /workspace/experiments/shapes.py', 5], ['Enter submit the job', 5]];
	for (const [marker, step] of steps) {
		const screen = await ui.waitFor(marker, 60_000);
		assert.match(screen, new RegExp(`^rescale-apptainer {2}Step ${step}/5`, 'm'), `header on screen at ${marker}:\n${screen}`);
		if (marker === 'Enter submit the job' || marker === 'Enter submit the build job') {
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		ui.press('Enter');
	}

	await ui.waitFor(/Job \w+ submitted: Apptainer run/, 60_000);
	assert.doesNotMatch(readFileSync(output, 'utf8'), clearScreen, 'no clear-screen escape from the first frame to the submitted run');
	const history = ui.history();
	for (const line of [/^✓ Step 1 Validate the Dockerfile: no errors, .*1 fix/m, /^✓ Step 2 Review the def file: def generated/m, /^✓ Step 3 API key: connected to sandbox/m, /^✓ Step 4 Build on Rescale: built gauge-equivariant-mesh-cnn\.sif \([\d.]+ KB\) with\s+job \w+/m, /^ {4}job \w+ submitted: Pending at \d+s →\s/m]) {
		assert.equal(history.match(new RegExp(line.source, 'gm'))?.length, 1, `${String(line)} once in the scrollback:\n${history}`);
	}

	for (const row of history.split('\n')) {
		assert.ok(row.length <= 80, `nothing wider than the terminal: ${row}`);
	}

	// The finished run: its timeline goes to the history, the live frame keeps the outcome and the cost.
	const done = await ui.waitFor('Output files:', 60_000);
	assert.match(done, /^rescale-apptainer {2}Step 5\/5/m, `header on screen at the end of the run:\n${done}`);
	assert.match(done, /Cost +at most \$5\.05/);
	ui.press('d');
	const downloaded = await ui.waitFor('✓ Downloaded 2 output file(s)', 60_000);
	assert.match(downloaded, /^rescale-apptainer {2}Step 5\/5/m, `header on screen after the download:\n${downloaded}`);
	assert.match(downloaded, /Cost +at most \$5\.05/);
	const command = /(rescale-apptainer download [\s\S]*?)\n\n/.exec(downloaded)![1]!.replaceAll(/\s+/g, ' ');
	assert.doesNotMatch(readFileSync(output, 'utf8'), clearScreen, 'no clear-screen escape through the end of the run and the download');
	const all = ui.history();
	const headline = String.raw`✓ Step 5 Run on a GPU: job (\w+) Completed, the command exited with code 0; gauge-equivariant-mesh-cnn\.sif on Aquamarine v3`;
	const ran = all.match(new RegExp(`^${headline.replaceAll(' ', String.raw`\s+`)}`, 'gm'));
	assert.equal(ran?.length, 1, `the run once in the scrollback:\n${all}`);
	const runJob = /job (\w+) Completed/.exec(ran![0])![1]!;
	assert.match(all, new RegExp(`^ {4}job ${runJob} submitted: Pending at \\d+s →\\s[^✓]*Completed at \\d+s\\s+\\(elapsed\\s+\\d+s\\)`, 'm'));
	// Timelines wrap between entries: no row ends inside one (`Executing` / `at 1s`).
	assert.doesNotMatch(all, /(?:Pending|Queue|Queued|Started|Validated|Executing|Completed)(?: at)?\n {4}(?:at\b|\d+s)/);
	for (const row of all.split('\n')) {
		assert.ok(row.length <= 80, `nothing wider than the terminal: ${row}`);
	}

	ui.press('Enter');
	await ui.waitFor('EXIT=0');

	// The printed command fetches the same files again, from the sandbox the wizard left, without a new job.
	const job = /download (\w+) /.exec(command)![1]!;
	const target = path.join(folder, 'rescale-outputs', job);
	rmSync(target, {recursive: true});
	const [program, ...args] = command.trim().split(' ');
	assert.equal(program, 'rescale-apptainer');
	const again = await runCliAsync(args, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}});
	assert.equal(again.status, 0, again.stdout + again.stderr);
	assert.equal(readFileSync(path.join(target, 'outputs', 'metrics.csv'), 'utf8').split('\n')[0], 'epoch,accuracy,loss');
	const state = readFileSync(path.join(folder, '.rescale-apptainer', 'sandbox', 'state.json'), 'utf8');
	assert.equal(state.match(/"name":"Apptainer run [^"]+"/g)?.length, 1, 'one run job: the command submitted none');
});

test('a build left running, then a restart that applies a fix: the banner and step 4 say what differs, and Enter alone submits no second build', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-e2e-'));
	const first = wizard('--speed 1', folder, {columns: 80, rows: 24});
	// The first session builds the Dockerfile as it is: o continues despite the error, no fix applied.
	await first.waitFor('Step 1/5');
	first.press('o');
	for (const marker of ['Step 2/5', 'Use the sandbox', 'Which project', 'Enter submit the build job']) {
		await first.waitFor(marker);
		if (marker === 'Enter submit the build job') {
			// The plan takes Enter once it has been in view a moment (typed ahead, Enter pays for nothing).
			await new Promise(resolve => setTimeout(resolve, 1200));
		}

		first.press('Enter');
	}

	const {job} = await leaveJobRunning(first);

	const second = wizard('--speed 1', folder, {columns: 80, rows: 24});
	const output = path.join(folder, 'second.out');
	second.record(output);
	// The banner comes with Ink's first frame, after the header drawn before Ink loads.
	const start = await second.waitFor('from an earlier session');
	assert.match(start.replaceAll(/\s+/g, ' '), new RegExp(`Build job ${job} of this Dockerfile from an earlier session may still run: continue with the same choices to follow it again`));
	second.press('Enter');
	const fixed = await second.waitFor('✓ fixed line 1');
	assert.match(fixed.replaceAll(/\s+/g, ' '), new RegExp(`Build job ${job} of this Dockerfile from an earlier session may still run, for another def: fixes applied now were not applied then \\(line 1: pytorch/pytorch:1\\.10\\.0`));
	for (const marker of ['✓ fixed line 1', 'Step 2/5', 'Use the sandbox']) {
		await second.waitFor(marker);
		second.press('Enter');
	}

	const asked = await second.waitFor('b build this one too', 60_000);
	assert.match(asked, /^rescale-apptainer {2}Step 4\/5/m);
	assert.match(asked.replaceAll(/\s+/g, ' '), new RegExp(`An earlier build of this Dockerfile is still in flight: job ${job} \\(submitted [\\d:]+\\), for another def\\. What differs: • fixes applied now were not applied then \\(line 1: pytorch/pytorch:1\\.10\\.0`));
	assert.match(asked, new RegExp(`f follow job ${job} {2}· {2}b build this one too {2}· {2}Esc back`));
	second.press('Enter');
	second.press('Enter');
	await new Promise(resolve => setTimeout(resolve, 1500));
	assert.match(second.screen(), /b build this one too/, 'Enter is not an answer: still asking');
	second.press('f');
	await second.waitFor(new RegExp(`Job ${job} reattached`), 30_000);
	second.press('C-c');
	await second.waitFor('is still running on sandbox (simulation)');
	second.press('Enter');
	await second.waitFor('EXIT=130');
	const state = readFileSync(path.join(folder, '.rescale-apptainer', 'sandbox', 'state.json'), 'utf8');
	assert.equal(state.match(/"name":"DO NOT REMOVE - Apptainer Image Build [^"]+"/g)?.length, 1, 'one build job, the first one');
	assert.doesNotMatch(readFileSync(output, 'utf8'), clearScreen, 'the restarted session never cleared the screen');
});
