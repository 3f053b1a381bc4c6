import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {commands, type CommandSpec} from '../../source/commands/command-table.js';
import {flagLabel, flagTypes, readCommandLine, type FlagName} from '../../source/commands/flags.js';
import {checkFlags} from '../../source/commands/run-command.js';
import {UserError} from '../../source/errors.js';
import {exampleRoot, runCli, runCliAsync, type CliResult} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';

const empty = () => mkdtempSync(path.join(tmpdir(), 'help-'));

/** `COMMAND --help` of the built CLI, and the statuses its "Exit status" list names. */
function helpOf(name: string) {
	const result = runCli([name, '--help'], {cwd: empty()});
	assert.equal(result.status, 0, name);
	const [, exits = ''] = result.stdout.split('\n  Exit status\n');
	return {text: result.stdout, exits: [...exits.matchAll(/^ {4}(\d+) /gm)].map(match => Number(match[1]))};
}

const helps = new Map(commands.map(command => [command.name, helpOf(command.name)]));

describe('each command\'s --help lists the exit statuses it returns, and only those', () => {
	test('the lists, read from each command\'s code paths (70 is a bug, in every command)', () => {
		const expected: Record<string, number[]> = {
			wizard: [0, 1, 2, 70, 130],
			validate: [0, 1, 2, 70],
			convert: [0, 1, 2, 70],
			login: [0, 1, 2, 70, 130],
			logout: [0, 2, 70],
			build: [0, 1, 2, 70, 130],
			run: [0, 1, 2, 70, 130],
			download: [0, 1, 2, 70, 130],
			doctor: [0, 1, 2, 70],
			sandbox: [0, 2, 70],
		};
		assert.deepEqual(Object.fromEntries(commands.map(command => [command.name, helps.get(command.name)!.exits])), expected);
	});

	test('each status provoked here is one its command\'s --help lists', async () => {
		const sandbox = await startSandbox();
		const folder = empty();
		const clean = path.join(folder, 'clean');
		mkdirSync(clean);
		writeFileSync(path.join(clean, 'Dockerfile'), 'FROM alpine:3.19\nRUN echo hello\n');
		const typo = path.join(folder, 'typo');
		mkdirSync(typo);
		writeFileSync(path.join(typo, 'Dockerfile'), 'FROM alpine:3.19\nRUNN echo typo\n');
		const env = (key: string) => ({RESCALE_API_KEY: key, RESCALE_PLATFORM: '', RESCALE_PROJECT: '', RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')});
		const missing = path.join(folder, 'nowhere');
		const cases: Array<[[string, ...string[]], number, Promise<CliResult> | CliResult]> = [
			[['validate', clean], 0, runCli(['validate', clean])],
			[['validate', exampleRoot], 1, runCli(['validate', exampleRoot])],
			[['validate', missing], 2, runCli(['validate', missing])],
			[['convert', clean], 0, runCli(['convert', clean])],
			[['convert', typo], 1, runCli(['convert', typo])],
			[['convert', missing], 2, runCli(['convert', missing])],
			[['convert', '-o in a missing folder'], 2, runCli(['convert', clean, '-o', path.join(missing, 'clean.def')])],
			[['download', 'DIR in a missing folder'], 2, runCliAsync(['download', 'J1', path.join(missing, 'results'), '--platform', sandbox.url], {cwd: folder, env: env(testApiKey)})],
			[['logout'], 0, runCli(['logout'], {env: env('')})],
			[['logout', 'now'], 2, runCli(['logout', 'now'], {env: env('')})],
			[['login', 'good key'], 0, runCliAsync(['login', '--platform', sandbox.url], {cwd: folder, env: env(testApiKey)})],
			[['login', 'refused key'], 1, runCliAsync(['login', '--platform', sandbox.url], {cwd: folder, env: env('not-the-sandbox-key')})],
			[['login', 'no key'], 2, runCliAsync(['login', '--platform', sandbox.url], {cwd: folder, env: env(''), input: '\n'})],
			[['doctor', 'good key'], 0, runCliAsync(['doctor', '--platform', sandbox.url], {cwd: folder, env: env(testApiKey)})],
			[['doctor', 'refused key'], 1, runCliAsync(['doctor', '--platform', sandbox.url], {cwd: folder, env: env('not-the-sandbox-key')})],
			[['doctor', 'no key'], 2, runCliAsync(['doctor', '--platform', sandbox.url], {cwd: empty(), env: {...env(''), RESCALE_APPTAINER_CONFIG_DIR: empty()}})],
			[['sandbox', 'Ctrl-C'], 0, runCliAsync(['sandbox', '--json'], {onLine(_line, child) {
				child.kill('SIGINT');
			}})],
			[['sandbox', '--port 1e5'], 2, runCli(['sandbox', '--port', '1e5'])],
			[['sandbox', '--state under a file'], 2, runCli(['sandbox', '--state', path.join(clean, 'Dockerfile', 'state')])],
		];
		const results = await Promise.all(cases.map(async ([, , running]) => running));
		for (const [index, [[name, ...what], status]] of cases.entries()) {
			const result = results[index]!;
			const label = `${name} ${what.join(' ')}`;
			assert.equal(result.status, status, `${label}: ${result.stdout}${result.stderr}`);
			assert.ok(helps.get(name)!.exits.includes(status), `${name} --help lists ${status}`);
			assert.ok(!result.stderr.includes('internal error') && !(result.stdout + result.stderr).includes(testApiKey), label);
		}
	});
});

/** A value the parser takes for the flag. */
function writtenValue(name: FlagName): string[] {
	const {type} = flagTypes[name];
	return type === 'boolean' ? [] : [type === 'number' ? '2' : 'value'];
}

/** Whether the parser accepts this form of the flag for the command (its meaning is checked later). */
function accepts(command: CommandSpec, written: string[]): boolean {
	try {
		checkFlags(command, readCommandLine(written).flags);
		return true;
	} catch (error) {
		assert.ok(error instanceof UserError, String(error));
		assert.match(error.message, /does not take|unknown option/, written.join(' '));
		return false;
	}
}

test('every flag the parser accepts for a command is in that command\'s --help: in its options and in a usage line that names flags', () => {
	let accepted = 0;
	for (const command of commands) {
		const {text} = helps.get(command.name)!;
		const usage = /^ {4}\$ (.*)$/m.exec(text)![1]!;
		const options = text.split('\n  Options\n')[1]?.split('\n\n')[0] ?? '';
		for (const name of Object.keys(flagTypes) as FlagName[]) {
			const spec = flagTypes[name];
			const forms = [flagLabel(name), ...('short' in spec ? [`-${spec.short}`] : [])].filter(form => accepts(command, [form, ...writtenValue(name)]));
			if (forms.length === 0) {
				continue;
			}

			accepted++;
			const listed = (form: string) => new RegExp(`(^|[\\s,\\[])${form}(?=[\\s,\\]]|$)`, 'm');
			for (const form of forms) {
				assert.match(options, listed(form), `${command.name} accepts ${form}: its Options list it`);
			}

			assert.ok(usage.includes('[options]') || forms.some(form => listed(form).test(usage)), `${command.name} accepts ${forms.join(', ')}: its usage line "${usage}" names it or says [options]`);
		}
	}

	assert.ok(accepted > 50, `${accepted} flags were accepted in all`);
});
