import assert from 'node:assert/strict';
import {cpSync, mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {createSandbox} from '../../source/sandbox/server.js';
import {exampleRoot, runCliAsync} from '../helpers/cli.js';

// One folder for the file: the second build must find what the first left in the embedded sandbox and the config.
const folder = mkdtempSync(path.join(tmpdir(), 'build-reuse-'));
const project = path.join(folder, 'gauge-equivariant-mesh-cnn');
cpSync(exampleRoot, project, {recursive: true});
const env = {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: '', RESCALE_PLATFORM: '', RESCALE_PROJECT: ''};
const stateDir = path.join(folder, '.rescale-apptainer', 'sandbox');
const build = ['build', project, '--sandbox', '--fix', '--yes', '--speed', '200'];

/** The build jobs the embedded sandbox holds, read from its saved state. */
async function buildJobs(): Promise<string[]> {
	const sandbox = await createSandbox({stateDir, apiKey: readFileSync(path.join(stateDir, 'api-key'), 'utf8').trim()});
	try {
		return [...sandbox.store.jobs.values()].map(job => job.name).filter(name => name.includes('Image Build'));
	} finally {
		await sandbox.stop();
	}
}

test('build twice on the same folder: one job; the second says it was built already, by which job, and how to build again; --rebuild builds again', async () => {
	const first = await runCliAsync(build, {cwd: folder, env});
	assert.equal(first.status, 0, first.stdout + first.stderr);
	const [, fileId] = /^Built gauge-equivariant-mesh-cnn\.sif \(file id (\w+),/m.exec(first.stdout) ?? [];
	const [, jobId] = /^- job (\w+) created/m.exec(first.stdout) ?? [];
	assert.ok(fileId && jobId, first.stdout);

	const second = await runCliAsync(build, {cwd: folder, env});
	assert.equal(second.status, 0, second.stdout + second.stderr);
	assert.match(second.stdout, new RegExp(`^Built already, from this def and context: gauge-equivariant-mesh-cnn\\.sif \\(file id ${fileId}, [\\d.]+ [KM]?B\\), built \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by job ${jobId}\\. Nothing was submitted; add --rebuild to build it again as a new job\\.\\nNext: rescale-apptainer run --sif gauge-equivariant-mesh-cnn\\.sif --coretype <GPU coretype> --sandbox$`, 'm'));
	assert.doesNotMatch(second.stdout, /uploading|created|Submit/);
	assert.equal((await buildJobs()).length, 1, 'no second build job');

	// The record says which image, and nothing secret: the embedded sandbox's key is not in it.
	const records = readdirSync(path.join(env.RESCALE_APPTAINER_CONFIG_DIR, 'images'));
	assert.equal(records.length, 1);
	const recordFile = path.join(env.RESCALE_APPTAINER_CONFIG_DIR, 'images', records[0]!);
	assert.equal(statSync(recordFile).mode & 0o777, 0o600);
	const record = readFileSync(recordFile, 'utf8');
	assert.ok(!record.includes(readFileSync(path.join(stateDir, 'api-key'), 'utf8').trim()), 'the key is not in the record');
	assert.deepEqual(Object.keys(JSON.parse(record) as object).sort(), ['builtAt', 'jobId', 'platform', 'sifId', 'sifName']);

	const rebuilt = await runCliAsync([...build, '--rebuild'], {cwd: folder, env});
	assert.equal(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr);
	assert.match(rebuilt.stdout, /^- job \w+ created/m);
	assert.match(rebuilt.stdout, /^Built gauge-equivariant-mesh-cnn\.sif/m);
	assert.equal((await buildJobs()).length, 2, '--rebuild submitted a second build job');
});
