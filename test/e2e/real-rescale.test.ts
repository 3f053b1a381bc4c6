import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {after, describe, test} from 'node:test';
import {builtCli, exampleRoot, runCliAsync} from '../helpers/cli.js';
import {testApiKey} from '../helpers/sandbox.js';

function workspace() {
	const folder = mkdtempSync(path.join(tmpdir(), 'real-rescale-'));
	return {folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: testApiKey, RESCALE_PROJECT: ''}};
}

/** `rescale-apptainer sandbox` in its own process, as a workshop would start it. */
async function sandboxProcess(extra: string[]) {
	const child = spawn(process.execPath, [builtCli, 'sandbox', '--json', '--port', '0', '--speed', '400', '--api-key', testApiKey, ...extra], {stdio: ['ignore', 'pipe', 'inherit']});
	const {url} = JSON.parse(await new Promise<string>(resolve => {
		createInterface({input: child.stdout}).once('line', resolve);
	})) as {url: string};
	after(() => {
		child.kill('SIGINT');
	});
	return url;
}

describe('against `sandbox --require-project --node-without-sudo`', async () => {
	const url = await sandboxProcess(['--require-project', '--node-without-sudo']);
	const {folder, env} = workspace();
	const platform = ['--platform', url, '--yes'];

	test('a build without --project is refused on one screen: the field error verbatim, the hint, exit 1', async () => {
		const result = await runCliAsync(['build', exampleRoot, '--fix', ...platform], {cwd: folder, env});
		assert.equal(result.status, 1, result.stdout + result.stderr);
		assert.match(result.stderr, /POST \/api\/v2\/jobs\/: Rescale refused the request \(HTTP 400\)\. Field errors, as Rescale sent them:\n {2}projectId: /);
		assert.match(result.stderr, /pass --project ID\|NAME or set RESCALE_PROJECT/);
		assert.doesNotMatch(result.stderr, /internal error|This is a bug/);
	});

	test('with --project the build works, on a node without sudo (fakeroot, said in the log)', async () => {
		const result = await runCliAsync(['build', exampleRoot, '--fix', ...platform, '--project', 'Sandbox project'], {cwd: folder, env});
		assert.equal(result.status, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /== apptainer version \d/);
		assert.match(result.stdout, /== build mode: fakeroot \(no passwordless sudo/);
		assert.match(result.stdout, /smoke-test: torch version=1\.11\.0 cuda=11\.3/);
		assert.match(result.stdout, /Built gauge-equivariant-mesh-cnn\.sif .*filed in apptainer_images/);
	});

	test('the run works with --project, says the node\'s GPU and ends with the command\'s exit code', async () => {
		const result = await runCliAsync(['run', ...platform, '--project', 'sandboxProject', '--sif', 'gauge-equivariant-mesh-cnn.sif', '--coretype', 'aquamarine_v3', '--download', 'results', '--', 'python', '/workspace/experiments/shapes.py', '--epochs', '2'], {cwd: folder, env});
		assert.equal(result.status, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /\| .*Tesla V100-SXM2-16GB, 470\.82\.01, 7\.0/);
		assert.match(result.stdout, /\| .*rescale-apptainer: command exited with code 0/);
		assert.match(result.stdout, /Node GPU: Tesla V100-SXM2-16GB, driver 470\.82\.01\n✓ The command exited with code 0\./);
	});

	test('a command that exits non-zero makes run exit 1 with the code and the log tail', async () => {
		const result = await runCliAsync(['run', ...platform, '--project', 'sandboxProject', '--sif', 'gauge-equivariant-mesh-cnn.sif', '--coretype', 'aquamarine_v3', '--', 'apptainer', 'exec', '--nv', 'gauge-equivariant-mesh-cnn.sif', 'sh', '-c', 'exit 3'], {cwd: folder, env});
		assert.equal(result.status, 1, result.stdout + result.stderr);
		assert.match(result.stdout, /✗ The run failed\. The command exited with code 3\.\nLast lines of its log:\n(?: {2}\| .*\n)+Most likely: /);
	});

	test('a coretype whose GPU the image cannot use is refused with the ones that fit; --force submits it, and the failure is explained', async () => {
		const args = ['run', ...platform, '--project', 'sandboxProject', '--sif', 'gauge-equivariant-mesh-cnn.sif', '--coretype', 'sandbox-h100', '--', 'python', '/workspace/experiments/shapes.py'];
		const refused = await runCliAsync(args, {cwd: folder, env});
		assert.equal(refused.status, 2, refused.stdout + refused.stderr);
		assert.match(refused.stderr, /sandbox-h100 cannot run this image: torch 1\.11 cu113 has no kernels for H100 \(sm_90\)/);
		assert.match(refused.stderr, /Coretypes whose GPU this image can use: aquamarine_v3 \(Aquamarine v3\), sandbox-a100 .*Add --force/);
		assert.doesNotMatch(refused.stdout, /created/);

		const forced = await runCliAsync([...args.slice(0, -3), '--force', ...args.slice(-3)], {cwd: folder, env});
		assert.equal(forced.status, 1, forced.stdout + forced.stderr);
		assert.match(forced.stdout, /--force: submitting to sandbox-h100/);
		assert.match(forced.stdout, /no kernel image is available for execution on the device/);
		assert.match(forced.stdout, /Most likely: torch 1\.11 cu113 .* has no kernels for NVIDIA H100 80GB HBM3 \(sm_90\).*aquamarine_v3, sandbox-a100/);
	});

	test('doctor: ✓ for what is there, and --json for support tickets', async () => {
		const result = await runCliAsync(['doctor', '--platform', url], {cwd: folder, env});
		assert.equal(result.status, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /✓ API key: valid, for researcher@sandbox\.invalid/);
		assert.match(result.stdout, /✓ Apptainer analysis: user_included_apptainer_container, versions 1\.0\.1 \(jobs use 1\.0\.1\)/);
		assert.match(result.stdout, /✓ build coretype: Emerald \(emerald\), \$0\.13\/h for 2 cores/);
		assert.match(result.stdout, /✓ GPU coretypes: aquamarine_v3: 1-8 GPU\(s\).*sandbox-h100: .*must be requested/);
		assert.doesNotMatch(result.stdout, /sandbox-k80/, 'deprecated coretypes are left out');
		assert.match(result.stdout, /✓ projects: the account has 1: Sandbox project \(sandboxProject\)\. If your workspace requires one/);
		assert.match(result.stdout, /✓ file folders \(v3\): reachable/);
		assert.match(result.stdout, /✓ unfinished jobs: (?:none|\d+: )/);
		assert.match(result.stdout, /✓ rate limit: \d+ of 7200 requests left this hour/, 'the headroom the X-RateLimit-* headers say');
		assert.ok(!result.stdout.includes(testApiKey));

		const json = await runCliAsync(['doctor', '--platform', url, '--json'], {cwd: folder, env});
		const parsed = JSON.parse(json.stdout) as {ok: boolean; checks: Array<{check: string; ok: boolean}>};
		assert.equal(parsed.ok, true);
		assert.deepEqual(parsed.checks.map(check => check.check), ['platform', 'API key', 'Apptainer analysis', 'build coretype', 'GPU coretypes', 'projects', 'file folders (v3)', 'unfinished jobs', 'rate limit']);

		const badKey = await runCliAsync(['doctor', '--platform', url], {cwd: folder, env: {...env, RESCALE_API_KEY: 'not-the-key'}});
		assert.equal(badKey.status, 1);
		assert.match(badKey.stdout, /✗ API key: .*rejected the API key[\s\S]*what to do: Check the API key/);
	});
});

describe('the smoke test (%test) in the sandbox build', () => {
	const {folder, env} = workspace();

	test('the unfixed example (built with --force) fails at %test with the real error, its Dockerfile line and validate\'s fix', async () => {
		const result = await runCliAsync(['build', exampleRoot, '--sandbox', '--yes', '--force', '--speed', '400'], {cwd: folder, env: {...env, RESCALE_API_KEY: ''}});
		assert.equal(result.status, 1, result.stdout + result.stderr);
		assert.match(result.stdout, /AttributeError: module 'torch' has no attribute 'sparse_csr_tensor'/);
		assert.match(result.stdout, /FATAL: {3}While performing build: failed to execute %test script: exit status 1/);
		assert.match(result.stdout, /The smoke test \(%test\) failed on the build node[^\n]*\n(?: {2}✗ .*\n)* {2}✗ import torch_sparse: installed at Dockerfile line 6/);
		assert.match(result.stdout, /rescale-apptainer validate, line 6 torch-wheel-mismatch: [\s\S]*fix: Change the base to FROM pytorch\/pytorch:1\.11\.0-cuda11\.3-cudnn8-runtime/);
	});

	test('the fixed example passes it', async () => {
		const result = await runCliAsync(['build', exampleRoot, '--sandbox', '--yes', '--fix', '--speed', '400'], {cwd: folder, env: {...env, RESCALE_API_KEY: ''}});
		assert.equal(result.status, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /smoke-test: ok import torch_sparse \(installed at Dockerfile line 6\)/);
		assert.doesNotMatch(result.stdout, /smoke-test: FAILED/);
	});
});
