import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ReviewStep} from '../../source/wizard/steps/review-step.js';
import {renderUi} from '../helpers/ui.js';

test('step 2 says when s kept a hand-edited def and where this one went', async () => {
	const props = {def: 'Bootstrap: docker\nFrom: x\n', sourceMap: [], notes: [], problems: [], edited: false, smokeTest: true, maxLines: 20, width: 100, onEdit: () => undefined, onDiscard() {}, onToggleSmokeTest() {}, onNext() {}, onBack() {}, onQuit() {}};
	const ui = renderUi(<ReviewStep {...props} onSave={() => ({file: '/out/image/image.2.def', kept: '/out/image/image.def'})}/>);
	await ui.press('s');
	assert.match(ui.screen().replaceAll('\n', ' '), /\/out\/image\/image\.def was edited by hand since it was written here: kept as it is\. This def is saved beside it as\s+\/out\/image\/image\.2\.def/);
	ui.unmount();
});
