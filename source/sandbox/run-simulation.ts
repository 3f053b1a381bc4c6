import {readFileSync} from 'node:fs';
import {parseDefFile} from '../apptainer/parse-def.js';
import {sifObject} from '../apptainer/sif.js';
import {gpuCompatibility} from '../gpu/compatibility.js';
import {failure, spaced, type JobBody, type JobInputs} from './job-body.js';
import {imageTorch} from './smoke-test-simulation.js';

/** What the sandbox knows of a SIF it built: the def it was built from and the files it holds. */
type SimulatedImage = {def: string; files: string[] | undefined};

/**
 * A run of `apptainer run|exec IMAGE ...`, with the outcomes a real node has: the image not staged,
 * a script path that is not in the image (python's own message, exit 2), an `exit N` in the
 * command, an image whose torch has no kernels for the node's GPU, or a training that prints its
 * metrics. The node's nvidia-smi line comes first when the command asks for it, and the command's
 * exit code last when the command reports it (see source/run/job-command.ts); whatever the
 * command leaves in the working folder, such as the staged image, comes back as an output.
 */
export function simulateRun({command, files, coretype}: JobInputs): JobBody {
	const image = /\bapptainer\s+(?:run|exec)\s+(?:--?[\w-]+(?:=\S+)?\s+)*([^\s;]+\.sif)\b/.exec(command)?.[1];
	const staged = image === undefined ? undefined : files.find(file => file.name === image.split('/').at(-1));
	const gpuLines = /\bnvidia-smi\b/.test(command) && coretype.gpus > 0 && coretype.nvidiaSmi
		? ['rescale-apptainer: node GPUs (name, driver, compute capability):', ...Array.from({length: coretype.gpus}, () => coretype.nvidiaSmi!)]
		: [];
	const outcome: Outcome = staged ? imageRun(command, coretype, readImage(staged.path)) : {
		lines: [`FATAL:   could not open image ${image ?? '(no .sif named)'}: failed to retrieve path for ${image ?? 'the image'}: no such file or directory`],
		code: 255,
		outputs: [],
	};
	const reportsCode = /rescale-apptainer: command exited with code/.test(command);
	const lines = [...gpuLines, ...outcome.lines, ...(reportsCode ? [`rescale-apptainer: command exited with code ${outcome.code}`] : [])];
	const removesImage = staged !== undefined && new RegExp(`\\brm -f '?${staged.name.replaceAll('.', String.raw`\.`)}'?`).test(command);
	const leftBehind = staged && !removesImage ? [{relativePath: staged.name, kind: 'text' as const, text: '(the staged image, left in the working folder)\n'}] : [];
	if (outcome.code !== 0) {
		return {...failure(lines), outputs: leftBehind};
	}

	return {lines: spaced(lines, 2, 4), duration: lines.length * 4 + 2, outputs: [...outcome.outputs, ...leftBehind]};
}

type Outcome = {lines: string[]; code: number; outputs: JobBody['outputs']};

function imageRun(command: string, coretype: JobInputs['coretype'], image: SimulatedImage | undefined): Outcome {
	const nv = /\s--nv\b/.test(command);
	const warnings = [
		...(nv && coretype.gpus === 0 ? ['WARNING: Could not find any nv files on this host!'] : []),
		...(!nv && coretype.gpus > 0 ? [`WARNING: ${coretype.code} has ${coretype.gpus} GPU(s) but the command has no --nv: the container will not see them.`] : []),
	];
	const script = /\bpython3?\s+(\/\S+\.py)\b/.exec(command)?.[1];
	if (script && image?.files && !image.files.includes(script)) {
		return {lines: [...warnings, `python: can't open file '${script}': [Errno 2] No such file or directory`], code: 2, outputs: []};
	}

	const exit = /\bexit\s+(\d+)\b/.exec(command.split(/;\s*code=\$\?/)[0]!)?.[1];
	if (exit !== undefined && Number(exit) !== 0) {
		return {lines: warnings, code: Number(exit) % 256, outputs: []};
	}

	const verdict = nv && coretype.gpus > 0 && image ? gpuCompatibility(imageFacts(image.def), {code: coretype.code, name: coretype.gpuModel ?? coretype.code}) : undefined;
	if (verdict?.verdict === 'incompatible') {
		return {
			lines: [
				...warnings,
				`UserWarning: ${coretype.gpuModel} with CUDA capability ${verdict.gpu ? `sm_${verdict.gpu.sm}` : ''} is not compatible with the current PyTorch installation.`,
				'Traceback (most recent call last):',
				'RuntimeError: CUDA error: no kernel image is available for execution on the device',
			],
			code: 1,
			outputs: [],
		};
	}

	return training(command, warnings);
}

function training(command: string, warnings: string[]): Outcome {
	const epochs = Math.min(50, Math.max(1, Number(/--epochs[= ](\d+)/.exec(command)?.[1] ?? 10)));
	const metrics = Array.from({length: epochs}, (_, index) => {
		const epoch = index + 1;
		const accuracy = Math.min(0.99, 0.1 + (0.9 * (1 - Math.exp(-epoch / 4))));
		const loss = Math.max(0.05, 2.9 * Math.exp(-epoch / 3));
		return {epoch, accuracy: accuracy.toFixed(3), loss: loss.toFixed(2)};
	});
	return {
		lines: [
			...warnings,
			...metrics.map(({epoch, accuracy, loss}) => `Test Results - Epoch: ${epoch}  Avg accuracy: ${accuracy} Avg loss: ${loss}`),
			'Wrote outputs/metrics.csv',
		],
		code: 0,
		outputs: [{relativePath: 'outputs/metrics.csv', kind: 'text', text: ['epoch,accuracy,loss', ...metrics.map(({epoch, accuracy, loss}) => `${epoch},${accuracy},${loss}`)].join('\n') + '\n'}],
	};
}

/** The def and file list the sandbox wrote into a SIF it built; undefined for other files. */
function readImage(file: string): SimulatedImage | undefined {
	try {
		const sif = readFileSync(file);
		const def = sifObject(sif, 'deffile')?.toString('utf8') ?? '';
		const partition = JSON.parse(sifObject(sif, 'partition')?.toString('utf8') ?? '{}') as {files?: string[]};
		return {def, files: partition.files};
	} catch {
		return undefined;
	}
}

function imageFacts(def: string) {
	const final = parseDefFile(def).stages.at(-1);
	const post = final?.sections.filter(section => section.name === 'post').flatMap(section => section.body) ?? [];
	const stack = imageTorch(final?.header.from, post);
	return stack ? {torch: stack.torch, cuda: stack.cuda, archList: undefined, origin: 'the image', line: undefined} : undefined;
}
