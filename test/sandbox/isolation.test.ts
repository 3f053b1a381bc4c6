import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createSandbox, type Sandbox} from '../../source/sandbox/server.js';

function call(sandbox: Sandbox, method: string, route: string, body?: unknown, apiKey = sandbox.apiKey) {
	return fetch(`${sandbox.url}${route}`, {
		method,
		headers: {Authorization: `Token ${apiKey}`, ...(body === undefined ? {} : {'Content-Type': 'application/json'})},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

async function upload(sandbox: Sandbox, name: string, text: string): Promise<string> {
	const form = new FormData();
	form.append('file', new Blob([text]), name);
	const answer = await fetch(`${sandbox.url}/api/v2/files/contents/`, {method: 'POST', headers: {Authorization: `Token ${sandbox.apiKey}`}, body: form});
	assert.equal(answer.status, 201);
	return (await answer.json() as {id: string}).id;
}

test('two sandboxes in one process share no key, file, job, folder or fault', async () => {
	const [first, second] = await Promise.all([createSandbox({speed: 400}), createSandbox({speed: 400})]);
	try {
		assert.notEqual(first.apiKey, second.apiKey);
		assert.equal((await call(second, 'GET', '/api/v2/users/me/', undefined, first.apiKey)).status, 401, "one sandbox's key is refused by the other");

		const fileId = await upload(first, 'only-first.txt', 'first');
		assert.equal((await call(first, 'GET', `/api/v2/files/${fileId}/`)).status, 200);
		assert.equal((await call(second, 'GET', `/api/v2/files/${fileId}/`)).status, 404);
		assert.equal((await (await call(second, 'GET', '/api/v2/files/')).json() as {count: number}).count, 0);

		const job = {name: 'only first', jobanalyses: [{analysis: {code: 'user_included', version: '0'}, command: 'echo hi', hardware: {coreType: 'emerald', coresPerSlot: 1, walltime: 1}, inputFiles: [{id: fileId}]}]};
		assert.equal((await call(first, 'POST', '/api/v2/jobs/', job)).status, 201);
		assert.equal((await call(second, 'POST', '/api/v2/jobs/', job)).status, 400, "the other sandbox does not know the first one's file");
		assert.equal(first.store.jobs.size, 1);
		assert.equal(second.store.jobs.size, 0);

		assert.equal((await call(first, 'POST', '/api/v3/file-folders/', {name: 'images', parentId: null})).status, 201);
		assert.equal((await call(second, 'POST', '/api/v3/file-folders/', {name: 'images', parentId: null})).status, 201, 'the same folder name is free in the other sandbox');

		first.injectFault('503');
		assert.equal((await call(second, 'GET', '/api/v2/users/me/')).status, 200, 'a fault forced on one sandbox does not reach the other');
		assert.equal((await call(first, 'GET', '/api/v2/users/me/')).status, 503);
	} finally {
		await Promise.all([first.stop(), second.stop()]);
	}
});
