import assert from 'node:assert/strict';
import {test} from 'node:test';
import {likelyBuildFailure, stoppedReason} from '../../source/image-build/diagnose.js';

test('a stopped build job is said to be stopped, with the platform\'s reason, even when its log ends like a failure', () => {
	assert.equal(stoppedReason({statusReason: 'User Terminated'}), 'User Terminated');
	assert.equal(stoppedReason({statusReason: 'Completed successfully'}), undefined);
	assert.equal(likelyBuildFailure([], 'User Terminated'), 'The job was stopped (User Terminated) before it built anything: nothing is wrong with the Dockerfile.');
	// A stop kills the build mid-step: "Killed" is the stop, not a lack of memory.
	assert.match(likelyBuildFailure(['+ pip install torch', 'Killed'], 'User Terminated'), /^The job was stopped \(User Terminated\) before the image was built/);
});

test('a failed build with no log never points at log lines "above" that are not there', () => {
	assert.doesNotMatch(likelyBuildFailure([]), /above/);
	assert.match(likelyBuildFailure(['FATAL: boom']), /last lines of its log above/);
	assert.match(likelyBuildFailure(['Killed']), /ran out of memory/);
});
