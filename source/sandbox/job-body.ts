/** What a simulated job is given: its command, its input files, its node. */
export type JobInputs = {
	command: string;
	/** The node's coretype, its GPUs, and the line its nvidia-smi query prints for each GPU. */
	coretype: {code: string; gpus: number; gpuModel?: string; nvidiaSmi?: string};
	/** Input file names with a reader for their text (scripts, def files) and where they are stored. */
	files: Array<{name: string; read: () => string; path: string}>;
	jobId: string;
	/** What the simulated node offers: passwordless sudo (as on Rescale's build nodes) or not. */
	node: {sudo: boolean};
};

/** A file the job leaves in its working folder; a SIF carries what the sandbox knows of the image. */
export type PlannedOutput = {relativePath: string} & ({kind: 'text'; text: string} | {kind: 'sif'; def: string; labels: Record<string, string>; environment: string; files: string[] | undefined});

export type JobBody = {lines: Array<{at: number; text: string}>; duration: number; outputs: PlannedOutput[]};

/** Lines printed `step` simulated seconds apart, starting at `from`. */
export function spaced(texts: string[], from: number, step: number) {
	return texts.map((text, index) => ({at: from + index * step, text}));
}

export function failure(lines: string[]): JobBody {
	return {lines: spaced(lines, 1, 2), duration: lines.length * 2 + 1, outputs: []};
}
