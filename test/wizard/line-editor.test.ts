import assert from 'node:assert/strict';
import {test} from 'node:test';
import {editInput, editLine, lineState, type EditKey, type LineState} from '../../source/wizard/input/line-editor.js';
import {splitKeys} from '../../source/wizard/input/split-keys.js';

function keys(state: LineState, ...events: Array<[string, EditKey?]>): LineState {
	return events.reduce((current, [input, key]) => editLine(current, input, key ?? {}), state);
}

test('line editing follows readline: Ctrl-A/E, Home/End, Left/Right, Ctrl-U/K/W, Backspace, Ctrl-D', () => {
	const start = lineState('python train.py --epochs 3');
	assert.equal(keys(start, ['u', {ctrl: true}]).value, '');
	assert.equal(keys(start, ['w', {ctrl: true}]).value, 'python train.py --epochs ');
	assert.equal(keys(start, ['a', {ctrl: true}], ['k', {ctrl: true}]).value, '');
	assert.equal(keys(start, ['', {home: true}], ['x']).value, 'xpython train.py --epochs 3');
	assert.equal(keys(start, ['a', {ctrl: true}], ['e', {ctrl: true}], ['x']).value, 'python train.py --epochs 3x');
	assert.equal(keys(start, ['', {leftArrow: true}], ['', {leftArrow: true}], ['', {backspace: true}], ['', {end: true}], ['!']).value, 'python train.py --epoch 3!');
	assert.equal(keys(start, ['', {home: true}], ['', {rightArrow: true}], ['d', {ctrl: true}]).value, 'pthon train.py --epochs 3');
	assert.equal(keys(lineState('ab'), ['', {home: true}], ['', {backspace: true}]).value, 'ab', 'nothing before the cursor');
	assert.equal(keys(start, ['c', {ctrl: true}], ['z', {ctrl: true}]).value, start.value, 'no control letters are typed');
});

test('an empty Enter does nothing, and the field still takes keys afterwards', () => {
	const state = keys(lineState(''), ['', {return: true}], ['k'], ['e'], ['y'], ['', {return: true}]);
	assert.equal(state.submitted, 'key');
});

test('a paste into the untouched suggestion replaces it; after an edit it inserts at the cursor', () => {
	const suggestion = lineState('python /workspace/experiments/shapes.py');
	assert.equal(keys(suggestion, ['\u001B[200~python /workspace/other.py\u001B[201~']).value, 'python /workspace/other.py');
	assert.equal(keys(suggestion, [' '], ['--fast --now']).value, 'python /workspace/experiments/shapes.py --fast --now');
	assert.equal(keys(suggestion, ['x']).value, 'python /workspace/experiments/shapes.pyx', 'typing one key appends');
});

test('a chunk of plain keys is split into one key each, in order', () => {
	assert.deepEqual(splitKeys('f\r', {}), [{input: 'f', key: {}}, {input: '', key: {return: true}}]);
	assert.deepEqual(splitKeys('jj', {}).map(event => event.input), ['j', 'j']);
	assert.deepEqual(splitKeys('\r\r', {}), [{input: '', key: {return: true}}, {input: '', key: {return: true}}]);
	assert.deepEqual(splitKeys('\u0015', {ctrl: true}), [{input: '\u0015', key: {ctrl: true}}]);
	assert.deepEqual(splitKeys('q', {}), [{input: 'q', key: {}}]);
	// Enter typed while the terminal was not yet raw arrives as a line feed, on its own or several.
	assert.deepEqual(splitKeys('\n', {ctrl: true}), [{input: '', key: {return: true}}]);
	assert.deepEqual(splitKeys('\n\n', {}), [{input: '', key: {return: true}}, {input: '', key: {return: true}}]);
});

test('a field that allows an empty answer submits an empty Enter (step 5: the image\'s own runscript)', () => {
	assert.equal(keys(lineState('python train.py', {allowEmpty: true}), ['u', {ctrl: true}], ['', {return: true}]).submitted, '');
	assert.equal(keys(lineState('   ', {allowEmpty: true}), ['', {return: true}]).submitted, '', 'blanks are nothing');
	assert.equal(keys(lineState(''), ['', {return: true}]).submitted, undefined, 'other fields still wait for text');
});

test('a raw chunk applies every key in order; Delete, Ctrl-B/F/D and Alt-b/f follow readline', () => {
	const start = lineState('python train.py --epochs 4', {allowEmpty: true});
	const raw = (state: LineState, ...inputs: string[]) => inputs.reduce(editInput, state);
	assert.equal(raw(start, '\u0015\r').submitted, '');
	assert.equal(raw(start, 'x\u007F\r').submitted, 'python train.py --epochs 4');
	assert.equal(raw(start, '\u0017\r').submitted, 'python train.py --epochs');
	assert.equal(raw(start, '\u001B[D', '\u001B[3~').value, 'python train.py --epochs ');
	assert.equal(raw(start, '\u001B[D', '\u007F').value, 'python train.py --epochs4');
	assert.equal(raw(start, '\u0002\u0002\u0004').value, 'python train.py --epochs4');
	assert.equal(raw(start, '\u0001\u0006\u0006\u0004').value, 'pyhon train.py --epochs 4');
	assert.equal(raw(start, '\u001Bb', '\u001Bb').cursor, 'python train.py --'.length);
	assert.equal(raw(start, '\u0001', '\u001Bf', '\u001Bf').cursor, 'python train'.length);
	assert.equal(raw(start, '\u001Bq', '\u001Bb', '\u001Bf').value, start.value, 'Alt never types');
	assert.equal(raw(start, '\u001B\r').submitted, start.value, 'Option-Return is Enter, as Ink names it');
	assert.equal(raw(start, '\u001B[200~', 'a\u0015b\r', '\u001B[201~').submitted, 'ab', 'a bracketed paste is one edit, its newline submits');
	assert.equal(raw(start, 'python b.py').value, 'python b.py', 'a plain multi-character chunk replaces the suggestion');
	assert.equal(editLine(start, 'b', {meta: true}).cursor, 'python train.py --epochs '.length);
	assert.equal(editLine(lineState('ab'), '', {forwardDelete: true}).value, 'ab');
});

test('Ctrl-B and Ctrl-F are Left and Right from every cursor position, the ends included, and leave a suggestion a paste still replaces', () => {
	const raw = (state: LineState, ...inputs: string[]) => inputs.reduce(editInput, state);
	const start = lineState('a b');
	for (let cursor = 0; cursor <= start.value.length; cursor++) {
		const at = {...start, cursor};
		assert.deepEqual(raw(at, '\u0002'), raw(at, '\u001B[D'), `Ctrl-B at ${cursor}`);
		assert.deepEqual(raw(at, '\u0006'), raw(at, '\u001B[C'), `Ctrl-F at ${cursor}`);
		assert.equal(raw(at, '\u0002').cursor, Math.max(0, cursor - 1));
		assert.equal(raw(at, '\u0006').cursor, Math.min(start.value.length, cursor + 1));
	}

	assert.equal(raw(start, '\u0002', '\u0006', 'python b.py').value, 'python b.py', 'moving is not editing');
});
