import type {ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';

/**
 * The line the smoke test prints about the image's torch, and its reader: the build log then tells
 * the tool which torch, CUDA and GPU architectures the built image really has.
 *   smoke-test: torch version=1.11.0 cuda=11.3 arch=sm_37,sm_50,sm_60,sm_70,sm_75,sm_80,sm_86
 * `cuda=cpu` for a CPU-only torch; `arch=` is empty when torch reports none (then the table decides).
 */
export const torchFactsPrefix = 'smoke-test: torch';

/**
 * Python that prints the line. torch.cuda.get_arch_list() answers [] when no GPU is visible, as on
 * the CPU build node, so the compiled list is read from torch._C._cuda_getArchFlags() (the same
 * string, present only in CUDA builds); getattr keeps it working on CPU builds and old torch.
 * It holds no single quote, so it fits in a single-quoted shell word.
 */
export const torchFactsPython = [
	'import torch',
	'arch = getattr(torch.cuda, "get_arch_list", list)() or (getattr(torch._C, "_cuda_getArchFlags", lambda: None)() or "").split()',
	`print("${torchFactsPrefix} version=%s cuda=%s arch=%s" % (torch.__version__, torch.version.cuda or "cpu", ",".join(arch)))`,
].join('; ');

const factsLine = /smoke-test: torch version=(\S+) cuda=(\S+) arch=(\S*)/;

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
