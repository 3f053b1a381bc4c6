import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {describe, test} from 'node:test';
import {readSif, sifObject} from '../../source/apptainer/sif.js';
import type {RescaleClient} from '../../source/rescale/client.js';
import type {JobRequest} from '../../source/rescale/types.js';
import {FaultInjector, parseFaultSpec} from '../../source/sandbox/faults.js';
import {createSandbox} from '../../source/sandbox/server.js';
import {builtCli, exampleRoot, runCli} from '../helpers/cli.js';
import {clientFor, startSandbox, testApiKey, waitForStatus} from '../helpers/sandbox.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'sandbox-'));
const logLine = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\]: /;

function localFile(name: string, content: string): string {
	const file = path.join(scratch, name);
	writeFileSync(file, content);
	return file;
}

function job(name: string, command: string, inputIds: string[], coreType = 'emerald', coresPerSlot = 2): JobRequest {
	return {name, jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command, hardware: {coreType, coresPerSlot, walltime: 2}, inputFiles: inputIds.map(id => ({id, decompress: false}))}]};
}

async function runToEnd(client: RescaleClient, request: JobRequest) {
	const created = await client.jobs.create(request);
	await client.jobs.submit(created.id);
	return runToEndOf(client, created.id);
}

async function runToEndOf(client: RescaleClient, id: string) {
	await waitForStatus(client, id);
	// The outputs are filed after Completed; the cluster stops once they all are.
	await waitForCluster(client, id, 'Stopped');
	const files = await client.jobs.files(id);
	const log = await client.files.lines(files.find(file => file.name === 'process_output.log')!.id);
	return {id, files, log};
}

async function waitForCluster(client: RescaleClient, id: string, status: string) {
	const deadline = Date.now() + 20_000;
	while ((await client.jobs.clusterStatuses(id))[0]?.status !== status) {
		assert.ok(Date.now() < deadline, `cluster of ${id} never reached ${status}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

// The unfixed example: its %test would fail the build (see test/e2e/real-rescale.test.ts).
const def = runCli(['convert', exampleRoot, '--no-smoke-test']).stdout;
const script = 'set -e\napptainer build --fakeroot gem-cnn.sif gem-cnn.def\nfind . -mindepth 1 ! -name "*.sif" -delete\n';

describe('simulated jobs', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const upload = async (name: string, text: string) => (await client.files.upload(localFile(name, text))).id;

	test('a build job checks its def with the project parser and leaves a real SIF', async () => {
		const {files, log} = await runToEnd(client, job('DO NOT REMOVE - Apptainer Image Build gem-cnn', 'sh build_script.sh', [await upload('gem-cnn.def', def), await upload('build_script.sh', script)]));
		assert.ok(log.every(line => logLine.test(line)), 'every log line has the platform time prefix');
		assert.match(log[0]!, /Launching sh build_script.sh, Working dir: \/enc\/udeprod_\w+\/work\/shared\.  Process output follows:/);
		assert.ok(log.some(line => line.includes('+ apptainer build --fakeroot gem-cnn.sif gem-cnn.def')));
		assert.ok(log.some(line => line.includes('+ pip install -f https://data.pyg.org/whl/torch-1.11.0+cu113.html -e .')), 'the %post lines run');
		assert.ok(log.some(line => line.includes('INFO:    Build complete: gem-cnn.sif')));
		const sifFile = files.find(file => file.name === 'gem-cnn.sif');
		assert.ok(sifFile);
		const target = path.join(scratch, 'gem-cnn.sif');
		await client.files.download(sifFile.id, target);
		const image = readFileSync(target);
		assert.deepEqual(readSif(image).descriptors.map(descriptor => descriptor.type), ['deffile', 'labels', 'environment', 'partition']);
		assert.equal(sifObject(image, 'deffile')!.toString(), def);
		const siftool = spawnSync('siftool', ['list', target], {encoding: 'utf8'});
		assert.ok(!siftool.error || !process.env.CI, 'CI installs siftool (.ci/run)');
		if (!siftool.error) {
			assert.equal(siftool.status, 0, siftool.stderr);
			assert.match(siftool.stdout, /Def\.FILE[\s\S]*JSON\.Labels[\s\S]*FS/);
		}
	});

	test('as on Rescale, the outputs of a build are filed one by one after it shows Completed, the SIF after the log, and the cluster stops after both', async () => {
		// Slow enough that the ~24 simulated seconds between Completed and the first file last ~1 s.
		const slow = clientFor(await startSandbox({speed: 25}));
		const inputs = [(await slow.files.upload(localFile('gem-cnn.def', def))).id, (await slow.files.upload(localFile('build_script.sh', script))).id];
		const created = await slow.jobs.create(job('DO NOT REMOVE - Apptainer Image Build gem-cnn', 'sh build_script.sh', inputs));
		await slow.jobs.submit(created.id);
		await waitForStatus(slow, created.id, 'Executing', 60_000);
		assert.ok((await slow.jobs.files(created.id)).some(file => file.name === 'process_output.log'), 'the log is a job file while the run executes');
		const [completed] = await waitForStatus(slow, created.id, 'Completed', 60_000);
		assert.deepEqual((await slow.jobs.files(created.id)).map(file => file.name), [], 'nothing is listed at the moment Completed is first seen');
		const seen: Array<{names: string[]; cluster: string | undefined}> = [];
		const deadline = Date.now() + 20_000;
		for (;;) {
			const cluster = (await slow.jobs.clusterStatuses(created.id))[0]?.status;
			const names = (await slow.jobs.files(created.id)).map(file => file.name);
			if (seen.at(-1)?.names.join() !== names.join()) {
				seen.push({names, cluster});
			}

			if (cluster === 'Stopped') {
				break;
			}

			assert.ok(Date.now() < deadline, JSON.stringify(seen));
			await new Promise(resolve => setTimeout(resolve, 20));
		}

		assert.deepEqual(seen.map(entry => entry.names), [[], ['process_output.log'], ['process_output.log', 'gem-cnn.sif']], 'filed one by one, the log first');
		assert.ok(seen.every(entry => entry.cluster !== 'Stopped'), `the cluster stops after the last file: ${JSON.stringify(seen)}`);
		const files = await slow.jobs.files(created.id);
		const sif = files.find(file => file.name === 'gem-cnn.sif')!;
		const log = files.find(file => file.name === 'process_output.log')!;
		assert.ok(Date.parse(log.dateUploaded!) - Date.parse(completed!.statusDate) >= 20_000 / 25, `the log (${log.dateUploaded}) is filed ~24 simulated seconds after Completed (${completed!.statusDate})`);
		assert.ok(Date.parse(sif.dateUploaded!) > Date.parse(log.dateUploaded!));
		assert.ok((await slow.files.lines(log.id)).some(line => line.includes('INFO:    Build complete: gem-cnn.sif')), 'the filed log is the whole log');
	});

	test('a broken def fails the build with an Apptainer-like error and no SIF', async () => {
		const broken = 'Bootstrap: docker\nFrom: alpine\n%psot\n    echo typo\n';
		const {files, log} = await runToEnd(client, job('broken build', 'sh build_script.sh', [await upload('gem-cnn.def', broken), await upload('build_script.sh', script)]));
		assert.ok(log.some(line => line.includes('FATAL:   Unable to build from gem-cnn.def: while parsing definition: gem-cnn.def: line 3: invalid section(s) specified: psot')), log.join(''));
		assert.deepEqual(files.map(file => file.name), ['process_output.log']);
	});

	test('a build whose script or def is missing says so in the log', async () => {
		const noScript = await runToEnd(client, job('no script', 'sh build_script.sh', [await upload('gem-cnn.def', def)]));
		assert.ok(noScript.log.some(line => line.includes('sh: 0: cannot open build_script.sh: No such file')));
		const noDef = await runToEnd(client, job('no def', 'sh build_script.sh', [await upload('build_script.sh', script)]));
		assert.ok(noDef.log.some(line => line.includes('FATAL:   Unable to build from gem-cnn.def: open gem-cnn.def: no such file or directory')));
	});

	test('a run job on a GPU coretype prints epochs and leaves its outputs', async () => {
		const sif = await upload('gem-cnn.sif', 'SIF');
		const {files, log} = await runToEnd(client, job('run shapes', 'apptainer run --nv gem-cnn.sif python /workspace/experiments/shapes.py --epochs 3', [sif], 'aquamarine_v3', 6));
		assert.deepEqual(log.filter(line => line.includes('Test Results')).map(line => /Epoch: (\d+)/.exec(line)?.[1]), ['1', '2', '3']);
		assert.ok(!log.some(line => line.includes('WARNING')));
		const metrics = files.find(file => file.relativePath === 'outputs/metrics.csv');
		assert.ok(metrics);
		assert.equal((await client.files.lines(metrics.id)).length, 4);
	});

	test('--nv on a CPU coretype, or a GPU coretype without --nv, is warned about; a missing image is fatal', async () => {
		const sif = await upload('gem-cnn.sif', 'SIF');
		const cpu = await runToEnd(client, job('nv on cpu', 'apptainer run --nv gem-cnn.sif --epochs 1', [sif]));
		assert.ok(cpu.log.some(line => line.includes('WARNING: Could not find any nv files on this host!')));
		const gpu = await runToEnd(client, job('gpu without nv', 'apptainer run gem-cnn.sif --epochs 1', [sif], 'aquamarine_v3', 6));
		assert.ok(gpu.log.some(line => line.includes('has 1 GPU(s) but the command has no --nv')));
		const missing = await runToEnd(client, job('no image', 'apptainer run --nv other.sif', [sif], 'aquamarine_v3', 6));
		assert.ok(missing.log.some(line => line.includes('FATAL:   could not open image other.sif')));
	});
});

test('--state keeps files and jobs across a restart', async () => {
	const stateDir = path.join(scratch, 'state');
	const first = await createSandbox({stateDir, apiKey: testApiKey, speed: 400});
	const firstClient = clientFor(first);
	const file = await firstClient.files.upload(localFile('kept.txt', 'kept'));
	const created = await firstClient.jobs.create(job('kept job', 'apptainer run --nv kept.sif', [file.id]));
	await firstClient.jobs.submit(created.id);
	await waitForStatus(firstClient, created.id);
	await first.stop();

	const second = await createSandbox({stateDir, apiKey: testApiKey, speed: 400});
	try {
		const secondClient = clientFor(second);
		assert.equal((await secondClient.files.get(file.id)).name, 'kept.txt');
		assert.equal((await secondClient.jobs.get(created.id)).name, 'kept job');
		assert.equal((await secondClient.jobs.statuses(created.id))[0]?.status, 'Completed');
		const target = path.join(scratch, 'kept-copy.txt');
		await secondClient.files.download(file.id, target);
		assert.equal(readFileSync(target, 'utf8'), 'kept');
	} finally {
		await second.stop();
	}
});

test('a job saved before outputs were filed after Completed still files its log and SIF', async () => {
	const stateDir = path.join(scratch, 'state-before-filing');
	const first = await createSandbox({stateDir, apiKey: testApiKey, speed: 1});
	const firstClient = clientFor(first);
	const inputs = [(await firstClient.files.upload(localFile('gem-cnn.def', def))).id, (await firstClient.files.upload(localFile('build_script.sh', script))).id];
	const created = await firstClient.jobs.create(job('saved before filing', 'sh build_script.sh', inputs));
	await firstClient.jobs.submit(created.id);
	await first.stop();
	// What such a sandbox saved: the results filed with Completed (its filedAt), no output events.
	const stateFile = path.join(stateDir, 'state.json');
	type SavedEvent = {at: number; job?: string; output?: unknown; filedAt?: number};
	const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {jobs: Array<{speed?: number; plan: {events: SavedEvent[]}}>};
	writeFileSync(stateFile, JSON.stringify({...state, jobs: state.jobs.map(saved => ({...saved, speed: 400, plan: {...saved.plan, events: saved.plan.events.filter(event => !('output' in event)).map(event => event.job === 'Completed' ? {...event, filedAt: event.at + 1} : event)}}))}));

	const second = await createSandbox({stateDir, apiKey: testApiKey, speed: 400});
	try {
		const {files} = await runToEndOf(clientFor(second), created.id);
		assert.deepEqual(files.map(file => file.name), ['process_output.log', 'gem-cnn.sif']);
	} finally {
		await second.stop();
	}
});

test('fault specs: parsed strictly, replayed exactly for a seed', () => {
	assert.deepEqual(parseFaultSpec('429=0.1,500=0.05,reset=0.02,slow=0.1,seed=7'), {seed: 7, rates: [{kind: '429', rate: 0.1}, {kind: '500', rate: 0.05}, {kind: 'reset', rate: 0.02}, {kind: 'slow', rate: 0.1}]});
	assert.throws(() => parseFaultSpec('418=0.1'), /unknown fault "418"/);
	assert.throws(() => parseFaultSpec('429=2'), /not a rate/);
	assert.throws(() => parseFaultSpec('429=0.7,500=0.7'), /more than 1/);
	const draw = () => {
		const injector = new FaultInjector(parseFaultSpec('429=0.3,reset=0.2,seed=42'));
		return Array.from({length: 200}, () => injector.next() ?? '-').join(',');
	};

	assert.equal(draw(), draw());
	const counts = draw().split(',').reduce<Record<string, number>>((tally, kind) => ({...tally, [kind]: (tally[kind] ?? 0) + 1}), {});
	assert.ok(counts['429']! > 35 && counts['429']! < 85, JSON.stringify(counts));
});

test('rescale-apptainer sandbox --json: first line has url and key; Ctrl-C stops it cleanly', async () => {
	const child = spawn(process.execPath, [builtCli, 'sandbox', '--json', '--port', '0', '--api-key', testApiKey], {stdio: ['ignore', 'pipe', 'pipe']});
	const firstLine = await new Promise<string>(resolve => {
		createInterface({input: child.stdout!}).once('line', resolve);
	});
	const {url, apiKey} = JSON.parse(firstLine) as {url: string; apiKey: string};
	assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
	assert.equal(apiKey, testApiKey);
	const answer = await fetch(`${url}/api/v2/users/me/`, {headers: {Authorization: `Token ${apiKey}`}});
	assert.equal(answer.status, 200);
	child.kill('SIGINT');
	const code = await new Promise(resolve => child.once('exit', resolve));
	assert.equal(code, 0);
});
