import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Sandbox} from '../../source/sandbox/server.js';
import {startSandbox} from '../helpers/sandbox.js';

type Analysis = {analysis: {code: string; version: string}; command: string; hardware: Record<string, unknown>; inputFiles?: unknown};

function analysis(hardware: Record<string, unknown> = {}, fields: Partial<Analysis> = {}): Analysis {
	return {
		analysis: {code: 'user_included_apptainer_container', version: '1.0.1'},
		command: 'sh build_script.sh',
		hardware: {coreType: 'emerald', coresPerSlot: 2, slots: 1, walltime: 2, ...hardware},
		...fields,
	};
}

/** Posts a job and returns the status with the body, which is a 400's field errors. */
async function createJob(sandbox: Sandbox, body: Record<string, unknown>): Promise<{status: number; body: unknown}> {
	const answer = await fetch(`${sandbox.url}/api/v2/jobs/`, {
		method: 'POST',
		headers: {'Authorization': `Token ${sandbox.apiKey}`, 'Content-Type': 'application/json'},
		body: JSON.stringify(body),
	});
	return {status: answer.status, body: await answer.json()};
}

const refusal = (problems: Record<string, unknown>) => ({status: 400, body: {jobanalyses: [problems]}});

describe('what the platform refuses in a job body, in its field-error shapes', async () => {
	const sandbox = await startSandbox();
	const job = (...analyses: Analysis[]) => createJob(sandbox, {name: 'rules', jobanalyses: analyses});

	test('walltime is whole hours: an integer from 1 to the account maximum', async () => {
		assert.equal((await job(analysis({walltime: 1}))).status, 201);
		assert.deepEqual(await job(analysis({walltime: 1.5})), refusal({hardware: {walltime: ['A valid integer is required.']}}));
		assert.deepEqual(await job(analysis({walltime: '2'})), refusal({hardware: {walltime: ['A valid integer is required.']}}));
		assert.deepEqual(await job(analysis({walltime: 0})), refusal({hardware: {walltime: ['The walltime is in hours: a whole number from 1 to 72.']}}));
		assert.deepEqual(await job(analysis({walltime: 73})), refusal({hardware: {walltime: ['The walltime is in hours: a whole number from 1 to 72.']}}));
	});

	test('coresPerSlot is a positive integer the coretype offers', async () => {
		assert.equal((await job(analysis({coreType: 'aquamarine_v3', coresPerSlot: 12}))).status, 201);
		assert.deepEqual(await job(analysis({coresPerSlot: 2.5})), refusal({hardware: {coresPerSlot: ['A valid integer is required.']}}));
		assert.deepEqual(await job(analysis({coresPerSlot: '2'})), refusal({hardware: {coresPerSlot: ['A valid integer is required.']}}));
		const notOffered = (cores: number) => refusal({hardware: {coresPerSlot: [`Emerald offers 1, 2, 4, 8, 16, 32 cores per slot; ${cores} is not one of them.`]}});
		assert.deepEqual(await job(analysis({coresPerSlot: 3})), notOffered(3));
		assert.deepEqual(await job(analysis({coresPerSlot: 0})), notOffered(0));
		assert.deepEqual(await job(analysis({coresPerSlot: -2})), notOffered(-2));
	});

	test('an unknown coretype is refused', async () => {
		assert.deepEqual(await job(analysis({coreType: 'unobtainium'})), refusal({hardware: {coreType: ['"unobtainium" is not a valid core type.']}}));
	});

	test('an unknown analysis code or version is refused', async () => {
		assert.deepEqual(await job(analysis({}, {analysis: {code: 'fluent', version: '1.0.1'}})), refusal({analysis: {code: ['"fluent" is not a known analysis.']}}));
		assert.deepEqual(await job(analysis({}, {analysis: {code: 'user_included_apptainer_container', version: '9.9'}})), refusal({analysis: {version: ['The specified version is not available.']}}));
	});

	test('inputFiles must be a list of files that exist', async () => {
		assert.deepEqual(await job(analysis({}, {inputFiles: [{id: 'nOsUch1'}, {decompress: false}]})), refusal({inputFiles: ['Unknown file id(s): nOsUch1, undefined']}));
		assert.deepEqual(await job(analysis({}, {inputFiles: 'nOsUch1'})), refusal({inputFiles: ['Expected a list of items.']}));
	});

	test('errors are listed per analysis, an empty object for one without problems', async () => {
		assert.deepEqual(await job(analysis(), analysis({walltime: 0.5})), {status: 400, body: {jobanalyses: [{}, {hardware: {walltime: ['A valid integer is required.']}}]}});
	});
});

test('requireProject: a job must name one of users/me/projects, or it is a projectId field error', async () => {
	const sandbox = await startSandbox({requireProject: true});
	const projects = await (await fetch(`${sandbox.url}/api/v2/users/me/projects/`, {headers: {Authorization: `Token ${sandbox.apiKey}`}})).json() as {results: Array<{id: string}>};
	const [project] = projects.results;
	assert.ok(project);
	const body = (projectId?: string | null) => ({name: 'in a project', ...(projectId === undefined ? {} : {projectId}), jobanalyses: [analysis()]});
	const missing = {status: 400, body: {projectId: ['This workspace requires every job to name a project: set projectId to one of sandboxProject (Sandbox project).']}};
	assert.deepEqual(await createJob(sandbox, body()), missing);
	assert.deepEqual(await createJob(sandbox, body(null)), missing);
	assert.deepEqual(await createJob(sandbox, body('elsewhere')), {status: 400, body: {projectId: ['"elsewhere" is not one of your projects: sandboxProject (Sandbox project).']}});
	const created = await createJob(sandbox, body(project.id));
	assert.equal(created.status, 201);
	assert.equal((created.body as {projectId: string}).projectId, project.id);
});
