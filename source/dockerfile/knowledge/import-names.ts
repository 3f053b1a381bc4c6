/**
 * The module a Python distribution is imported as, where that is not simply its name with `-`
 * turned into `_`, for the smoke test's imports.
 * Source: each project's own documentation (the import statement its quick-start or PyPI page
 * shows: `import sklearn` for scikit-learn, `import cv2` for opencv-python, `from PIL import Image`
 * for Pillow, `import yaml` for PyYAML, ...); torch_geometric as issue 13 and the PyG
 * installation page spell it; conda names from the channels' package pages (`pytorch` on the
 * pytorch channel, `pyg` on the pyg channel, shared/validation-notes.md §2.3). Checked 2026-11.
 */
const pipImportNames: Record<string, string> = {
	'torch-geometric': 'torch_geometric',
	'scikit-learn': 'sklearn',
	'scikit-image': 'skimage',
	'opencv-python': 'cv2',
	'opencv-python-headless': 'cv2',
	'opencv-contrib-python': 'cv2',
	'opencv-contrib-python-headless': 'cv2',
	pillow: 'PIL',
	pyyaml: 'yaml',
	'python-dateutil': 'dateutil',
	beautifulsoup4: 'bs4',
	protobuf: 'google.protobuf',
	'absl-py': 'absl',
	ipython: 'IPython',
	cython: 'Cython',
	tensorboardx: 'tensorboardX',
	pyzmq: 'zmq',
	pyopengl: 'OpenGL',
	gitpython: 'git',
	'nvidia-ml-py': 'pynvml',
	'faiss-cpu': 'faiss',
	'faiss-gpu': 'faiss',
	'tensorflow-gpu': 'tensorflow',
	'mmcv-full': 'mmcv',
	pyqt5: 'PyQt5',
	pyqt6: 'PyQt6',
};

/** Distributions that install no module to import (meta-packages, CUDA runtime wheels). */
const pipWithoutModule = [/^jupyter$/, /^nvidia-(?!ml-py$)/];

/**
 * Conda packages known to be Python packages, by their import name. Conda also installs compilers,
 * CUDA libraries and Python itself, so a conda name outside this table is not imported.
 */
const condaImportNames: Record<string, string> = {
	pytorch: 'torch',
	torchvision: 'torchvision',
	torchaudio: 'torchaudio',
	pyg: 'torch_geometric',
	'pytorch-scatter': 'torch_scatter',
	'pytorch-sparse': 'torch_sparse',
	'pytorch-cluster': 'torch_cluster',
	'pytorch-spline-conv': 'torch_spline_conv',
	numpy: 'numpy',
	scipy: 'scipy',
	pandas: 'pandas',
	matplotlib: 'matplotlib',
	'scikit-learn': 'sklearn',
	'scikit-image': 'skimage',
	h5py: 'h5py',
	networkx: 'networkx',
	numba: 'numba',
	sympy: 'sympy',
	tqdm: 'tqdm',
	requests: 'requests',
	pillow: 'PIL',
	pyyaml: 'yaml',
	opencv: 'cv2',
	'py-opencv': 'cv2',
	ipython: 'IPython',
	cython: 'Cython',
};

const pythonKeywords = new Set([
	'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
	'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
	'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/**
 * The module to import for a distribution installed by pip or conda, or undefined when there is
 * none to import or the name would not be a valid (and shell-safe) `import` target: a wrong
 * guess would fail a build that works.
 */
export function moduleFor(distribution: string, installer: 'pip' | 'conda'): string | undefined {
	const name = distribution.toLowerCase();
	if (installer === 'conda') {
		return condaImportNames[name];
	}

	if (pipWithoutModule.some(pattern => pattern.test(name))) {
		return undefined;
	}

	const module = pipImportNames[name] ?? name.replaceAll('-', '_');
	return isImportable(module) ? module : undefined;
}

/** A dotted name of identifiers, none of them a keyword: `torch_geometric`, `google.protobuf`. */
function isImportable(module: string): boolean {
	return module.split('.').every(part => /^[A-Za-z_]\w*$/.test(part) && !pythonKeywords.has(part));
}
