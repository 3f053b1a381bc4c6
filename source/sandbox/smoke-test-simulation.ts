import {smName} from '../dockerfile/knowledge/gpu-architectures.js';
import {torchArchList} from '../dockerfile/knowledge/torch-arch-lists.js';
import {pipInstalls} from '../dockerfile/pip-installs.js';
import {cudaFromTag, minorVersion, parsePygIndexUrl, pytorchImage, pytorchIndexCuda, type TorchStack} from '../dockerfile/torch-stack.js';

export type SmokeTestRun = {lines: string[]; failed: boolean};

/**
 * What a def's %test prints on the build node, played from the def alone: the torch the image
 * has (its pytorch/pytorch base, then any pinned `pip install torch`) and the torch the PyG wheels
 * of %post were built for. When they differ, the PyG extensions fail at import with the errors
 * they really raise (torch-wheel-mismatch; pyg-team/pytorch_geometric#4095 and #3593).
 */
export function simulateSmokeTest(from: string | undefined, post: string[], test: string[]): SmokeTestRun {
	const stack = imageTorch(from, post);
	const wheelTorch = pipInstalls(post.join('\n')).flatMap(install => install.sources).map(source => parsePygIndexUrl(source)?.torch).findLast(Boolean);
	const mismatch = stack !== undefined && wheelTorch !== undefined && minorVersion(wheelTorch) !== minorVersion(stack.torch);
	let failed = false;
	const lines = test.map(line => line.trim()).flatMap(line => {
		if (line.includes('smoke-test: torch version=')) {
			return stack ? [factsLine(stack)] : ['Traceback (most recent call last):', '  File "<string>", line 1, in <module>', 'ModuleNotFoundError: No module named \'torch\'', 'smoke-test: torch facts unavailable'];
		}

		const label = /^smoke_check '([^']*)'/.exec(line)?.[1];
		if (label === undefined) {
			return [];
		}

		const module = /-c 'import ([\w.]+)'/.exec(line)?.[1];
		const error = mismatch && module ? importError(module) : undefined;
		if (error) {
			failed = true;
			return [...error, `smoke-test: FAILED ${label}`];
		}

		return [...(label.startsWith('pip check') ? ['No broken requirements found.'] : []), `smoke-test: ok ${label}`];
	});
	return {lines, failed};
}

export function imageTorch(from: string | undefined, post: string[]): TorchStack | undefined {
	let stack: TorchStack | undefined = from ? pytorchImage(from) : undefined;
	for (const install of pipInstalls(post.join('\n'))) {
		const torch = install.requirements.find(requirement => requirement.name === 'torch' && requirement.version);
		if (torch?.version) {
			stack = {torch: torch.version, cuda: torch.localVersion ? cudaFromTag(torch.localVersion) : install.sources.map(source => pytorchIndexCuda(source)).find(Boolean)};
		}
	}

	return stack;
}

function factsLine({torch, cuda}: TorchStack): string {
	const arch = cuda && cuda !== 'cpu' ? torchArchList(torch, cuda)?.sms.map(sm => smName(sm)).join(',') ?? '' : '';
	return `smoke-test: torch version=${torch} cuda=${cuda ?? 'cpu'} arch=${arch}`;
}

const site = '/opt/conda/lib/python3.8/site-packages';

/** The traceback a PyG module built for another torch ends its import with; undefined for others. */
function importError(module: string): string[] | undefined {
	const head = ['Traceback (most recent call last):', '  File "<string>", line 1, in <module>'];
	if (module === 'torch_sparse' || module === 'torch_geometric') {
		return [
			...head,
			...(module === 'torch_geometric' ? [`  File "${site}/torch_geometric/__init__.py", line 5, in <module>`, '    import torch_geometric.data'] : []),
			`  File "${site}/torch_sparse/__init__.py", line 41, in <module>`,
			'    from .tensor import SparseTensor  # noqa',
			`  File "${site}/torch_sparse/tensor.py", line 13, in <module>`,
			'    class SparseTensor(object):',
			"AttributeError: module 'torch' has no attribute 'sparse_csr_tensor'",
		];
	}

	if (['torch_scatter', 'torch_cluster', 'torch_spline_conv'].includes(module)) {
		return [...head, `OSError: ${site}/${module}/_version_cuda.so: undefined symbol: _ZN3c106detail19maybe_wrap_dim_slowEllb`];
	}

	return undefined;
}
