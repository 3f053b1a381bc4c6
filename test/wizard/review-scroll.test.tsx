import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {Box} from 'ink';
import {contextView} from '../../source/context/context-files.js';
import {deriveDefinition} from '../../source/definition/derive-definition.js';
import {ReviewStep} from '../../source/wizard/steps/review-step.js';
import {renderUi} from '../helpers/ui.js';

const pageUp = '\u001B[5~';
const pageDown = '\u001B[6~';
const home = '\u001B[H';
const end = '\u001B[F';

test('step 2 pages through a long def with PgDn/PgUp, jumps with Home/End, and the hints say so', async () => {
	const def = Array.from({length: 40}, (_, index) => `echo line-${index + 1}`).join('\n');
	const props = {def, sourceMap: [], notes: [], problems: [], edited: false, smokeTest: true, maxLines: 14, width: 100, onSave: () => ({file: 'x.def'}), onEdit: () => undefined, onDiscard() {}, onToggleSmokeTest() {}, onNext() {}, onBack() {}, onQuit() {}};
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

test('step 2 fits the rows it is given at 80 and 60 columns: notes, notices and wrapped hints come off the def window', async () => {
	const folder = fileURLToPath(new URL('../../examples/gauge-equivariant-mesh-cnn/', import.meta.url));
	const definition = deriveDefinition({text: readFileSync(path.join(folder, 'Dockerfile'), 'utf8'), context: contextView(folder)});
	assert.ok(definition.notes.length > 0);
	// 80x24 with the smoke test off and a kept hand edit said; 60x15 as it opens (the header takes 4 rows).
	for (const [columns, rows, busy] of [[80, 20, true], [60, 11, false]] as const) {
		const props = {def: definition.def, sourceMap: definition.sourceMap, notes: definition.notes, problems: [], edited: false, smokeTest: !busy, maxLines: rows, width: columns, onSave: () => ({file: 'x.2.def', kept: 'x.def'}), onEdit: () => undefined, onDiscard() {}, onToggleSmokeTest() {}, onNext() {}, onBack() {}, onQuit() {}};
		const ui = renderUi(<Box width={columns} flexDirection="column"><ReviewStep {...props}/></Box>);
		if (busy) {
			await ui.press('s');
			assert.match(ui.screen(), /saved beside it as x\.2\.def/);
		}

		const frame = ui.screen().split('\n');
		assert.ok(frame.length <= rows, `${frame.length} rows at ${columns}x${rows}:\n${ui.screen()}`);
		assert.match(ui.screen(), /q quit/);
		assert.match(ui.screen(), / 1 │ Bootstrap: docker/);
		ui.unmount();
	}
});
