import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {keys} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';
import {pause, renderWizard} from '../helpers/wizard-walk.js';

test('a Dockerfile no def can be made from (a bare FROM) offers no "continue anyway": o does nothing, Enter says why', async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'unconvertible-'));
	writeFileSync(path.join(folder, 'Dockerfile'), 'FROM\nRUN echo hi\n');
	const {ui} = renderWizard(await testServices({}, folder));
	await ui.waitFor('Step 1/5');
	assert.doesNotMatch(ui.screen(), /o continue anyway/);
	await ui.press('o');
	await pause(100);
	assert.match(ui.screen(), /Step 1\/5/, 'still at step 1');
	await ui.press(keys.enter);
	await ui.waitFor('No def can be made from this Dockerfile until these errors are fixed');
	assert.match(ui.screen(), /Step 1\/5/);
	ui.unmount();
});
