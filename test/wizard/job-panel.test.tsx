import assert from 'node:assert/strict';
import {test} from 'node:test';
import {JobPanel} from '../../source/wizard/components/job-panel.js';
import {emptyJobView, foldEvent, type JobView} from '../../source/wizard/job-view.js';
import type {PipelineEvent} from '../../source/jobs/events.js';
import {renderUi} from '../helpers/ui.js';

const start = Date.parse('2026-01-01T12:31:55Z');

/** Events as the wizard saw them, each at `start + seconds`. */
function viewOf(events: Array<[number, PipelineEvent]>): JobView {
	return events.reduce((view, [seconds, event]) => foldEvent(view, event, start + seconds * 1000), emptyJobView);
}

test('job panel: the sandbox\'s fast clock never shows: statuses are times since the start as the wizard saw them, consistent with Elapsed', () => {
	const view = viewOf([
		[0, {kind: 'job', action: 'submitted', job: 'J1', name: 'Apptainer run'}],
		[1, {kind: 'status', job: 'J1', status: 'Pending', at: '2026-01-01T12:33:00Z', reason: ''}],
		[2, {kind: 'status', job: 'J1', status: 'Executing', at: '2026-01-01T12:37:10Z', reason: ''}],
		[3, {kind: 'status', job: 'J1', status: 'Completed', at: '2026-01-01T12:41:40Z', reason: 'Completed successfully'}],
		[3, {kind: 'cluster', job: 'J1', status: 'Stop Requested', at: '2026-01-01T12:41:40Z'}],
	]);
	const ui = renderUi(<JobPanel view={view} now={start + 3000} startedAt={start} logLines={5} width={80}/>);
	const screen = ui.screen();
	assert.match(screen, /Pending at 1s → Executing at 2s → Completed at 3s/);
	assert.match(screen, /Elapsed 3s/);
	assert.doesNotMatch(screen, /\d\d:\d\d:\d\d/, 'no clock time (the platform\'s runs ahead)');
	assert.match(screen, /Cluster: shutting down \(the job has finished\)/);
	assert.doesNotMatch(screen, /Stop Requested/);
	ui.unmount();
});

test('job panel: Elapsed is never behind the last status the wizard saw (the clock ticks once a second)', () => {
	const view = viewOf([[4, {kind: 'status', job: 'J1', status: 'Completed', at: '2026-01-01T12:41:40Z', reason: ''}]]);
	const ui = renderUi(<JobPanel view={view} now={start + 1000} startedAt={start} logLines={5} width={80}/>);
	assert.match(ui.screen(), /Completed at 4s\nElapsed 4s/);
	ui.unmount();
});

test('job panel: a reattached job (it started before this session) says how long the wizard has followed it, not that it ran 0s', () => {
	const view = viewOf([
		[0, {kind: 'job', action: 'reattached', job: 'J1', name: 'build'}],
		[0, {kind: 'status', job: 'J1', status: 'Completed', at: '2026-01-01T12:20:00Z', reason: ''}],
	]);
	const ui = renderUi(<JobPanel view={view} now={start} startedAt={start} logLines={5} width={80}/>);
	assert.match(ui.screen(), /Completed at 0s\nFollowed for 0s/);
	assert.doesNotMatch(ui.screen(), /Elapsed/);
	ui.unmount();
});

test('job panel: a job followed again after it ran shows the gaps between its statuses from the platform\'s dates, not all "at 0s"', () => {
	const view = viewOf([
		[0, {kind: 'job', action: 'reattached', job: 'J1', name: 'build'}],
		[0, {kind: 'status', job: 'J1', status: 'Pending', at: '2026-01-01T12:20:00Z', reason: ''}],
		[0, {kind: 'status', job: 'J1', status: 'Executing', at: '2026-01-01T12:20:03Z', reason: ''}],
		[0, {kind: 'status', job: 'J1', status: 'Completed', at: '2026-01-01T12:21:06Z', reason: ''}],
	]);
	const ui = renderUi(<JobPanel view={view} now={start} startedAt={start} logLines={5} width={80}/>);
	assert.match(ui.screen().replaceAll(/\s+/g, ' '), /Pending at 0s → Executing at 3s → Completed at 1m 06s Followed for 0s/);
	ui.unmount();
});

test('job panel: transfer bars show whole file names when they fit, and cut them in the middle (keeping the extension) only when the line is too narrow', () => {
	const name = 'gauge-equivariant-mesh-cnn-experiment-outputs.tar.gz';
	const view = viewOf([[1, {kind: 'download', file: name, sent: 50, total: 100}], [1, {kind: 'download', file: 'log.txt', sent: 100, total: 100}]]);
	const wide = renderUi(<JobPanel view={view} now={start + 2000} startedAt={start} logLines={5} width={120}/>);
	assert.match(wide.screen(), new RegExp(`${name} █+░+ 50%`));
	assert.match(wide.screen(), /log\.txt {2,}█+ 100%/, 'names are aligned');
	wide.unmount();
	const narrow = renderUi(<JobPanel view={view} now={start + 2000} startedAt={start} logLines={5} width={80}/>);
	const line = narrow.screen().split('\n').find(text => text.includes('50%'))!;
	assert.match(line, /^gauge-equi\S*…\S*outputs\.tar\.gz █+░+ 50%/);
	assert.ok(line.length <= 80);
	narrow.unmount();
});
