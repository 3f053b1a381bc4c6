import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ReviewStep} from '../../source/wizard/steps/review-step.js';
import {renderUi} from '../helpers/ui.js';

const pageUp = '\u001B[5~';
const pageDown = '\u001B[6~';
const home = '\u001B[H';
const end = '\u001B[F';

test('step 2 pages through a long def with PgDn/PgUp, jumps with Home/End, and the hints say so', async () => {
	const def = Array.from({length: 40}, (_, index) => `echo line-${index + 1}`).join('\n');
	const props = {def, sourceMap: [], notes: [], problems: [], edited: false, smokeTest: true, maxLines: 12, onSave: () => ({file: 'x.def'}), onEdit: () => undefined, onDiscard() {}, onToggleSmokeTest() {}, onNext() {}, onBack() {}, onQuit() {}};
	const ui = renderUi(<ReviewStep {...props}/>);
	const shown = () => [...ui.screen().matchAll(/│ echo line-(\d+)/g)].map(match => Number(match[1]));
	assert.deepEqual(shown(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	assert.match(ui.screen(), /PgUp\/PgDn\/Home\/End scroll/);
	await ui.press(pageDown);
	assert.deepEqual(shown(), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
	await ui.press(end);
	assert.deepEqual(shown(), [31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
	await ui.press(pageDown);
	assert.equal(shown().at(-1), 40, 'PgDn at the end stays at the end');
	await ui.press(pageUp);
	assert.deepEqual(shown(), [21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
	await ui.press(home);
	assert.equal(shown()[0], 1);
	ui.unmount();
});
