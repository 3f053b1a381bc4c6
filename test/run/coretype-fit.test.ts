import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ImageGpuFacts} from '../../source/dockerfile/image-gpu-facts.js';
import {checkCoretypeFit, CoretypeMisfit} from '../../source/run/coretype-fit.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';

const facts: ImageGpuFacts = {torch: '1.11.0', cuda: '11.3', archList: undefined, origin: 'line 1', line: 1};

test('the headless refusal of a coretype the image cannot use keeps its --force hint, and carries the coretypes that fit for the wizard', async () => {
	const coretypes = await clientFor(await startSandbox()).catalog.coretypes();
	const h100 = coretypes.find(coretype => coretype.code === 'sandbox-h100')!;
	assert.throws(() => checkCoretypeFit(facts, h100, coretypes, false), (error: unknown) => {
		assert.ok(error instanceof CoretypeMisfit);
		assert.equal(error.message, 'sandbox-h100 cannot run this image: torch 1.11 cu113 has no kernels for H100 (sm_90) (line 1)');
		assert.equal(error.hint, 'Coretypes whose GPU this image can use: aquamarine_v3 (Aquamarine v3), sandbox-a100 (Tourmaline A100 (simulated)). Add --force to submit anyway.');
		assert.deepEqual(error.fits.map(coretype => coretype.code), ['aquamarine_v3', 'sandbox-a100']);
		return true;
	});
	assert.match(checkCoretypeFit(facts, h100, coretypes, true)[0]!, /^--force: submitting to sandbox-h100 although/);
});
