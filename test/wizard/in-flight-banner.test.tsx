import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildJobName} from '../../source/image-build/image-name.js';
import {firstScreenAt, namesDockerfile} from '../helpers/wizard-walk.js';
import {testServices} from '../helpers/wizard-services.js';

const summary = /^1 error\(s\), 4 warning\(s\) and note\(s\)$/m;
const elsewhere = 'Also in flight from earlier sessions: build YmzCFc (ex5.sif); the wizard on that folder follows it.';
const own = '1 job(s) from an earlier session may still run (run RunAbc): continue with the same choices to follow them again.';

/** Step 1 of the wizard at columns x rows, with an earlier session's build of another folder's image and a run of this one's in flight. */
async function step1(columns: number, rows: number) {
	const services = await testServices();
	const record = {platform: 'sandbox', token: 't', uploads: [], savedAt: '2026-11-29T16:00:00Z'};
	services.config.jobs.save('other-build', {...record, kind: 'build', name: buildJobName('ex5'), jobId: 'YmzCFc'});
	services.config.jobs.save('this-run', {...record, kind: 'run', name: 'Apptainer run gauge-equivariant-mesh-cnn.sif on emerald', jobId: 'RunAbc'});
	return {screen: await firstScreenAt(services, columns, rows), file: services.dockerfile.file};
}

test('step 1 at 80x24: a job of another folder\'s image is named with its image, and the wizard on that folder follows it; a run of this image keeps "continue with the same choices"', async () => {
	const {screen, file} = await step1(80, 24);
	const flat = screen.replaceAll(/\s+/g, ' ');
	assert.ok(flat.includes(elsewhere), screen);
	assert.ok(flat.includes(own), screen);
	assert.doesNotMatch(flat, /YmzCFc\)?: continue with the same choices/, screen);
	assert.ok(namesDockerfile(screen, file), screen);
	assert.match(screen, summary, screen);
});

test('step 1 at 60x15: the line about other folders\' jobs is cut first; the Dockerfile\'s name and summary stay', async () => {
	const {screen, file} = await step1(60, 15);
	assert.ok(screen.split('\n').length < 15, screen);
	assert.doesNotMatch(screen, /Also in flight|YmzCFc/, screen);
	assert.ok(screen.replaceAll(/\s+/g, ' ').includes(own), screen);
	assert.ok(namesDockerfile(screen, file), screen);
	assert.match(screen, summary, screen);
});
