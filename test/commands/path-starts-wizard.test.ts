import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {builtCli, runCli} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

/** A folder to run in, holding `repo/Dockerfile` and a folder named like a command, `validate/Dockerfile`. */
function workspace(): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'path-wizard-'));
	for (const name of ['repo', 'validate']) {
		mkdirSync(path.join(folder, name));
		writeFileSync(path.join(folder, name, 'Dockerfile'), 'FROM alpine:3.19\nRUN echo hello\n');
	}

	return folder;
}

const offTerminal = /^rescale-apptainer: the wizard needs a terminal; without one use the commands/;

describe('rescale-apptainer PATH is rescale-apptainer wizard PATH', () => {
	test('off a terminal, a folder, a Dockerfile or an absolute path gets the refusal wizard PATH gets, exit 2', () => {
		const folder = workspace();
		const env = {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')};
		const refusal = runCli(['wizard', 'repo', '--sandbox'], {cwd: folder, env});
		assert.equal(refusal.status, 2);
		assert.match(refusal.stderr, offTerminal);
		for (const target of ['repo', 'repo/Dockerfile', path.join(folder, 'repo'), './validate']) {
			const result = runCli([target, '--sandbox'], {cwd: folder, env});
			assert.deepEqual(result, refusal, target);
		}
	});

	test('the wizard\'s flags are checked for a PATH as for wizard PATH', () => {
		const folder = workspace();
		const result = runCli(['repo', '--sif', 'x.sif'], {cwd: folder});
		assert.equal(result.status, 2);
		assert.match(result.stderr, /^rescale-apptainer: wizard does not take --sif/);
	});

	test('PATH --help is the wizard\'s help, which says so', () => {
		const folder = workspace();
		const result = runCli(['repo', '--help'], {cwd: folder});
		assert.equal(result.status, 0);
		assert.deepEqual(result, runCli(['wizard', '--help'], {cwd: folder}));
		assert.match(result.stdout.replaceAll(/\n\s*/g, ' '), /rescale-apptainer PATH is rescale-apptainer wizard PATH \(a folder named like a command is written \.\/NAME\)/);
	});

	test('a command\'s name is the command even when a folder has that name', () => {
		const folder = workspace();
		const result = runCli(['validate'], {cwd: folder});
		assert.equal(result.status, 2);
		assert.match(result.stderr, /has no Dockerfile/, 'validate of the current folder, not the wizard on ./validate');
	});

	test('a word that is neither a command nor a file or folder is an unknown command, exit 2', () => {
		const folder = workspace();
		for (const word of ['frobnicate', 'repo2', 'repo/Dockerfil', './nowhere']) {
			const result = runCli([word, '--sandbox'], {cwd: folder});
			assert.equal(result.status, 2, word);
			assert.equal(result.stdout, '');
			assert.match(result.stderr, new RegExp(`^rescale-apptainer: unknown command "${word.replaceAll('.', '\\.')}", and no file or folder of that name here\\nCommands: wizard, validate, `), word);
		}
	});

	test('the overview --help says a PATH without a command starts the wizard', () => {
		const result = runCli(['--help']);
		assert.match(result.stdout, /\[command\] \[PATH\]/);
		assert.match(result.stdout.replaceAll(/\n\s*/g, ' '), /Without a command, the wizard starts: on PATH \(a Dockerfile or the folder holding one\) when given/);
	});

	test('in a real terminal, PATH --sandbox opens the wizard on that Dockerfile', {skip: hasTmux ? false : 'tmux is not installed (.ci/run installs it)'}, async () => {
		const folder = workspace();
		const ui = new TmuxSession(`node ${builtCli} repo --sandbox`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 80, rows: 24});
		after(() => {
			ui.close();
		});
		const screen = await ui.waitFor('No problems found.');
		assert.match(screen, /^repo\/Dockerfile\nNo problems found\.$/m);
		ui.press('q');
		await ui.waitFor('EXIT=0');
	});
});
