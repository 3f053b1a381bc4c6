import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {TextField} from '../../source/wizard/components/text-field.js';
import {renderUi} from '../helpers/ui.js';

const left = '\u001B[D';
const saved = {NO_COLOR: process.env.NO_COLOR};

afterEach(() => {
	if (saved.NO_COLOR === undefined) {
		delete process.env.NO_COLOR;
	} else {
		process.env.NO_COLOR = saved.NO_COLOR;
	}
});

test('with NO_COLOR the command field still shows where the cursor is, in the middle of the text too', async () => {
	process.env.NO_COLOR = '1';
	const ui = renderUi(<TextField initial="python run.py" onSubmit={() => undefined}/>);
	assert.equal(ui.screen(), 'python run.py▏');
	await ui.press(left, left, left);
	assert.equal(ui.screen(), 'python run▏.py');
	await ui.press('x');
	assert.equal(ui.screen(), 'python runx▏.py');
	ui.unmount();
});
