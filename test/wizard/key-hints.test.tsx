import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {KeyHints, keyHintRows} from '../../source/wizard/components/key-hints.js';
import {renderUi} from '../helpers/ui.js';

// Step 2's footer, the longest: at 80 columns it used to end in "…", hiding "s save" and "q quit".
const hints = [
	{key: '↑/↓', label: 'scroll'}, {key: 'PgUp/PgDn', label: 'page'}, {key: 'e', label: 'edit in $EDITOR'}, {key: 't', label: 'smoke test off'},
	{key: 'Enter', label: 'continue'}, {key: 'Esc', label: 'back'}, {key: 's', label: 'save'}, {key: 'q', label: 'quit'},
];

for (const columns of [80, 60]) {
	test(`key hints at ${columns} columns wrap between hints: every hint whole, q quit shown, nothing wider than the terminal`, () => {
		const ui = renderUi(<Box width={columns}><KeyHints hints={hints}/></Box>);
		const rows = ui.screen().split('\n').filter(Boolean);
		assert.ok(rows.length > 1, `wrapped:\n${ui.screen()}`);
		for (const row of rows) {
			assert.ok(row.length <= columns, `fits ${columns} columns: ${row}`);
			assert.doesNotMatch(row, /…/);
		}

		// Each hint sits on one row, whole; rows break only after a separator.
		const shown = rows.map(row => row.trim().replace(/ {2}·$/, '')).join('  ·  ').split('  ·  ');
		assert.deepEqual(shown, hints.map(hint => `${hint.key} ${hint.label}`));
		ui.unmount();
	});
}

test('keyHintRows counts the rows the footer takes as it wraps (the blank row above included), so a step can size itself', () => {
	for (const columns of [100, 80, 60, 40]) {
		const ui = renderUi(<Box width={columns} flexDirection="column"><KeyHints hints={hints}/></Box>);
		assert.equal(keyHintRows(hints, columns), ui.screen().split('\n').length, `at ${columns} columns:\n${ui.screen()}`);
		ui.unmount();
	}
});
