import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {commands} from '../../source/commands/command-table.js';
import {flagLabel} from '../../source/commands/flags.js';
import {exampleRoot, runCli} from '../helpers/cli.js';

const empty = () => mkdtempSync(path.join(tmpdir(), 'flags-'));

describe('flags per command', () => {
	test('a flag of another command is refused, naming the command\'s own flags', () => {
		for (const [args, refused] of [[['wizard', '--port', '9'], '--port'], [['build', '--download', 'x'], '--download'], [['validate', '--sandbox'], '--sandbox'], [['logout', '--platform', 'eu'], '--platform']] as const) {
			const result = runCli([...args], {cwd: empty()});
			assert.equal(result.status, 2, args.join(' '));
			assert.match(result.stderr, new RegExp(`${args[0]} does not take ${refused}`));
			const own = commands.find(command => command.name === args[0])!.flags.map(([name]) => flagLabel(name));
			assert.ok(own.length === 0 ? result.stderr.includes('takes no options') : own.every(flag => result.stderr.includes(flag)), result.stderr);
			assert.ok(!result.stderr.includes('    at '), 'no stack trace');
		}
	});

	test('a misspelt or unknown flag is refused before anything happens', () => {
		const cwd = empty();
		for (const args of [['build', exampleRoot, '--walltim', '5', '--sandbox', '--yes'], ['run', '--bogus'], ['convert', exampleRoot, '-x'], ['build', exampleRoot, '--gpu', '2', '--sandbox', '--yes']]) {
			const result = runCli(args, {cwd});
			assert.equal(result.status, 2, args.join(' '));
			assert.match(result.stderr, /unknown option -/);
		}

		assert.ok(!existsSync(path.join(cwd, '.rescale-apptainer')), 'nothing was planned or uploaded');
	});

	test('a flag without its value, an empty value or a non-number is exit 2', () => {
		for (const [args, pattern] of [[['convert', exampleRoot, '-o'], /--output needs a value/], [['build', '--platform', ''], /--platform needs a value/], [['run', '--cores', 'abc'], /--cores needs a number/], [['build', '--walltime', 'two'], /--walltime needs a number/]] as const) {
			const result = runCli([...args], {cwd: empty()});
			assert.equal(result.status, 2, args.join(' '));
			assert.match(result.stderr, pattern);
		}
	});

	test('COMMAND --help prints that command\'s help, lists exactly its flags, and does nothing else', () => {
		const config = empty();
		writeFileSync(path.join(config, 'config.json'), JSON.stringify({apiKey: 'stored-key-for-the-help-test', platform: 'https://platform.rescale.com', inFlight: {}}), {mode: 0o600});
		for (const command of commands) {
			const cwd = empty();
			const result = runCli([command.name, '--help', ...(command.name === 'build' ? [exampleRoot, '--sandbox', '--yes'] : [])], {cwd, env: {RESCALE_APPTAINER_CONFIG_DIR: config}});
			assert.equal(result.status, 0, command.name);
			assert.ok(result.stdout.includes(command.usage), command.name);
			const listed = [...result.stdout.matchAll(/^ {4}(--[\w-]+)/gm)].map(match => match[1]);
			assert.deepEqual(listed, command.flags.map(([name]) => flagLabel(name)), command.name);
			assert.ok(result.stdout.split('\n').every(line => line.length <= 80), `${command.name} --help fits 80 columns`);
			assert.ok(!existsSync(path.join(cwd, '.rescale-apptainer')), `${command.name} --help started nothing`);
		}

		assert.match(readFileSync(path.join(config, 'config.json'), 'utf8'), /stored-key-for-the-help-test/, 'logout --help kept the key');
	});
});
