import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {smokeTest} from '../../source/apptainer/smoke-test.js';
import {factsFromBuildLog, failedChecks} from '../../source/apptainer/smoke-test-log.js';
import {contextFileReader} from '../../source/context/context-file-reader.js';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {readDockerfile} from '../../source/dockerfile/read-dockerfile.js';
import {gpuCompatibility} from '../../source/gpu/compatibility.js';
import {corpusRoot} from '../helpers/cli.js';
import {convert} from '../helpers/convert.js';

const exampleRoot = path.resolve(import.meta.dirname, '../../examples/gauge-equivariant-mesh-cnn');

/** The %test of a build context's Dockerfile as the lines of a def body, with their sources. */
async function smokeTestOf(folder: string) {
	const {model} = await readDockerfile(folder);
	const section = smokeTest(model, contextFileReader(folder));
	return {
		section,
		body: (section?.lines ?? []).map(line => `${'    '.repeat(1 + (line.indent ?? 0))}${line.text}`).join('\n'),
		/** Each `smoke_check` line's label and the Dockerfile line it maps to. */
		checks: (section?.lines ?? []).filter(line => line.text.startsWith('smoke_check ')).map(line => [/^smoke_check '([^']+)'/.exec(line.text)?.[1], line.source]),
	};
}

function lintSh(body: string): string {
	return spawnSync('sh', ['-n'], {input: body, encoding: 'utf8'}).stderr;
}

describe('%test for the corpus and the bundled example', () => {
	test('the bundled example imports its own package and what setup.py pulls in at line 6', async () => {
		const {checks, body} = await smokeTestOf(exampleRoot);
		assert.deepEqual(checks, [
			['import torch (installed at Dockerfile line 1)', 1],
			['import gem_cnn (installed at Dockerfile line 6)', 6],
			['import torch_geometric (installed at Dockerfile line 6)', 6],
			['import torch_scatter (installed at Dockerfile line 6)', 6],
			['import torch_sparse (installed at Dockerfile line 6)', 6],
			['import tqdm (installed at Dockerfile line 6)', 6],
			['pip check', 6],
		]);
		assert.match(body, /"\$PY" -c 'import torch_sparse'/);
		assert.equal(lintSh(body), '');
	});

	test('01-seed-fixed and 02-seed-broken: no setup.py in the context, so torch and pip check', async () => {
		for (const name of ['01-seed-fixed', '02-seed-broken']) {
			const {checks} = await smokeTestOf(path.join(corpusRoot, name));
			assert.deepEqual(checks, [['import torch (installed at Dockerfile line 1)', 1], ['pip check', 6]], name);
		}
	});

	test('03: the PyG extensions named on the pip line', async () => {
		const {checks} = await smokeTestOf(path.join(corpusRoot, '03-cuda-tag-mismatch'));
		assert.deepEqual(checks.map(([label]) => label), [
			'import torch (installed at Dockerfile line 1)',
			'import torch_scatter (installed at Dockerfile line 3)',
			'import torch_sparse (installed at Dockerfile line 3)',
			'pip check',
		]);
	});

	test('09 and 10: a named package, and a requirements file copied in from the context', async () => {
		assert.deepEqual((await smokeTestOf(path.join(corpusRoot, '09-secrets'))).checks, [['import wandb (installed at Dockerfile line 4)', 4], ['pip check', 4]]);
		assert.deepEqual((await smokeTestOf(path.join(corpusRoot, '10-buildkit'))).checks, [['import requests (installed at Dockerfile line 4)', 4], ['pip check', 4]]);
	});

	test('16: conda env create from environment.yml imports in that environment', async () => {
		const {body, checks} = await smokeTestOf(path.join(corpusRoot, '16-conda-activate'));
		assert.deepEqual(checks, [['import numpy in conda env myenv (installed at Dockerfile line 3)', 3]]);
		assert.match(body, /conda run -n myenv python -c 'import numpy'/);
		assert.equal(lintSh(body), '');
	});

	test('no Python installs, no %test', async () => {
		for (const name of ['05-multistage', '07-workdir-user-expose', '08-apt-interactive']) {
			assert.equal((await smokeTestOf(path.join(corpusRoot, name))).section, undefined, name);
		}
	});
});

describe('which imports a Dockerfile\'s installs mean', () => {
	const labels = (...lines: string[]) => (smokeTest(parseDockerfile(lines.join('\n')))?.lines ?? [])
		.map(line => /^smoke_check '(?:import )?([^' ]+)/.exec(line.text)?.[1]).filter(Boolean);

	test('distribution names map to import names; names with no module or no safe identifier are left out', () => {
		assert.deepEqual(
			labels('FROM python:3.11-slim', 'RUN pip install scikit-learn opencv-python pillow pyyaml torch-geometric==2.0.4 3to2 jupyter nvidia-cudnn-cu12 ./vendor/x.whl'),
			['sklearn', 'cv2', 'PIL', 'yaml', 'torch_geometric', 'pip'],
		);
	});

	test('conda: Python packages only, in the environment they go to', () => {
		assert.deepEqual(labels('FROM continuumio/miniconda3:24.1.2-0', 'RUN conda install -y -c pyg -c pytorch pyg pytorch=1.11 cudatoolkit=11.3 cmake'), ['torch_geometric', 'torch']);
		const created = smokeTest(parseDockerfile('FROM continuumio/miniconda3:24.1.2-0\nRUN conda create -y -n tools numpy'));
		assert.match(created!.lines.map(line => line.text).join('\n'), /conda run -n tools python -c 'import numpy'/);
	});

	test('a setup.py not in the context: the project is left out rather than guessed', () => {
		assert.deepEqual(labels('FROM python:3.11-slim', 'COPY . /app', 'RUN pip install /app'), ['pip']);
	});
});

describe('the converter writes it', () => {
	test('%test after the other sections, mapped to the installing lines, with a note; smokeTest: false leaves it out', () => {
		const lines = ['FROM python:3.11-slim', 'RUN pip install --no-cache-dir scikit-learn'];
		const {text, sourceMap, notes} = convert(lines);
		const defLines = text.split('\n');
		const header = defLines.indexOf('%test');
		assert.ok(header > defLines.indexOf('%post'));
		const importLine = defLines.findIndex(line => line.includes("'import sklearn (installed at Dockerfile line 2)'"));
		assert.equal(sourceMap[importLine], 2);
		assert.ok(notes.some(note => note.line === 2 && note.message.startsWith('%test imports sklearn and runs pip check')));
		assert.ok(!convert(lines, {smokeTest: false}).text.includes('%test'));
	});
});

const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {encoding: 'utf8'}).stdout.trim();

describe('running the %test on a CPU build node', {skip: python === '' && 'needs python3'}, () => {
	/**
	 * Runs a %test body under /bin/sh with `python` on PATH and stand-in packages: a CUDA torch that,
	 * as on a node without a GPU, answers [] from get_arch_list, and a torch_sparse that fails at
	 * import the way wheels for another torch do.
	 */
	function run(body: string) {
		const directory = mkdtempSync(path.join(tmpdir(), 'smoke-test-'));
		try {
			mkdirSync(path.join(directory, 'bin'));
			symlinkSync(python, path.join(directory, 'bin', 'python'));
			mkdirSync(path.join(directory, 'site', 'torch'), {recursive: true});
			writeFileSync(path.join(directory, 'site', 'torch', '__init__.py'), [
				'import types',
				'__version__ = "1.11.0"',
				'version = types.SimpleNamespace(cuda="11.3")',
				'cuda = types.SimpleNamespace(get_arch_list=lambda: [])',
				'_C = types.SimpleNamespace(_cuda_getArchFlags=lambda: "sm_37 sm_50 sm_60 sm_70 sm_75 sm_80 sm_86")',
			].join('\n'));
			writeFileSync(path.join(directory, 'site', 'torch_sparse.py'), 'raise AttributeError("module torch has no attribute sparse_csr_tensor")\n');
			writeFileSync(path.join(directory, 'site', 'torch_scatter.py'), '');
			writeFileSync(path.join(directory, 'site', 'pip.py'), 'import sys\nsys.exit(0)\n');
			return spawnSync('/bin/sh', ['-c', body], {
				encoding: 'utf8',
				env: {PATH: `${path.join(directory, 'bin')}:/usr/bin:/bin`, PYTHONPATH: path.join(directory, 'site')},
			});
		} finally {
			rmSync(directory, {recursive: true, force: true});
		}
	}

	test('every check runs, a failed import fails the build and names its line, and the torch line reads back', async () => {
		const {body} = await smokeTestOf(path.join(corpusRoot, '03-cuda-tag-mismatch'));
		const result = run(body);
		assert.equal(result.status, 1, result.stderr);
		assert.match(result.stdout, /smoke-test: ok import torch_scatter/);
		assert.deepEqual(failedChecks(result.stdout), [{check: 'import torch_sparse', line: 3}]);
		const facts = factsFromBuildLog(result.stdout);
		assert.deepEqual({torch: facts?.torch, cuda: facts?.cuda, archList: facts?.archList}, {
			torch: '1.11.0',
			cuda: '11.3',
			archList: ['sm_37', 'sm_50', 'sm_60', 'sm_70', 'sm_75', 'sm_80', 'sm_86'],
		});
		assert.equal(gpuCompatibility(facts, {code: 'h100', name: 'NVIDIA H100'}).verdict, 'incompatible');
	});

	test('when everything imports the build passes', () => {
		const section = smokeTest(parseDockerfile('FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime\nRUN pip install torch-scatter'))!;
		const result = run(section.lines.map(line => line.text).join('\n'));
		assert.equal(result.status, 0, result.stdout + result.stderr);
		assert.deepEqual(failedChecks(result.stdout), []);
	});
});

describe('reading the build log', () => {
	test('a CPU-only torch, a local version, and a log without the line', () => {
		assert.deepEqual(factsFromBuildLog('INFO: Running testscript\nsmoke-test: torch version=2.8.0+cu128 cuda=12.8 arch=sm_75,sm_80,sm_86,sm_90,sm_100,sm_120\n'), {
			torch: '2.8.0', cuda: '12.8', archList: ['sm_75', 'sm_80', 'sm_86', 'sm_90', 'sm_100', 'sm_120'], origin: 'the build log', line: undefined,
		});
		assert.equal(factsFromBuildLog('smoke-test: torch version=2.1.0+cpu cuda=cpu arch=')?.cuda, 'cpu');
		assert.equal(factsFromBuildLog('smoke-test: torch facts unavailable'), undefined);
	});
});
