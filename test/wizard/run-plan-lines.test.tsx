import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {RunPlan} from '../../source/run/pipeline.js';
import {PlanLines} from '../../source/wizard/steps/run-plan-lines.js';
import {renderUi} from '../helpers/ui.js';

const plan = {
	sif: {id: 'S1', name: 'gem.sif'},
	command: 'apptainer run --nv gem.sif python /workspace/experiments/shapes.py',
	hardware: {coretypeName: 'Sapphire H100', coreType: 'h100', coresPerSlot: 48, gpus: 4, walltime: 24, hourlyPrice: 254.8, maxCost: 6115.2},
} as unknown as RunPlan;

test('run plan lines: the confirmation has every fact, a finished run on a short terminal keeps the cost alone (its plan is in the history)', () => {
	const confirm = renderUi(<PlanLines plan={plan} simulated={false} mode="confirm"/>);
	assert.match(confirm.screen(), /Coretype +Sapphire H100 \(h100\)\nNode +48 cores, 4 GPU\(s\)\nWalltime +24 h \(the job is stopped then\)\nCost +at most \$6115\.20 \(\$254\.80\/h\)/);
	confirm.unmount();
	const cost = renderUi(<PlanLines plan={plan} simulated mode="cost"/>);
	assert.equal(cost.screen(), 'Cost      at most $6115.20 ($254.80/h), simulated: nothing is billed');
	cost.unmount();
	const compact = renderUi(<PlanLines plan={plan} simulated={false} mode="compact"/>);
	assert.match(compact.screen(), /^Command +apptainer run .*\nOn +Sapphire H100, 48 cores, 4 GPU\(s\), 24 h\nCost +at most \$6115\.20/);
	compact.unmount();
});
