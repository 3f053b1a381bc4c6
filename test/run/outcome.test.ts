import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {test} from 'node:test';
import {jobCommand} from '../../source/run/job-command.js';
import {judgeRun} from '../../source/run/outcome.js';
import {resultFiles} from '../../source/run/result-files.js';

const completed = {status: 'Completed', statusDate: '2026-01-01T00:00:00Z', statusReason: 'Completed successfully'};
const v100 = {code: 'aquamarine_v3', name: 'Aquamarine v3', processorInfo: 'Intel Xeon, Tesla V100'};
const h100 = {code: 'sandbox-h100', name: 'Sapphire H100'};
const context = {facts: {torch: '1.11.0', cuda: '11.3', archList: undefined, origin: 'base image', line: 1}, coretype: h100, coretypes: [v100, h100]};

test('the wrapped command reports its exit code last, removes the staged image, and keeps the code', () => {
	const script = jobCommand('sh -c \'echo working; exit 7\'', 'my image.sif');
	const folder = spawnSync('mktemp', ['-d'], {encoding: 'utf8'}).stdout.trim();
	spawnSync('touch', ['my image.sif'], {cwd: folder});
	const run = spawnSync('bash', ['-c', script], {cwd: folder, encoding: 'utf8', env: {PATH: '/usr/bin:/bin'}});
	assert.equal(run.status, 7);
	assert.deepEqual(run.stdout.trim().split('\n').slice(-2), ['working', 'rescale-apptainer: command exited with code 7']);
	assert.equal(spawnSync('ls', ['-A'], {cwd: folder, encoding: 'utf8'}).stdout, '', 'the staged SIF is gone');
});

test('Completed is not success: only exit code 0 is', () => {
	assert.equal(judgeRun(completed, ['[t]: done', '[t]: rescale-apptainer: command exited with code 0'], context).succeeded, true);
	const failed = judgeRun(completed, ['[t]: Traceback', '[t]: rescale-apptainer: command exited with code 1'], context);
	assert.equal(failed.succeeded, false);
	assert.equal(failed.exitCode, 1);
	assert.deepEqual(failed.logTail, ['Traceback']);
	const silent = judgeRun(completed, ['[t]: done'], context);
	assert.equal(silent.succeeded, false, 'a log without the exit line is not a success');
	assert.match(silent.summary, /without the line that says how the command exited/);
	const stopped = judgeRun({...completed, statusReason: 'User Terminated'}, ['rescale-apptainer: command exited with code 0'], context);
	assert.equal(stopped.succeeded, false);
});

test('the likely cause: the two CUDA failures with the node\'s facts, file not found, out of memory', () => {
	const kernel = judgeRun(completed, ['NVIDIA H100 80GB HBM3, 535.104.05, 9.0', 'RuntimeError: CUDA error: no kernel image is available for execution on the device', 'rescale-apptainer: command exited with code 1'], context);
	assert.match(kernel.cause!, /torch 1\.11 cu113 .*has no kernels for NVIDIA H100 80GB HBM3 \(sm_90\).*aquamarine_v3/);
	assert.deepEqual(kernel.nodeGpus.map(gpu => gpu.name), ['NVIDIA H100 80GB HBM3']);
	const driver = judgeRun(completed, ['Tesla K80, 418.67, 3.7', 'RuntimeError: The NVIDIA driver on your system is too old (found version 10010).', 'rescale-apptainer: command exited with code 1'], {...context, coretype: v100});
	assert.match(driver.cause!, /needs an NVIDIA driver >= /);
	assert.match(judgeRun(completed, ["python: can't open file '/workspace/x.py': [Errno 2] No such file or directory", 'rescale-apptainer: command exited with code 2'], context).cause!, /^file not found: \/workspace\/x\.py/);
	assert.match(judgeRun(completed, ['torch.cuda.OutOfMemoryError: CUDA out of memory.', 'rescale-apptainer: command exited with code 1'], context).cause!, /^out of memory/);
	assert.match(judgeRun(completed, ['rescale-apptainer: command exited with code 137'], context).summary, /killed: usually out of memory/);
});

test('the files a run gives back never include its inputs', () => {
	const image = {id: 'sif1', name: 'gem.sif', typeId: 1};
	const files = [{id: 'log', name: 'process_output.log', typeId: 5}, {id: 'sif1', name: 'gem.sif', typeId: 1}, {id: 'copy', name: 'gem.sif', relativePath: 'gem.sif', typeId: 5}, {id: 'in', name: 'data.csv', typeId: 1}, {id: 'out', name: 'metrics.csv', relativePath: 'outputs/metrics.csv', typeId: 5}];
	assert.deepEqual(resultFiles(files, image).map(file => file.id), ['log', 'out']);
});
