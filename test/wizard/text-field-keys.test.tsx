import assert from 'node:assert/strict';
import {test} from 'node:test';
import {TextField} from '../../source/wizard/components/text-field.js';
import {SecretInput} from '../../source/wizard/components/secret-input.js';
import {renderUi} from '../helpers/ui.js';

const command = 'python train.py --epochs 4';

/** A field on screen, written to with raw terminal bytes; returns what it submitted. */
async function field(chunks: string[], {initial = command, allowEmpty = true, secret = false} = {}): Promise<string[]> {
	const submitted: string[] = [];
	const onSubmit = (value: string) => {
		submitted.push(value);
	};

	const ui = renderUi(secret ? <SecretInput initial={initial} onSubmit={onSubmit}/> : <TextField allowEmpty={allowEmpty} initial={initial} onSubmit={onSubmit}/>);
	await ui.press(...chunks);
	ui.unmount();
	return submitted;
}

test('a deleting key bundled with Enter in one chunk is applied before the submit', async () => {
	assert.deepEqual(await field(['\u0015\r']), [''], 'C-u Enter: the empty answer (the image\'s runscript), not the suggestion');
	assert.deepEqual(await field(['x', '\u007F\r']), [command], 'BSpace Enter after a typed x');
	assert.deepEqual(await field(['x\u007F\r']), [command], 'x BSpace Enter all in one chunk');
	assert.deepEqual(await field(['\u0017\r']), ['python train.py --epochs'], 'C-w Enter');
	assert.deepEqual(await field(['\u0001\u000B\u0002\r']), [''], 'C-a C-k and a stray C-b, then Enter');
});

test('the masked key field applies a bundled Backspace before sending the key', async () => {
	assert.deepEqual(await field(['X', '\u007F\r'], {initial: 'k3y-fake-0000', secret: true}), ['k3y-fake-0000']);
	assert.deepEqual(await field(['k3y-fake-0000', 'X\u007F\u007F\r'], {initial: '', secret: true}), ['k3y-fake-000']);
});

test('a paste stays one edit: it replaces the untouched suggestion, its control characters are not keys', async () => {
	assert.deepEqual(await field(['\u001B[200~python other.py\u001B[201~', '\r']), ['python other.py']);
	assert.deepEqual(await field(['python other.py\r']), ['python other.py'], 'a plain multi-character chunk is a paste too');
	assert.deepEqual(await field(['\u001B[200~py\u0015thon\u007F b.py\u001B[201~', '\r']), ['python b.py'], 'C-u and DEL inside a bracketed paste are dropped');
	assert.deepEqual(await field([' ', 'x\u007F--fast\r']), [`${command} --fast`], 'after an edit a paste is inserted');
});

test('Delete deletes the character under the cursor, Backspace the one before', async () => {
	const left = '\u001B[D';
	assert.deepEqual(await field([left, left, '\u001B[3~', '\r'], {initial: 'abcd'}), ['abd']);
	assert.deepEqual(await field([left, left, '\u007F', '\r'], {initial: 'abcd'}), ['acd']);
	assert.deepEqual(await field(['\u001B[3~', '\r'], {initial: 'abcd'}), ['abcd'], 'nothing under the cursor at the end');
	assert.deepEqual(await field(['\u0001', '\u001B[3;5~', '\r'], {initial: 'abcd'}), ['bcd'], 'with a modifier it is still Delete');
});

test('Ctrl-B / Ctrl-F move, Ctrl-D deletes forward', async () => {
	assert.deepEqual(await field(['\u0002\u0002', 'X', '\r'], {initial: 'abcd'}), ['abXcd']);
	assert.deepEqual(await field(['\u0001', '\u0006', 'X', '\r'], {initial: 'abcd'}), ['aXbcd']);
	assert.deepEqual(await field(['\u0001', '\u0004', '\r'], {initial: 'abcd'}), ['bcd']);
	assert.deepEqual(await field(['\u0002\u0004\r'], {initial: 'abcd'}), ['abc'], 'C-b C-d Enter in one chunk');
	assert.deepEqual(await field(['\u0001\u0004', '\r'], {initial: 'abcd'}), ['bcd'], 'C-a C-d in one chunk (tmux send-keys C-a C-d): it did nothing');
});

test('Alt-b / Alt-f move a word; no Alt combination types a letter', async () => {
	assert.deepEqual(await field(['\u001Bb', '\u001Bb', 'X', '\r']), ['python train.py --Xepochs 4']);
	assert.deepEqual(await field(['\u0001', '\u001Bf', 'X', '\r']), ['pythonX train.py --epochs 4']);
	assert.deepEqual(await field(['\u0001', '\u001Bf\u001Bf\u001Bf', 'X', '\r']), ['python train.pyX --epochs 4'], 'ESC f three times in one chunk');
	assert.deepEqual(await field(['\u001Bx', '\u001BB', '\u001B1', '\u001B\u007F', '\r']), [command]);
});
