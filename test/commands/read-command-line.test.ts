import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {parseNumber, readCommandLine} from '../../source/commands/flags.js';

const written = (argv: string[]) => readCommandLine(argv).flags.map(flag => (flag.known ? [flag.name, flag.negated ? 'no' : '', flag.value] : [flag.written]));

describe('readCommandLine', () => {
	test('a value flag followed by a flag has no value, and that flag is still read', () => {
		assert.deepEqual(readCommandLine(['convert', '-o', '--cores', '4']), {
			positionals: ['convert'],
			flags: [{known: true, name: 'output', negated: false, written: '-o', value: undefined}, {known: true, name: 'cores', negated: false, written: '--cores', value: '4'}],
			help: false,
		});
		assert.deepEqual(written(['--coretype', '-xo', 'f']), [['coretype', '', undefined], ['-x'], ['output', '', 'f']]);
		assert.deepEqual(readCommandLine(['convert', '-o', '--help']).help, true);
	});

	test('a lone - is not a value (it stays a word), nor is --, which still ends the flags', () => {
		assert.deepEqual(readCommandLine(['convert', '-o', '-', 'dir']), {positionals: ['convert', '-', 'dir'], flags: [{known: true, name: 'output', negated: false, written: '-o', value: undefined}], help: false});
		assert.deepEqual(readCommandLine(['run', '--sif', '--', 'python', '--help', '--sif', 'x']), {positionals: ['run', 'python', '--help', '--sif', 'x'], flags: [{known: true, name: 'sif', negated: false, written: '--sif', value: undefined}], help: false});
	});

	test('a negative number is the value of a number flag only', () => {
		assert.deepEqual(written(['--port', '-5', '--cores', '-1e3', '--walltime', '-.5']), [['port', '', '-5'], ['cores', '', '-1e3'], ['walltime', '', '-.5']]);
		assert.deepEqual(written(['--sif', '-5']), [['sif', '', undefined], ['-5']]);
	});

	test('--flag=value, -oVALUE and -o=VALUE (as meow read it) give the value, also an empty or unicode one', () => {
		assert.deepEqual(written(['--output=a=b', '-ofile', '-o=gem.def', '--cores=', '--sif=模型.sif', '--output=-x']), [['output', '', 'a=b'], ['output', '', 'file'], ['output', '', 'gem.def'], ['cores', '', ''], ['sif', '', '模型.sif'], ['output', '', '-x']]);
	});

	test('--no- negates booleans only; the written form is kept for unknown flags', () => {
		assert.deepEqual(written(['--no-smoke-test', '--smoke-test', '--no-json', '--no-json=1', '--json=false']), [['smokeTest', 'no', undefined], ['smokeTest', '', undefined], ['json', 'no', undefined], ['json', 'no', '1'], ['json', '', 'false']]);
		assert.deepEqual(written(['--no-output', '--no-', '--stopOnExit', '---json', '--ñ', '-é', '-xyz']), [['--no-output'], ['--no-'], ['--stopOnExit'], ['---json'], ['--ñ'], ['-é'], ['-x'], ['-y'], ['-z']]);
	});

	test('-h and --help anywhere before --, also inside a group or with a value', () => {
		for (const argv of [['-h'], ['validate', '--bogus', '--help'], ['--help', 'validate'], ['-xh'], ['--help=no']]) {
			assert.equal(readCommandLine(argv).help, true, argv.join(' '));
		}

		assert.equal(readCommandLine(['run', '--', 'python', '-h', '--help']).help, false);
	});
});

test('parseNumber reads numbers as people write them, nothing else', () => {
	assert.deepEqual(['4', '0.5', '-1', '1e3', '+2', '.5', '3.'].map(text => parseNumber(text)), [4, 0.5, -1, 1000, 2, 0.5, 3]);
	assert.deepEqual(['', ' ', ' 4', '0x10', '0b1', 'Infinity', 'NaN', '1e', '4 cores', '١٢', '4\n'].map(text => parseNumber(text)), new Array(11).fill(undefined));
});
