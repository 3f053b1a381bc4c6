import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {pythonInstalls} from '../../source/dockerfile/python-installs.js';
import {readPythonProject} from '../../source/dockerfile/python-project.js';

function reader(files: Record<string, string>) {
	return (relativePath: string) => files[relativePath];
}

describe('a local project\'s name and dependencies', () => {
	test('pyproject.toml [project], setup.cfg, and poetry', () => {
		const pyproject = '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "mesh-tools"\ndependencies = [\n  "numpy>=1.21",\n  "scikit-learn",\n]\n';
		assert.deepEqual(readPythonProject(reader({'pkg/pyproject.toml': pyproject}), 'pkg'), {
			name: 'mesh-tools',
			dependencies: [{name: 'numpy', version: undefined, localVersion: undefined}, {name: 'scikit-learn', version: undefined, localVersion: undefined}],
		});
		const cfg = '[metadata]\nname = gem_cnn\n\n[options]\ninstall_requires =\n    torch\n    tqdm==4.64.0\n';
		assert.deepEqual(readPythonProject(reader({'setup.cfg': cfg}), '.')?.dependencies.map(dependency => dependency.name), ['torch', 'tqdm']);
		const poetry = '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\npython = "^3.10"\nrequests = "^2"\n';
		assert.deepEqual(readPythonProject(reader({'pyproject.toml': poetry}), '.'), {name: 'app', dependencies: [{name: 'requests', version: undefined, localVersion: undefined}]});
	});
});

describe('following files from the RUN step back into the build context', () => {
	test('relative to WORKDIR, through a COPY of a folder, and a project whose package is in src/', () => {
		const model = parseDockerfile([
			'FROM python:3.11-slim',
			'WORKDIR /opt/app',
			'COPY service/ ./',
			'RUN pip install -r requirements.txt && pip install -e .',
		].join('\n'));
		const installs = pythonInstalls(model, reader({
			'service/requirements.txt': '# pinned\npyyaml==6.0 # config\n--extra-index-url https://example.org\n',
			'service/setup.py': 'setup(name="order-service", install_requires=["pillow"])',
			'service/src/order_service/__init__.py': '',
		}));
		assert.deepEqual(installs.modules.map(item => `${item.module}@${item.line}`), ['yaml@4', 'order_service@4', 'PIL@4']);
	});
});
