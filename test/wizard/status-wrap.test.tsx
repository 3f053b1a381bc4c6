import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {JobPanel} from '../../source/wizard/components/job-panel.js';
import {emptyJobView, foldEvent, type JobView} from '../../source/wizard/job-view.js';
import type {PipelineEvent} from '../../source/jobs/events.js';
import {renderUi} from '../helpers/ui.js';

const start = Date.parse('2026-01-01T12:31:55Z');
const statuses = ['Pending', 'Waiting for Queue', 'Queued', 'Started', 'Validated', 'Executing', 'Completed'];

function viewOf(events: Array<[number, PipelineEvent]>): JobView {
	return events.reduce((view, [seconds, event]) => foldEvent(view, event, start + seconds * 1000), emptyJobView);
}

for (const width of [60, 40]) {
	test(`job panel at ${width} columns: the status timeline wraps between entries, never inside one ("Executing" / "at 1s")`, () => {
		const view = viewOf(statuses.map((status, index) => [index + 1, {kind: 'status', job: 'J1', status, at: '2026-01-01T12:41:40Z', reason: ''}]));
		// The wizard lays its frame out at the terminal's width.
		const ui = renderUi(<Box width={width}><JobPanel view={view} now={start + 8000} startedAt={start} logLines={5} width={width}/></Box>);
		const rows = ui.screen().split('\n').slice(0, -1);
		assert.ok(rows.length > 1, `wrapped:\n${ui.screen()}`);
		// The arrow ends the row it follows, so every row starts with an entry.
		const entries = rows.flatMap(row => row.trim().split(/ →(?: |$)/).filter(Boolean));
		assert.deepEqual(entries, statuses.map((status, index) => `${status} at ${index + 1}s`), `each entry whole on one row:\n${ui.screen()}`);
		for (const row of rows) {
			assert.ok(row.length <= width, `fits: ${row}`);
		}

		ui.unmount();
	});
}
