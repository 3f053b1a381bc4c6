import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeCluster, emptyJobView, foldEvent, shortenMiddle} from '../../source/wizard/job-view.js';

test('job view: each status keeps the wall time the wizard saw it, next to the platform\'s (possibly fast) timestamp', () => {
	const view = foldEvent(emptyJobView, {kind: 'status', job: 'J', status: 'Completed', at: '2099-01-01T00:00:00Z', reason: 'Completed successfully'}, 12_345);
	assert.deepEqual(view.statuses, [{status: 'Completed', at: '2099-01-01T00:00:00Z', reason: 'Completed successfully', seenAt: 12_345}]);
});

test('job view: cluster states in words; after the job ends the shutdown says the job has finished', () => {
	assert.equal(describeCluster('Stop Requested', true), 'shutting down (the job has finished)');
	assert.equal(describeCluster('Stopping', true), 'shutting down (the job has finished)');
	assert.equal(describeCluster('Stopped', true), 'shut down (the job has finished)');
	assert.equal(describeCluster('Stop Requested', false), 'shutting down');
	assert.equal(describeCluster('Not Started', false), 'waiting for a machine');
	assert.match(describeCluster('Starting', false), /^starting the machine/);
	assert.equal(describeCluster('Started', false), 'the machine is up');
	assert.match(describeCluster('Started', true), /\(the job has finished\)$/);
	for (const status of ['Pending', 'Queued', 'Unknown', 'Error']) {
		assert.notEqual(describeCluster(status, false), status, `${status} is said in words`);
	}

	assert.equal(describeCluster('Hibernating', false), 'Hibernating', 'an unknown state is shown as the platform says it');
});

test('job view: a name too long for its room is cut in the middle, keeping its start and its extension', () => {
	const name = 'gauge-equivariant-mesh-cnn-with-a-very-long-suffix.sif';
	assert.equal(shortenMiddle(name, 80), name, 'shown whole when it fits');
	const short = shortenMiddle(name, 20);
	assert.equal([...short].length, 20);
	assert.match(short, /^gauge-eq[^…]*…[^…]*\.sif$/);
	assert.equal(shortenMiddle('a-long-name-without-extension', 9), 'a-lo…sion');
});
