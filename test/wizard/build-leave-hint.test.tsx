import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import type {Session} from '../../source/platform/session.js';
import {JobPanel} from '../../source/wizard/components/job-panel.js';
import {emptyJobView, foldEvent} from '../../source/wizard/job-view.js';
import {keys, renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';
import {enterAt, renderWizard} from '../helpers/wizard-walk.js';

test('the live build says how to leave on its Elapsed line (no row more); once left, the frame behind names no key', async () => {
	const services = await testServices();
	let session: Session | undefined;
	const app = renderWizard({...services, async openSandbox() {
		session = await services.openSandbox();
		// Followed once a minute: the build stays live on the screen while the test looks at it.
		session.pollMs = 60_000;
		return session;
	}});
	await enterAt(app.ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project', 'Enter submit the build job']);
	await app.ui.waitFor(/Job \w+ (?:created|submitted)/, 30_000);
	await app.ui.waitFor('Elapsed');
	assert.match(app.ui.screen(), /^Elapsed \d+s {2}· {2}Ctrl-C leave or stop the job$/m, app.ui.screen());
	await app.ui.press(keys.ctrlC);
	await app.ui.waitFor('Esc stay');
	await app.ui.press(keys.enter);
	const outcome = await app.ended();
	assert.ok(outcome.left, 'the build was left running');
	const last = app.ui.screen();
	assert.match(last, /^Elapsed \d+s$/m, last);
	assert.doesNotMatch(last, /Ctrl-C|leave or stop/, last);
	app.ui.unmount();
});

test('the leave hint goes on the Elapsed line only where it fits: on a narrow terminal that line never takes a second row', () => {
	const view = {...foldEvent(emptyJobView, {kind: 'status', job: 'J1', status: 'Executing', at: '2026-01-01T12:33:00Z', reason: ''}, 0), retries: 12};
	const hint = 'Ctrl-C leave or stop the job';
	const wide = renderUi(<JobPanel view={view} now={5000} startedAt={0} logLines={5} width={80} leaveHint={hint}/>);
	assert.match(wide.screen(), /^Elapsed 5s {2}· {2}12 retried request\(s\) {2}· {2}Ctrl-C leave or stop the job$/m, wide.screen());
	wide.unmount();
	const narrow = renderUi(<Box width={50}><JobPanel view={view} now={5000} startedAt={0} logLines={5} width={50} leaveHint={hint}/></Box>);
	assert.match(narrow.screen(), /^Elapsed 5s {2}· {2}12 retried request\(s\)$/m, narrow.screen());
	assert.doesNotMatch(narrow.screen(), /Ctrl-C|leave or stop/, narrow.screen());
	narrow.unmount();
});
