import assert from 'node:assert/strict';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {commands} from '../../source/commands/command-table.js';
import {flagLabel} from '../../source/commands/flags.js';
import {exampleRoot, runCli, runCliAsync} from '../helpers/cli.js';

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

describe('hostile command lines', () => {
	const refused = (args: string[], pattern: RegExp) => {
		const cwd = empty();
		const result = runCli(args, {cwd});
		assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
		assert.match(result.stderr, pattern, args.join(' '));
		assert.equal(result.stdout, '', args.join(' '));
		assert.deepEqual(readdirSync(cwd), [], `${args.join(' ')} wrote nothing`);
		return result.stderr;
	};

	test('a value flag followed by a flag, a lone - or -- has no value (no file named after the flag)', () => {
		refused(['convert', exampleRoot, '-o', '--json'], /--output needs a value/);
		refused(['convert', exampleRoot, '-o', '--cores', '4'], /--output needs a value/);
		refused(['convert', exampleRoot, '-o', '-'], /--output needs a value/);
		refused(['run', '--sif', '--', 'python'], /--sif needs a value/);
		refused(['run', '--coretype', '--cores', '4'], /--coretype needs a value/);
		// The word after -o is read as a flag again.
		const help = runCli(['convert', exampleRoot, '-o', '--help'], {cwd: empty()});
		assert.equal(help.status, 0);
		assert.match(help.stdout, /rescale-apptainer convert \[PATH\]/);
	});

	test('numbers: empty, hexadecimal or partial is exit 2; 1e3 and negative numbers reach the command\'s own check', () => {
		for (const args of [['run', '--cores='], ['run', '--cores', ''], ['run', '--cores', '0x10'], ['sandbox', '--port', '80 '], ['sandbox', '--port', '-o'], ['build', '--walltime', 'Infinity']]) {
			refused(args, /needs a number/);
		}

		refused(['sandbox', '--port', '1e5'], /--port 100000: a port is a whole number/);
		refused(['sandbox', '--port', '-5'], /--port -5: a port is a whole number/);
	});

	test('booleans: --no-smoke-test and --smoke-test, the last one wins; a value is refused', () => {
		const tests = (...flags: string[]) => {
			const result = runCli(['convert', exampleRoot, ...flags]);
			assert.equal(result.status, 0, result.stderr);
			return result.stdout.includes('%test');
		};

		assert.deepEqual([tests(), tests('--no-smoke-test'), tests('--no-smoke-test', '--smoke-test'), tests('--smoke-test', '--no-smoke-test')], [true, false, true, false]);
		const plain = runCli(['validate', exampleRoot, '--json', '--no-json']);
		assert.equal(plain.status, 1);
		assert.match(plain.stdout, /^.*Dockerfile\n\nErrors \(1\)/);
		refused(['validate', exampleRoot, '--json=false'], /--json takes no value: write it without "="/);
		refused(['convert', exampleRoot, '--no-smoke-test=yes'], /--no-smoke-test takes no value/);
		refused(['convert', exampleRoot, '--no-output'], /unknown option --no-output/);
	});

	test('--help anywhere before -- wins over bad flags and names the command after it; after -- it is a word', () => {
		for (const args of [['validate', '--bogus', '--help'], ['--help', 'validate'], ['validate', '-xh'], ['validate', '--json=false', '-h']]) {
			const result = runCli(args, {cwd: empty()});
			assert.equal(result.status, 0, args.join(' '));
			assert.match(result.stdout, /rescale-apptainer validate \[PATH\] \[--json\]/, args.join(' '));
		}

		refused(['validate', '--', '--help'], /--help: no such file or folder/);
		refused(['validate', '--', '--json'], /--json: no such file or folder/);
		refused(['validate', '--version'], /unknown option --version/);
	});

	test('unknown short flags, bundles, camelCase and unicode flags are named as written', () => {
		refused(['validate', '-xyz'], /unknown option -x\n/);
		refused(['validate', '-é'], /unknown option -é\n/);
		refused(['validate', '--ñandú'], /unknown option --ñandú\n/);
		refused(['run', '--stopOnExit'], /unknown option --stopOnExit\n.*--stop-on-exit/);
	});

	test('unicode paths and values pass through untouched', () => {
		const folder = path.join(empty(), 'données-ü');
		mkdirSync(folder);
		copyFileSync(path.join(exampleRoot, 'Dockerfile'), path.join(folder, 'Dockerfile'));
		const target = path.join(folder, 'définition-模型.def');
		const result = runCli(['convert', folder, `--output=${target}`]);
		assert.equal(result.status, 0, result.stderr);
		assert.ok(readFileSync(target, 'utf8').startsWith('Bootstrap: docker'));
	});

	test('a value flag given twice with different values is exit 2 naming both; the same value twice is fine', () => {
		refused(['run', '--sif', 'a.sif', '--coretype', 'x', '--sif', 'b.sif'], /--sif is given twice: a.sif and b.sif/);
		refused(['build', '--cores', '2', '--cores=4'], /--cores is given twice: 2 and 4/);
		const target = path.join(empty(), 'gem.def');
		const result = runCli(['convert', exampleRoot, '-o', target, `--output=${target}`, '--no-smoke-test', '--no-smoke-test']);
		assert.equal(result.status, 0, result.stderr);
		const def = readFileSync(target, 'utf8');
		assert.ok(def.startsWith('Bootstrap: docker') && !def.includes('%test'), def);
	});

	test('a word or a repeated value that may be an API key is not repeated back', () => {
		const key = 'word-that-may-be-a-key-4f7a';
		for (const [args, pattern] of [
			[['login', key], /login takes no PATH, got 1 word \(not shown, in case one is a key\)/],
			[['sandbox', '--api-key', key, '--api-key', `${key}-2`], /--api-key is given twice with different values/],
			[['sandbox', `--json=${key}`], /--json takes no value: write it without "="/],
		] as const) {
			assert.ok(!refused([...args], pattern).includes(key), args.join(' '));
		}
	});

	test('on Linux, --api-key does not show in ps: the process is titled rescale-apptainer', {skip: process.platform !== 'linux'}, async () => {
		const key = 'sandbox-key-that-ps-must-not-show';
		let cmdline = '';
		await runCliAsync(['sandbox', '--json', '--port', '0', '--api-key', key, '--state', empty()], {
			onLine(_line, child) {
				cmdline ||= readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
				child.kill('SIGINT');
			},
		});
		assert.match(cmdline, /^rescale-apptainer\0*$/);
	});
});

test('--speed 0, below 0 or absurdly high is refused up front for the embedded sandbox too, as for the sandbox command', () => {
	for (const args of [['build', exampleRoot, '--sandbox', '--speed', '0'], ['wizard', exampleRoot, '--sandbox', '--speed', '-1'], ['sandbox', '--speed', '1e9'], ['run', '--sandbox', '--speed=0']]) {
		const result = runCli(args, {cwd: empty()});
		assert.equal(result.status, 2, args.join(' '));
		assert.match(result.stderr, /--speed \S+: give how many times faster than real time jobs run, above 0/);
	}
});
