import type {ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';

/**
 * The lines the %test smoke test prints, and their readers: the build log then tells which checks
 * failed (and the Dockerfile line each package came from) and which torch, CUDA and GPU
 * architectures the built image really has.
 *   smoke-test: torch version=1.11.0 cuda=11.3 arch=sm_37,sm_50,sm_60,sm_70,sm_75,sm_80,sm_86
 *   smoke-test: ok import torch_geometric (installed at Dockerfile line 6)
 *   smoke-test: FAILED import torch_sparse (installed at Dockerfile line 6)
 * `cuda=cpu` for a CPU-only torch; `arch=` is empty when torch reports none (then the table decides).
 */
/**
 * Python that prints the torch line. torch.cuda.get_arch_list() answers [] when no GPU is visible,
 * as on the CPU build node, so the compiled list is also read from torch._C._cuda_getArchFlags()
 * (the same string, present only in CUDA builds); getattr keeps it working on CPU builds and old
 * torch. It holds no single quote, so it fits in a single-quoted shell word.
 */
export const torchFactsPython = [
	'import torch',
	'arch = getattr(torch.cuda, "get_arch_list", list)() or (getattr(torch._C, "_cuda_getArchFlags", lambda: None)() or "").split()',
	'print("smoke-test: torch version=%s cuda=%s arch=%s" % (torch.__version__, torch.version.cuda or "cpu", ",".join(arch)))',
].join('; ');

/** The label a check prints: `import torch_sparse (installed at Dockerfile line 6)`. */
export function checkLabel(check: string, line: number | undefined): string {
	return line === undefined ? check : `${check} (installed at Dockerfile line ${line})`;
}

const factsLine = /smoke-test: torch version=(\S+) cuda=(\S+) arch=(\S*)/;
const failedLine = /smoke-test: FAILED (.+?)(?: \(installed at Dockerfile line (\d+)\))?\s*$/;

/** The image's facts from a build log holding the smoke test's torch line (the last one wins). */
export function factsFromBuildLog(log: string): ImageGpuFacts | undefined {
	const match = log.split('\n').map(line => factsLine.exec(line)).findLast(Boolean);
	if (!match) {
		return undefined;
	}

	const [, version, cuda, arch] = match as unknown as [string, string, string, string];
	return {
		torch: version.split('+')[0],
		cuda,
		archList: arch === '' ? undefined : arch.split(','),
		origin: 'the build log',
		line: undefined,
	};
}

/** The checks a build log reports as failed, with the Dockerfile line of each package. */
export function failedChecks(log: string): Array<{check: string; line: number | undefined}> {
	return log.split('\n').flatMap(line => {
		const match = failedLine.exec(line);
		return match ? [{check: match[1]!, line: match[2] === undefined ? undefined : Number(match[2])}] : [];
	});
}
