import assert from 'node:assert/strict';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {exampleRoot, runCli, runCliAsync, type CliResult} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';

function workspace() {
	const folder = mkdtempSync(path.join(tmpdir(), 'written-paths-'));
	return {folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: '', RESCALE_PLATFORM: '', RESCALE_PROJECT: ''}};
}

/** A usage error on one screen (the message and its hint), exit 2, no stack, nothing on stdout. */
function assertUsageError(result: CliResult, pattern: RegExp) {
	assert.equal(result.status, 2, result.stdout + result.stderr);
	assert.match(result.stderr, pattern);
	assert.ok(result.stderr.trimEnd().split('\n').length <= 2, result.stderr);
	assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
}

/** The folder's entries, but the config folder a command may make. */
function entries(folder: string) {
	return readdirSync(folder).filter(name => name !== 'config').sort();
}

describe('a path to write whose folder does not exist is refused before anything is written, naming the folder and the way forward', () => {
	test('convert -o: a typo in the folder is not made into folders', () => {
		const {folder} = workspace();
		const result = runCli(['convert', exampleRoot, '-o', 'mising/dir/gem.def'], {cwd: folder});
		assertUsageError(result, new RegExp(`^rescale-apptainer: -o mising/dir/gem\\.def: the folder ${path.join(folder, 'mising', 'dir')} does not exist; nothing was written\nCreate it \\(mkdir -p ${path.join(folder, 'mising', 'dir')}\\), or name a file inside a folder that exists\\.\n$`));
		assert.equal(result.stdout, '');
		assert.deepEqual(entries(folder), []);
	});

	test('convert -o through a file, into an existing folder, or where the path cannot be looked at: exit 2, never a bug', () => {
		const {folder} = workspace();
		writeFileSync(path.join(folder, 'notes.txt'), 'mine');
		assertUsageError(runCli(['convert', exampleRoot, '-o', 'notes.txt/gem.def'], {cwd: folder}), /-o notes\.txt\/gem\.def: \S+notes\.txt is a file, not a folder; nothing was written\nName a file inside a folder that exists\./);
		assertUsageError(runCli(['convert', exampleRoot, '-o', 'notes.txt/defs/gem.def'], {cwd: folder}), /-o notes\.txt\/defs\/gem\.def: the folder \S+notes\.txt\/defs does not exist; nothing was written/);
		mkdirSync(path.join(folder, 'defs'));
		assertUsageError(runCli(['convert', exampleRoot, '-o', 'defs'], {cwd: folder}), /-o defs: that is an existing folder, not a file; nothing was written/);
		symlinkSync('loop', path.join(folder, 'loop'));
		assertUsageError(runCli(['convert', exampleRoot, '-o', 'loop/gem.def'], {cwd: folder}), /loop cannot be looked at \(ELOOP\)/);
		assert.equal(readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'mine');
		assert.deepEqual(readdirSync(path.join(folder, 'defs')), []);
	});

	test('convert -o into a folder that exists (the current one, or one below) writes the file', () => {
		const {folder} = workspace();
		mkdirSync(path.join(folder, 'defs'));
		for (const target of ['gem.def', 'defs/gem.def']) {
			const result = runCli(['convert', exampleRoot, '-o', target], {cwd: folder});
			assert.equal(result.status, 0, result.stderr);
			assert.ok(readFileSync(path.join(folder, target), 'utf8').startsWith('Bootstrap: docker'));
		}
	});

	test('build and run --out, run --download: refused before the embedded sandbox starts or anything is submitted', async () => {
		const {folder, env} = workspace();
		const out = /^rescale-apptainer: --out typo\/out: the folder \S+typo does not exist; nothing was submitted\nCreate it \(mkdir -p \S+typo\), or name a folder inside a folder that exists\./;
		assertUsageError(await runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--sandbox', '--yes', '--out', 'typo/out'], {cwd: folder, env}), out);
		assertUsageError(await runCliAsync(['run', '--sandbox', '--yes', '--out', 'typo/out', '--sif', 'python.sif', '--coretype', 'aquamarine_v3'], {cwd: folder, env}), out);
		assertUsageError(await runCliAsync(['run', '--sandbox', '--yes', '--download', 'typo/results', '--sif', 'python.sif', '--coretype', 'aquamarine_v3'], {cwd: folder, env}), /^rescale-apptainer: --download typo\/results: the folder \S+typo does not exist; nothing was submitted\nCreate it \(mkdir -p \S+typo\), or name a folder for the output files inside one that exists, e\.g\. --download results\.\n$/);
		assert.deepEqual(entries(folder), [], 'no typo folder, and no .rescale-apptainer: the sandbox never started');
	});

	test('download: DIR and --out in a missing folder are refused before the platform is asked; a new DIR in an existing folder is not', async () => {
		const sandbox = await startSandbox();
		const {folder, env} = workspace();
		const platform = {...env, RESCALE_API_KEY: testApiKey};
		assertUsageError(await runCliAsync(['download', 'J1', 'typo/results', '--platform', sandbox.url], {cwd: folder, env: platform}), /^rescale-apptainer: typo\/results: the folder \S+typo does not exist; nothing was downloaded\nCreate it/);
		assertUsageError(await runCliAsync(['download', 'J1', '--sandbox', '--out', 'typo/out'], {cwd: folder, env}), /^rescale-apptainer: --out typo\/out: the folder \S+typo does not exist; nothing was downloaded/);
		assert.deepEqual(entries(folder), []);
		// A new DIR in a folder that exists passes the check: the platform is asked about the job (it has none).
		const accepted = await runCliAsync(['download', 'J1', 'results', '--platform', sandbox.url], {cwd: folder, env: platform});
		assert.equal(accepted.status, 1, accepted.stdout + accepted.stderr);
		assert.match(accepted.stderr, /jobs\/J1\/statuses\/: not found on Rescale/);
	});

	test('sandbox --state and wizard --out in a missing folder: the same refusal, nothing made', async () => {
		const {folder, env} = workspace();
		// A sandbox that starts all the same is stopped at once, so the test fails instead of waiting on it.
		assertUsageError(await runCliAsync(['sandbox', '--state', 'typo/state'], {cwd: folder, env, onLine(_line, child) {
			child.kill('SIGINT');
		}}), /^rescale-apptainer: --state typo\/state: the folder \S+typo does not exist; the sandbox did not start\nCreate it/);
		assertUsageError(runCli(['wizard', '--out', 'typo/out', '--sandbox'], {cwd: folder, env}), /^rescale-apptainer: --out typo\/out: the folder \S+typo does not exist; nothing has started\nCreate it/);
		assert.deepEqual(entries(folder), []);
		assert.ok(!existsSync(path.join(folder, 'typo')));
	});
});
