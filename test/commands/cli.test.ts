import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {exampleRoot, projectRoot, runCli} from '../helpers/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'rescale-apptainer-cli-'));

function file(name: string, content: string | Buffer): string {
	const target = path.join(scratch, name);
	mkdirSync(path.dirname(target), {recursive: true});
	writeFileSync(target, content);
	return target;
}

function assertOneClearLine(result: {status: number | null; stdout: string; stderr: string}, pattern: RegExp) {
	assert.equal(result.status, 2, result.stderr);
	assert.equal(result.stdout, '');
	assert.match(result.stderr, pattern);
	assert.ok(result.stderr.split('\n').filter(Boolean).length <= 2, result.stderr);
	assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
}

describe('bad input gets one clear line and exit 2', () => {
	const cases: Array<[string, () => string, RegExp]> = [
		['a missing path', () => path.join(scratch, 'nope'), /no such file or folder/],
		['a folder without a Dockerfile', () => {
			mkdirSync(path.join(scratch, 'empty-folder'), {recursive: true});
			return path.join(scratch, 'empty-folder');
		}, /has no Dockerfile/],
		['an empty file', () => file('empty/Dockerfile', ''), /is empty/],
		['a file of blank lines', () => file('blank/Dockerfile', '\n  \n\t\n'), /is empty/],
		['a binary file', () => file('binary/Dockerfile', Buffer.from([0x7F, 0x45, 0x4C, 0x46, 0, 1, 2])), /binary file/],
		['a UTF-16 file', () => file('utf16/Dockerfile', Buffer.from('\uFEFFFROM alpine', 'utf16le')), /UTF-16/],
		['a file of several MB', () => file('huge/Dockerfile', `FROM alpine\n${'RUN echo x\n'.repeat(500_000)}`), /too large/],
		['text that is not a Dockerfile', () => file('prose/Dockerfile', 'Hello there,\nthis is a letter.\n'), /does not look like a Dockerfile/],
	];
	for (const [name, make, pattern] of cases) {
		test(name, () => {
			const target = make();
			assertOneClearLine(runCli(['validate', target]), pattern);
			assertOneClearLine(runCli(['convert', target]), pattern);
		});
	}

	test('an unknown command or extra arguments', () => {
		assertOneClearLine(runCli(['frobnicate']), /unknown command "frobnicate"/);
		assertOneClearLine(runCli(['validate', 'a', 'b']), /takes one PATH/);
	});
});

describe('accepted input', () => {
	test('a UTF-8 BOM and CRLF line endings are handled, not leaked', () => {
		const target = file('crlf/Dockerfile', '\uFEFFFROM alpine:3.19\r\nRUN echo one && \\\r\n    echo two\r\nCMD ["sh"]\r\n');
		assert.equal(runCli(['validate', target]).status, 0);
		const result = runCli(['convert', target]);
		assert.equal(result.status, 0);
		assert.ok(result.stdout.startsWith('Bootstrap: docker\nFrom: alpine:3.19\n'));
		assert.ok(!result.stdout.includes('\r') && !result.stdout.includes('\uFEFF'));
	});

	test('PATH defaults to the current folder', () => {
		const result = runCli(['convert'], {cwd: exampleRoot});
		assert.equal(result.status, 0, result.stderr);
		assert.match(result.stdout, /From: pytorch\/pytorch:1.10.0-cuda11.3-cudnn8-runtime/);
	});
});

describe('output contracts', () => {
	test('validate --json: a stable object, exit 1 on errors', () => {
		const result = runCli(['validate', exampleRoot, '--json']);
		assert.equal(result.status, 1);
		const report = JSON.parse(result.stdout) as {file: string; findings: Array<Record<string, unknown>>};
		assert.deepEqual(Object.keys(report), ['file', 'findings']);
		assert.equal(report.file, path.join(exampleRoot, 'Dockerfile'));
		for (const finding of report.findings) {
			assert.deepEqual(Object.keys(finding).filter(key => !['rule', 'severity', 'line', 'message', 'fix', 'edit'].includes(key)), []);
		}

		assert.ok(report.findings.some(finding => finding.rule === 'torch-wheel-mismatch' && finding.severity === 'error'));
	});

	test('validate prints findings grouped by severity, with lines and fixes', () => {
		const result = runCli(['validate', exampleRoot]);
		assert.equal(result.status, 1);
		assert.match(result.stdout, /Errors \(1\)\n {2}line 6 torch-wheel-mismatch: .*\n {4}> RUN pip install .*\n {4}fix: Change the base to FROM pytorch\/pytorch:1.11.0-cuda11.3-cudnn8-runtime/);
		assert.match(result.stdout, /Warnings \(1\)/);
		assert.ok(!result.stdout.includes('\u001B['), 'no colour when NO_COLOR is set or output is not a terminal');
	});

	test('convert: the def alone on stdout, notes and validation summary on stderr', () => {
		const result = runCli(['convert', exampleRoot]);
		assert.equal(result.status, 0);
		assert.ok(result.stdout.startsWith('Bootstrap: docker\n'));
		assert.match(result.stdout, /%files\n {4}\. \/workspace\/\n/);
		assert.match(result.stderr, /How the definition differs/);
		assert.match(result.stderr, /torch-wheel-mismatch on line 6/);
	});

	test('convert --json: def, a source map line for every def line, notes and findings', () => {
		const result = runCli(['convert', exampleRoot, '--json']);
		assert.equal(result.status, 0);
		const report = JSON.parse(result.stdout) as {file: string; def: string; sourceMap: Array<number | null>; notes: unknown[]; findings: unknown[]};
		assert.deepEqual(Object.keys(report), ['file', 'def', 'sourceMap', 'notes', 'findings']);
		assert.equal(report.sourceMap.length, report.def.split('\n').length - 1);
		assert.equal(report.sourceMap[report.def.split('\n').findIndex(line => line.includes('pip install'))], 6);
	});

	test('convert -o writes the file; never over the Dockerfile itself', () => {
		mkdirSync(path.join(scratch, 'out'), {recursive: true});
		const output = path.join(scratch, 'out', 'gem-cnn.def');
		const result = runCli(['convert', exampleRoot, '-o', output]);
		assert.equal(result.status, 0);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /Wrote .*gem-cnn.def/);
		assert.ok(readFileSync(output, 'utf8').startsWith('Bootstrap: docker'));
		const refused = runCli(['convert', exampleRoot, '-o', path.join(exampleRoot, 'Dockerfile')]);
		assert.equal(refused.status, 2);
		assert.match(refused.stderr, /is the Dockerfile itself/);
	});

	test('convert refuses a Dockerfile with syntax errors, exit 1, nothing on stdout', () => {
		const result = runCli(['convert', file('typo/Dockerfile', 'FROM alpine:3.19\nRUNN echo typo\n')]);
		assert.equal(result.status, 1);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /line 2 syntax: Unknown instruction: RUNN/);
	});

	test('--help tells the truth and --version matches package.json', () => {
		const help = runCli(['--help']);
		assert.equal(help.status, 0);
		for (const command of ['wizard', 'validate', 'convert', 'login', 'logout', 'build', 'run', 'sandbox']) {
			assert.match(help.stdout, new RegExp(`^    ${command} `, 'm'));
		}

		assert.match(runCli(['validate', '--help']).stdout, /validate \[PATH\] \[--json\]/);
		const {version} = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {version: string};
		assert.equal(runCli(['--version']).stdout.trim(), version);
	});
});

test('in a locale that is not UTF-8 the commands print their symbols in ASCII; in UTF-8 as they are', () => {
	const ascii = runCli(['doctor', '--help'], {env: {LANG: 'C', LC_ALL: 'C', LC_CTYPE: ''}});
	assert.match(ascii.stdout, /Each check prints \+ or x and what to do/);
	assert.doesNotMatch(ascii.stdout + ascii.stderr, /[^\u0000-\u007E]/);
	const unicode = runCli(['doctor', '--help'], {env: {LANG: 'C.UTF-8', LC_ALL: '', LC_CTYPE: ''}});
	assert.match(unicode.stdout, /Each check prints ✓ or ✗/);
});
