import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import type {z} from 'zod';
import {
	analysisSchema, arrayOrPageOf, coretypeSchema, fileSchema, folderSchema, jobSchema, jobStatusSchema, linesSchema,
	pageOf, projectSchema, tailSchema, userSchema,
} from '../../source/rescale/schemas.js';
import {isGpuCoretype, parseTimestamp} from '../../source/rescale/types.js';

/**
 * One answer per endpoint the client reads, transcribed from the documented shapes
 * (shared/rescale-api.md), parsed by the schema the client checks that endpoint's answers with.
 */
const endpoints: Array<{fixture: string; endpoint: string; schema: z.ZodType}> = [
	{fixture: 'users-me', endpoint: 'GET /api/v2/users/me/', schema: userSchema},
	{fixture: 'users-me-projects', endpoint: 'GET /api/v2/users/me/projects/', schema: pageOf(projectSchema)},
	{fixture: 'coretypes', endpoint: 'GET /api/v2/coretypes/', schema: pageOf(coretypeSchema)},
	{fixture: 'analyses', endpoint: 'GET /api/v2/analyses/', schema: pageOf(analysisSchema)},
	{fixture: 'files-contents-post', endpoint: 'POST /api/v2/files/contents/', schema: fileSchema},
	{fixture: 'files', endpoint: 'GET /api/v2/files/', schema: pageOf(fileSchema)},
	{fixture: 'file', endpoint: 'GET /api/v2/files/{id}/', schema: fileSchema},
	{fixture: 'file-lines', endpoint: 'GET /api/v2/files/{id}/lines/', schema: linesSchema},
	{fixture: 'jobs-post', endpoint: 'POST /api/v2/jobs/', schema: jobSchema},
	{fixture: 'jobs', endpoint: 'GET /api/v2/jobs/', schema: pageOf(jobSchema)},
	{fixture: 'job', endpoint: 'GET /api/v2/jobs/{id}/', schema: jobSchema},
	{fixture: 'job-statuses', endpoint: 'GET /api/v2/jobs/{id}/statuses/', schema: pageOf(jobStatusSchema)},
	{fixture: 'job-cluster-statuses', endpoint: 'GET /api/v2/jobs/{id}/cluster_statuses/', schema: pageOf(jobStatusSchema)},
	{fixture: 'job-run-tail', endpoint: 'GET /api/v2/jobs/{id}/runs/{run}/tail/{path}', schema: tailSchema},
	{fixture: 'job-files', endpoint: 'GET /api/v2/jobs/{id}/files/', schema: pageOf(fileSchema)},
	{fixture: 'v3-file-folders', endpoint: 'GET /api/v3/file-folders/', schema: arrayOrPageOf(folderSchema)},
	{fixture: 'v3-file-folders-post', endpoint: 'POST /api/v3/file-folders/', schema: folderSchema},
];

function fixture(name: string): unknown {
	return JSON.parse(readFileSync(new URL(`../fixtures/rescale/${name}.json`, import.meta.url), 'utf8'));
}

for (const {fixture: name, endpoint, schema} of endpoints) {
	test(`${endpoint} (${name}.json) parses`, () => {
		const result = schema.safeParse(fixture(name));
		assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues));
	});
}

test('coretypes: a CPU one without gpuCounts, GPU counts as floats, the low-priority price string, deprecated ones marked', () => {
	const {results} = pageOf(coretypeSchema).parse(fixture('coretypes'));
	const byCode = new Map(results.map(coretype => [coretype.code, coretype]));
	assert.deepEqual(byCode.get('hpc-3')!.gpuCounts, []);
	assert.equal(isGpuCoretype(byCode.get('hpc-3')!), false);
	assert.deepEqual(results.filter(coretype => isGpuCoretype(coretype)).map(coretype => coretype.code), ['aquamarine_v3']);
	assert.equal(byCode.get('adamite')!.lowPriorityPrice, 0.0988);
	assert.equal(byCode.get('aquamarine_v3')!.lowPriorityPrice, undefined);
	assert.deepEqual(results.filter(coretype => coretype.isDeprecated).map(coretype => coretype.code), ['granite']);
	assert.ok(!('categoryCodes' in results[0]!), 'fields the client does not read are dropped');
});

test('analyses keep their versions newest first', () => {
	const {results} = pageOf(analysisSchema).parse(fixture('analyses'));
	assert.deepEqual(results[0]!.versions.map(version => version.versionCode), ['1.0.2', '1.0.1']);
});

test('statuses newest first, every timestamp readable whatever its shape', () => {
	for (const name of ['job-statuses', 'job-cluster-statuses']) {
		const {results} = pageOf(jobStatusSchema).parse(fixture(name));
		const times = results.map(status => parseTimestamp(status.statusDate)?.getTime());
		assert.ok(times.every(time => time !== undefined), name);
		assert.deepEqual(times, [...times].sort((a, b) => b! - a!), `${name} is newest first`);
	}

	assert.equal(pageOf(jobStatusSchema).parse(fixture('job-statuses')).results[0]!.statusReason, 'Completed successfully');
});

test('a created job has its id; a job without status yet reads as such', () => {
	const job = jobSchema.parse(fixture('jobs-post'));
	assert.equal(job.id, 'WfXkRb');
	assert.equal(job.jobStatus, undefined);
	assert.equal(job.projectId, undefined);
});

test('v3 folders: a bare array; a top-level folder has no parent', () => {
	const folders = arrayOrPageOf(folderSchema).parse(fixture('v3-file-folders'));
	assert.deepEqual(folders.map(folder => [folder.name, folder.parentId]), [['apptainer_images', undefined], ['results', undefined], ['2021', 'fLdRes']]);
});

test('file lines keep their newlines; the bare list shape is read too', () => {
	assert.ok(linesSchema.parse(fixture('file-lines')).every(line => line.endsWith('\n')));
	assert.deepEqual(linesSchema.parse(['a\n', 'b']), ['a\n', 'b']);
});
