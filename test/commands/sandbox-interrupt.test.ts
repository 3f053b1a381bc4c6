import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {exampleRoot, runCliAsync} from '../helpers/cli.js';

// One folder for the file: the run needs the image the build files in the embedded sandbox's state.
const folder = mkdtempSync(path.join(tmpdir(), 'sandbox-interrupt-'));
const env = {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''};
const stateDir = path.join(folder, '.rescale-apptainer', 'sandbox');
const build = ['build', exampleRoot, '--sandbox', '--fix', '--yes', '--speed', '100'];
const run = ['run', '--sandbox', '--yes', '--speed', '100', '--sif', 'gauge-equivariant-mesh-cnn.sif', '--coretype', 'aquamarine_v3', '--', 'python', '/workspace/experiments/shapes.py'];

/** The built CLI, sent Ctrl-C (SIGINT) at the first line `at` matches (by default once it follows the job). */
async function interrupted(args: string[], at = /^ {2}status Waiting for Queue/) {
	return runCliAsync(args, {cwd: folder, env, onLine(line, child) {
		if (at.test(line)) {
			child.kill('SIGINT');
		}
	}});
}

function leftMessage(again: string): RegExp {
	return new RegExp(`^The sandbox stops with this command, but job (\\w+) is kept in its state \\(${stateDir.replaceAll(/[.\\/]/g, '\\$&')}\\) and plays on by the clock\\. Run the same command again to follow it where it has got to \\(${again.replaceAll(/[.\\/]/g, '\\$&')}\\), or add --new to start another\\.$`, 'm');
}

test('Ctrl-C of build --sandbox mid-upload says no job exists, nothing runs in the sandbox, and the next run clears the upload', async () => {
	// Every request answers after a second or two: the Ctrl-C lands while the first upload is under way.
	const left = await interrupted([...build, '--faults', 'slow=1'], /^ {2}uploading .*: 0% of/);
	assert.equal(left.status, 130, left.stdout + left.stderr);
	assert.match(left.stdout, /^Cancelled while uploading gauge-equivariant-mesh-cnn\.def, before a job was created: nothing runs in the sandbox\. The upload may have arrived all the same; run the same command again \(rescale-apptainer build .* --faults slow=1\) and it deletes what this attempt left before it uploads afresh\.$/m);
	assert.doesNotMatch(left.stdout, /creating the job|it may exist/);

	// Without the slow answers: the same plan, and the record the Ctrl-C left.
	const again = await runCliAsync(build, {cwd: folder, env});
	assert.equal(again.status, 0, again.stdout + again.stderr);
	assert.match(again.stdout, /^Built gauge-equivariant-mesh-cnn\.sif/m);
	assert.doesNotMatch(again.stdout, /reattached/);
});

test('Ctrl-C of build --sandbox says the sandbox stops with the command and what becomes of the job; the same command then follows it', async () => {
	// The test above built this image: only --rebuild submits another job for it.
	const rebuild = [...build, '--rebuild'];
	const left = await interrupted(rebuild);
	assert.equal(left.status, 130, left.stdout + left.stderr);
	assert.doesNotMatch(left.stdout, /keeps running on Rescale/);
	const job = leftMessage(`rescale-apptainer ${rebuild.join(' ')}`).exec(left.stdout)?.[1];
	assert.ok(job, left.stdout);

	// Without --rebuild too: the job in flight for this plan is followed, not the earlier image offered.
	const again = await runCliAsync(build, {cwd: folder, env});
	assert.equal(again.status, 0, again.stdout + again.stderr);
	assert.match(again.stdout, new RegExp(`^- job ${job} reattached`, 'm'));
	assert.match(again.stdout, /^Built gauge-equivariant-mesh-cnn\.sif/m);
});

test('Ctrl-C of run --sandbox says the same; with --stop-on-exit, that the sandbox was asked to stop the job', async () => {
	const left = await interrupted(run);
	assert.equal(left.status, 130, left.stdout + left.stderr);
	assert.match(left.stdout, leftMessage('the same rescale-apptainer run command'));

	const stopped = await interrupted([...run.slice(0, 2), '--new', '--stop-on-exit', ...run.slice(2)]);
	assert.equal(stopped.status, 130, stopped.stdout + stopped.stderr);
	assert.match(stopped.stdout, /^Asked the sandbox to stop job \w+ \(--stop-on-exit\)\.$/m);
	assert.doesNotMatch(stopped.stdout, /Rescale to stop/);
});
