import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fileSif} from '../../source/image-build/file-sif.js';
import type {PipelineEvent} from '../../source/jobs/events.js';
import {resolveHardware, describeHardware} from '../../source/jobs/hardware.js';
import {apptainerAnalysisVersion} from '../../source/jobs/lifecycle.js';
import {RescaleError} from '../../source/rescale/errors.js';
import {clientFor, startSandbox, testApiKey} from '../helpers/sandbox.js';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXNlYXJjaGVyIn0.c2lnbmF0dXJl';

test('a JWT-shaped key goes as Bearer, a Rescale key as Token; the sandbox takes only the matching scheme', async () => {
	const sandbox = await startSandbox({apiKey: jwt});
	assert.equal((await clientFor(sandbox).users.me()).email, 'researcher@sandbox.invalid');
	const asToken = await fetch(`${sandbox.url}/api/v2/users/me/`, {headers: {Authorization: `Token ${jwt}`}});
	assert.equal(asToken.status, 401);
	const plain = await startSandbox();
	const asBearer = await fetch(`${plain.url}/api/v2/users/me/`, {headers: {Authorization: `Bearer ${testApiKey}`}});
	assert.equal(asBearer.status, 401);
	assert.equal((await clientFor(plain).users.me()).email, 'researcher@sandbox.invalid');
});

test('the analysis version: 1.0.1 when offered, else the newest (listed first), and it says so', async () => {
	const events: PipelineEvent[] = [];
	const catalog = (versions: string[]) => ({catalog: {analyses: async () => [{code: 'user_included_apptainer_container', name: 'A', versions: versions.map(version => ({version, versionCode: version}))}], coretypes: async () => [], computePrices: async () => []}});
	assert.equal(await apptainerAnalysisVersion(catalog(['1.1.0', '1.0.1', '1.0.0']), event => events.push(event)), '1.0.1');
	assert.equal(events.length, 0);
	assert.equal(await apptainerAnalysisVersion(catalog(['1.2.0', '1.1.0', '1.0.0']), event => events.push(event)), '1.2.0');
	assert.match((events[0] as {message: string}).message, /1\.0\.1 is not offered here; using 1\.2\.0, the newest version listed/);
});

test('low priority: both prices shown, the lower one charged, isLowPriority sent and kept by the platform', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const coretypes = await client.catalog.coretypes();
	const onDemand = resolveHardware(coretypes, {coretype: 'emerald', cores: 2, walltime: 2}, '');
	assert.match(describeHardware(onDemand), /at most \$0\.25 on demand \(\$0\.14 at low priority\)/);
	const low = resolveHardware(coretypes, {coretype: 'emerald', cores: 2, walltime: 2, lowPriority: true}, '');
	assert.equal(low.lowPriority, true);
	assert.match(describeHardware(low), /at most \$0\.14 at low priority \(may wait for capacity; \$0\.25 on demand\)/);
	const job = await client.jobs.create({name: 'low', isLowPriority: low.lowPriority, jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command: 'true', hardware: {coreType: 'emerald', coresPerSlot: 2, walltime: 2}, inputFiles: []}]});
	assert.equal((await client.jobs.get(job.id)).isLowPriority, true);
});

test('a deprecated coretype is left out by the client and refused by the platform', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	assert.ok(!(await client.catalog.coretypes()).some(coretype => coretype.code === 'sandbox-k80'));
	await assert.rejects(client.jobs.create({name: 'old', jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command: 'true', hardware: {coreType: 'sandbox-k80', coresPerSlot: 4, walltime: 1}, inputFiles: []}]}), (error: RescaleError) => error.fieldErrors.some(message => /sandbox-k80" is deprecated/.test(message)));
});

test('SIF filing: the type change comes first; a failing folder step still leaves a usable input, and says so', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox, {retry: {attempts: 1}});
	const sif = sandbox.store.addFile({id: sandbox.store.newId(), name: 'gem.sif', typeId: 5, decryptedSize: 1});
	const events: PipelineEvent[] = [];
	const broken = {...client.folders, list: client.folders.list.bind(client.folders), changeFileType: client.folders.changeFileType.bind(client.folders), addFiles: client.folders.addFiles.bind(client.folders), async ensure(): Promise<never> {
		throw new RescaleError({kind: 'server', status: 502, message: 'POST /api/v3/file-folders/: Rescale answered with a server error (HTTP 502).', hint: '', request: 'POST /api/v3/file-folders/'});
	}};
	const {filedIn} = await fileSif({folders: broken}, sif, event => events.push(event));
	assert.equal(filedIn, undefined);
	assert.equal(sandbox.store.files.get(sif.id)?.typeId, 1, 'an input file all the same');
	assert.match((events.at(-1) as {message: string}).message, /gem\.sif \(file id \w+\) is an input file and ready to run, but filing it in apptainer_images failed/);
});
