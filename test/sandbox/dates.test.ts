import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {createSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {runCli, exampleRoot} from '../helpers/cli.js';
import {testApiKey} from '../helpers/sandbox.js';

/** The contract's first timestamp shape (`...T13:50:20.551203Z`). */
const dateShape = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const logPrefix = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\]: /;

type Status = {status: string; statusDate: string};
type FileJson = {id: string; name: string; dateUploaded: string; relativePath?: string};

/**
 * Talks to one sandbox over HTTP and checks every answer as it arrives: each date in it (any
 * `date*`/`*Date` field, any log line's time) has the documented shape and is not later than the
 * moment the answer was received.
 */
function platform(sandbox: Sandbox) {
	let answers = 0;
	const check = (value: unknown, received: number, where: string) => {
		if (Array.isArray(value)) {
			for (const item of value) {
				check(item, received, where);
			}
		} else if (typeof value === 'string') {
			const logged = logPrefix.exec(value)?.[1];
			if (logged) {
				assert.ok(Date.parse(logged) <= received, `${where}: the log line "${value.trim()}" is dated after the answer (${new Date(received).toISOString()})`);
			}
		} else if (value && typeof value === 'object') {
			for (const [key, field] of Object.entries(value)) {
				if (/^date|Date$/.test(key) && field !== null) {
					assert.match(String(field), dateShape, `${where}: ${key}`);
					assert.ok(Date.parse(String(field)) <= received, `${where}: ${key} ${String(field)} is after the answer was received (${new Date(received).toISOString()})`);
				}

				check(field, received, where);
			}
		}
	};

	const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
		const form = body instanceof FormData;
		const answer = await fetch(`${sandbox.url}${route}`, {
			method,
			headers: {Authorization: `Token ${sandbox.apiKey}`, ...(body === undefined || form ? {} : {'Content-Type': 'application/json'})},
			body: body === undefined ? undefined : (form ? body : JSON.stringify(body)),
		});
		const text = await answer.text();
		const received = Date.now();
		assert.ok(answer.ok, `${method} ${route}: ${answer.status} ${text}`);
		const json = text === '' ? undefined : JSON.parse(text) as unknown;
		check(json, received, `${method} ${route}`);
		answers++;
		return json as T;
	};

	const results = async <T>(route: string) => (await call<{results: T[]}>('GET', route)).results;
	return {
		call,
		results,
		get answers() {
			return answers;
		},
		async upload(name: string, text: string) {
			const form = new FormData();
			form.append('file', new Blob([text]), name);
			return call<FileJson>('POST', '/api/v2/files/contents/', form);
		},
		/** Reads everything a client reads about a job until it has completed and its cluster stopped. */
		async follow(job: string) {
			const deadline = Date.now() + 60_000;
			for (;;) {
				await call('GET', `/api/v2/jobs/${job}/`);
				await call('GET', '/api/v2/jobs/');
				const statuses = await results<Status>(`/api/v2/jobs/${job}/statuses/`);
				const files = await results<FileJson>(`/api/v2/jobs/${job}/files/`);
				await results(`/api/v2/jobs/${job}/runs/`);
				for (const file of files) {
					await call('GET', `/api/v2/files/${file.id}/`);
					if (file.name === 'process_output.log') {
						await call('GET', `/api/v2/files/${file.id}/lines/`);
					}
				}

				const cluster = statuses.length > 2 ? await results<Status>(`/api/v2/jobs/${job}/cluster_statuses/`) : [];
				if (cluster[0]?.status === 'Stopped') {
					// Read again: the job may have completed between the reads above (a loaded machine).
					const final = await results<Status>(`/api/v2/jobs/${job}/statuses/`);
					return {statuses: final.toReversed(), cluster: cluster.toReversed(), files: await results<FileJson>(`/api/v2/jobs/${job}/files/`)};
				}

				assert.ok(Date.now() < deadline, `job ${job} did not end: ${JSON.stringify(statuses)}`);
				await new Promise(resolve => setTimeout(resolve, 5));
			}
		},
	};
}

const time = (date: string) => Date.parse(date);
/** Microseconds since the epoch: Date.parse drops them, and at a high speed events are that close. */
const micros = (date: string) => (Date.parse(date) * 1000) + Number(/\.\d{3}(\d{3})Z$/.exec(date)![1]);

function assertInOrder(dates: string[], what: string) {
	for (const [index, date] of dates.entries()) {
		assert.ok(index === 0 || micros(dates[index - 1]!) <= micros(date), `${what} out of order: ${dates.join(', ')}`);
	}
}

function buildRequest(name: string, inputs: string[]) {
	return {name, jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command: 'sh build_script.sh', hardware: {coreType: 'emerald', coresPerSlot: 2, walltime: 2}, inputFiles: inputs.map(id => ({id, decompress: false}))}]};
}

const def = runCli(['convert', exampleRoot, '--no-smoke-test']).stdout;
const script = 'set -e\napptainer build --fakeroot gem-cnn.sif gem-cnn.def\n';
const speed = 5000;

test('at a high speed, every date the sandbox answers has passed, and a build, its SIF and a run that uses it are dated in the order they happened', async () => {
	const sandbox = await createSandbox({speed, apiKey: testApiKey});
	try {
		const api = platform(sandbox);
		const build = async () => {
			const inputs = [await api.upload('gem-cnn.def', def), await api.upload('build_script.sh', script)];
			const job = await api.call<{id: string; dateInserted: string}>('POST', '/api/v2/jobs/', buildRequest('DO NOT REMOVE - Apptainer Image Build gem-cnn', inputs.map(file => file.id)));
			await api.call('POST', `/api/v2/jobs/${job.id}/submit/`);
			return {inputs, job, ...await api.follow(job.id)};
		};

		const first = await build();
		const byName = (status: string) => first.statuses.find(entry => entry.status === status)!.statusDate;
		assert.deepEqual(first.statuses.map(entry => entry.status), ['Pending', 'Waiting for Queue', 'Queued', 'Started', 'Validated', 'Executing', 'Completed']);
		assertInOrder([...first.inputs.map(file => file.dateUploaded), first.job.dateInserted, ...first.statuses.map(entry => entry.statusDate)], 'uploads, job creation and job statuses');
		assertInOrder([byName('Queued'), ...first.cluster.map(entry => entry.statusDate)], 'cluster statuses');
		assert.equal(first.cluster.find(entry => entry.status === 'Stop Requested')?.statusDate, byName('Completed'), 'the cluster is asked to stop when the job completes');
		// The simulated 25 s from submit to Executing take 25/speed real seconds: the job ran fast, and its dates say so.
		assert.ok(Math.abs(time(byName('Executing')) - time(byName('Pending')) - (25_000 / speed)) <= 1, `${byName('Pending')} -> ${byName('Executing')}`);

		const sif = first.files.find(file => file.name === 'gem-cnn.sif')!;
		assert.ok(micros(sif.dateUploaded) > micros(byName('Completed')), `the SIF (${sif.dateUploaded}) is filed after the build completed (${byName('Completed')})`);
		const log = first.files.find(file => file.name === 'process_output.log')!;
		assert.ok(micros(log.dateUploaded) > micros(byName('Completed')), 'the finished log is uploaded with the results');
		const lines = (await api.call<{lines: string[]}>('GET', `/api/v2/files/${log.id}/lines/`)).lines.map(line => logPrefix.exec(line)![1]!);
		assertInOrder(lines.map(line => line.replace('Z', '.000000Z')), 'log lines');
		assert.ok(time(lines[0]!) >= Math.floor(time(byName('Executing')) / 1000) * 1000 && time(lines.at(-1)!) <= time(byName('Completed')), 'the log is written while the job executes');
		const [run] = await api.results<{dateStarted: string; dateCompleted: string}>(`/api/v2/jobs/${first.job.id}/runs/`);
		assert.deepEqual([run?.dateStarted, run?.dateCompleted], [byName('Executing'), byName('Completed')]);

		const runJob = await api.call<{id: string; dateInserted: string}>('POST', '/api/v2/jobs/', {name: 'Apptainer run gem-cnn.sif', jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command: 'apptainer run --nv gem-cnn.sif python /workspace/experiments/shapes.py --epochs 3; rm -f gem-cnn.sif', hardware: {coreType: 'aquamarine_v3', coresPerSlot: 6, walltime: 1}, inputFiles: [{id: sif.id, decompress: false}]}]});
		await api.call('POST', `/api/v2/jobs/${runJob.id}/submit/`);
		const ran = await api.follow(runJob.id);
		assertInOrder([sif.dateUploaded, runJob.dateInserted, ...ran.statuses.map(entry => entry.statusDate)], 'the SIF, then the run that reads it');
		assert.ok(ran.files.some(file => file.relativePath === 'outputs/metrics.csv' && micros(file.dateUploaded) > micros(ran.statuses.at(-1)!.statusDate)));

		const second = await build();
		const sifs = (await api.results<FileJson>('/api/v2/files/?search=gem-cnn.sif')).filter(file => file.name === 'gem-cnn.sif');
		assert.equal(sifs.length, 2);
		const [newer, older] = sifs;
		assert.equal(older!.id, sif.id);
		assert.notEqual(newer!.dateUploaded, older!.dateUploaded, 'two SIFs of one name are told apart by their dates');
		assert.ok(micros(older!.dateUploaded) < micros(second.job.dateInserted) && micros(second.statuses.at(-1)!.statusDate) < micros(newer!.dateUploaded), `${older!.dateUploaded} (first build) < second build < ${newer!.dateUploaded}`);
		assert.ok(api.answers > 20, 'the jobs were read while they ran');
	} finally {
		await sandbox.stop();
	}
});

test('a job keeps the speed it was submitted at when another sandbox on the same state reads it, and a user stop is dated when it happened', async () => {
	const stateDir = await mkdtemp(path.join(tmpdir(), 'sandbox-dates-'));
	const fast = await createSandbox({stateDir, speed, apiKey: testApiKey});
	const slow = await createSandbox({stateDir, speed: 2, apiKey: testApiKey});
	try {
		const api = platform(fast);
		const file = await api.upload('gem-cnn.def', def);
		const job = await api.call<{id: string}>('POST', '/api/v2/jobs/', buildRequest('read elsewhere', [file.id]));
		await api.call('POST', `/api/v2/jobs/${job.id}/submit/`);
		const read = await platform(slow).follow(job.id);
		assert.equal(read.statuses.at(-1)?.status, 'Completed');
		assert.ok(time(read.statuses.at(-1)!.statusDate) - time(read.statuses[0]!.statusDate) < 1000, 'played at the fast sandbox\'s speed, not at 2x');

		const slowApi = platform(slow);
		const stopped = await slowApi.call<{id: string}>('POST', '/api/v2/jobs/', buildRequest('stopped', [file.id]));
		await slowApi.call('POST', `/api/v2/jobs/${stopped.id}/submit/`);
		// Some real time between submit and stop, for the stop's date to tell real from simulated seconds.
		await new Promise(resolve => setTimeout(resolve, 50));
		const before = Date.now();
		await slowApi.call('POST', `/api/v2/jobs/${stopped.id}/stop/`);
		const statuses = (await slowApi.results<Status>(`/api/v2/jobs/${stopped.id}/statuses/`)).toReversed();
		const stopping = statuses.find(entry => entry.status === 'Stopping');
		assert.ok(stopping && time(stopping.statusDate) >= before - 1, `stopped at ${new Date(before).toISOString()}: ${JSON.stringify(statuses)}`);
		assertInOrder(statuses.map(entry => entry.statusDate), 'statuses of a stopped job');
	} finally {
		await Promise.all([fast.stop(), slow.stop()]);
	}
});

test('a state saved by a sandbox whose clock ran ahead does not leave its jobs waiting for that future', async () => {
	const stateDir = await mkdtemp(path.join(tmpdir(), 'sandbox-dates-'));
	const first = await createSandbox({stateDir, speed: 1, apiKey: testApiKey});
	const api = platform(first);
	const file = await api.upload('gem-cnn.def', def);
	const job = await api.call<{id: string}>('POST', '/api/v2/jobs/', buildRequest('saved ahead', [file.id]));
	await api.call('POST', `/api/v2/jobs/${job.id}/submit/`);
	await first.stop();
	// What the sandbox saved before jobs kept their speed: a submit time on a clock twenty hours ahead.
	const stateFile = path.join(stateDir, 'state.json');
	const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {clock?: number; jobs: Array<{submittedAt?: number; speed?: number}>};
	writeFileSync(stateFile, JSON.stringify({...state, clock: Date.now() + 72_000_000, jobs: state.jobs.map(saved => ({...saved, speed: undefined, submittedAt: Date.now() + 72_000_000}))}));

	const second = await createSandbox({stateDir, speed, apiKey: testApiKey});
	try {
		const {statuses} = await platform(second).follow(job.id);
		assert.equal(statuses.at(-1)?.status, 'Completed');
	} finally {
		await second.stop();
	}
});
