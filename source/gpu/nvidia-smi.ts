import {recognizeGpu} from '../dockerfile/knowledge/gpu-architectures.js';

/** One GPU of a node, as `nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader` reports it. */
export type NodeGpu = {name: string; driver: string; sm: number | undefined};

const queryLine = /^(.+?),\s*(\d+\.\d+(?:\.\d+)?),\s*(\d+\.\d+|\[N\/A\])$/;

/**
 * Every GPU line in text that may hold other output (a run log). Drivers older than R510 do not
 * know the compute_cap field and print an error instead of lines; a line whose capability is
 * `[N/A]` falls back on the GPU table by name.
 */
export function parseNvidiaSmi(text: string): NodeGpu[] {
	return text.split('\n').flatMap(line => {
		const match = queryLine.exec(line.trim());
		if (!match) {
			return [];
		}

		const [, name, driver, capability] = match as unknown as [string, string, string, string];
		const sm = capability === '[N/A]' ? recognizeGpu(name)?.sm : Math.round(Number(capability) * 10);
		return [{name: name.trim(), driver, sm}];
	});
}
