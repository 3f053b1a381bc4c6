import assert from 'node:assert/strict';
import {test} from 'node:test';
import {recordEvent, reportMarkdown, withEnding, type SessionReport} from '../../source/wizard/report.js';

const empty: SessionReport = {dockerfile: 'Dockerfile', findings: [], fixes: [], def: 'Bootstrap: docker', jobs: [], results: []};
const seen = Date.parse('2026-01-01T12:31:58Z');

test('report: each status is recorded at the real time the wizard saw it; the platform\'s own timestamp stays, labelled', () => {
	let report = recordEvent(empty, {kind: 'job', action: 'submitted', job: 'J1', name: 'Apptainer run'}, undefined, seen);
	report = recordEvent(report, {kind: 'status', job: 'J1', status: 'Completed', at: '2026-01-01T12:41:40Z', reason: 'Completed successfully'}, 'J1', seen);
	const markdown = reportMarkdown(report);
	assert.match(markdown, /^- 2026-01-01T12:31:58Z Completed \(Completed successfully\); platform's timestamp 2026-01-01T12:41:40Z\n\nEach status is listed at the real time the wizard saw it/m);
	assert.doesNotMatch(markdown, /^- 2026-01-01T12:41:40Z/m, 'no line starts with the platform\'s (future) time');
});

test('report: the run plan and the download are recorded as steps, in order', () => {
	let report = recordEvent(empty, {kind: 'step', message: 'Run plan: image a.sif; Command: apptainer run --nv a.sif; On: H100 (h100), 16 cores, 1 GPU(s), walltime 24 h, at most $120.00'}, undefined, seen);
	report = recordEvent(report, {kind: 'step', message: 'Downloaded 2 output file(s) of job J1 to /tmp/rescale-outputs/J1'}, 'J1', seen);
	assert.match(reportMarkdown(report), /## Steps\n\n- Run plan: image a\.sif; Command: apptainer run --nv a\.sif; On: H100 \(h100\), 16 cores, 1 GPU\(s\), walltime 24 h, at most \$120\.00\n- Downloaded 2 output file\(s\)/);
});

test('report: says whether the user left the job running or stopped it when quitting', () => {
	assert.match(reportMarkdown(withEnding(empty, {finished: false, left: 'J1', platform: 'sandbox (simulation)'})), /## How the session ended\n\nThe user quit and left job J1 running on sandbox \(simulation\)/);
	assert.match(reportMarkdown(withEnding(empty, {finished: false, stopped: 'J1', platform: 'Rescale US'})), /The user quit and asked Rescale US to stop job J1\./);
	const unconfirmed = reportMarkdown(withEnding(empty, {finished: false, left: 'J1', stopUnconfirmed: true, platform: 'Rescale US'}));
	assert.match(unconfirmed, /asked Rescale US to stop job J1, but left before Rescale US confirmed it: the job may still be running/);
	assert.doesNotMatch(unconfirmed, /left job J1 running/, 'a stop was asked: never "left running"');
	assert.match(reportMarkdown(withEnding(empty, {finished: true})), /The wizard finished; no job was left running\./);
	assert.match(reportMarkdown(withEnding(empty, {finished: false})), /The user quit; no job was running\./);
});
