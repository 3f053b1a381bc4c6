import {parseDefFile} from '../apptainer/parse-def.js';

/**
 * What a sandbox job will do once submitted, decided at submit time from its command and input
 * files: a timeline of job and cluster statuses, log lines, and the files it leaves behind. All
 * offsets are simulated seconds after submission; the store replays them as the clock passes.
 */
export type TimelineEvent =
	| {at: number; job: string; reason?: string}
	| {at: number; cluster: string}
	| {at: number; log: string};

export type PlannedOutput = {relativePath: string} & ({kind: 'text'; text: string} | {kind: 'sif'; def: string; labels: Record<string, string>; environment: string});

export type JobPlan = {events: TimelineEvent[]; outputs: PlannedOutput[]; executingAt: number; completedAt: number};

export type JobInputs = {
	command: string;
	coretype: {code: string; gpus: number};
	/** Input file names with a reader for their text (scripts, def files). */
	files: Array<{name: string; read: () => string}>;
	jobId: string;
};

/** Simulated seconds for the platform's own steps. */
const timing = {waiting: 1, queued: 4, clusterStarting: 6, started: 20, validated: 22, executing: 25, wrapUp: 3};

export function planJob(inputs: JobInputs): JobPlan {
	const body = /\bapptainer\s+(?:run|exec)\b/.test(inputs.command) ? runJob(inputs) : /\.sh\b|\bbuild\b/.test(inputs.command) ? buildJob(inputs) : genericJob(inputs);
	const executingAt = timing.executing;
	const end = executingAt + body.duration;
	const completedAt = end + timing.wrapUp;
	const events: TimelineEvent[] = [
		{at: 0, job: 'Pending'},
		{at: timing.waiting, job: 'Waiting for Queue'},
		{at: timing.queued, job: 'Queued'},
		{at: timing.queued, cluster: 'Not Started'},
		{at: timing.clusterStarting, cluster: 'Starting'},
		{at: timing.started, job: 'Started'},
		{at: timing.started, cluster: 'Started'},
		{at: timing.validated, job: 'Validated'},
		{at: executingAt, job: 'Executing'},
		{at: executingAt, log: `Launching ${inputs.command}, Working dir: /enc/udeprod_${inputs.jobId}/work/shared.  Process output follows:`},
		...body.lines.map(({at, text}) => ({at: executingAt + at, log: text})),
		{at: completedAt, job: 'Completed', reason: 'Completed successfully'},
		{at: completedAt, cluster: 'Stop Requested'},
		{at: completedAt + 5, cluster: 'Stopping'},
		{at: completedAt + 30, cluster: 'Stopped'},
	];
	return {events: events.sort((a, b) => a.at - b.at), outputs: body.outputs, executingAt, completedAt};
}

type JobBody = {lines: Array<{at: number; text: string}>; duration: number; outputs: PlannedOutput[]};

/** Lines printed `step` simulated seconds apart, starting at `from`. */
function spaced(texts: string[], from: number, step: number) {
	return texts.map((text, index) => ({at: from + index * step, text}));
}

function buildJob({command, files}: JobInputs): JobBody {
	const scriptName = /(?:^|\s)(?:sh|bash)\s+(?:-\w+\s+)*([\w./-]+\.sh)\b/.exec(command)?.[1] ?? /(?:^|\s)\.\/([\w.-]+\.sh)\b/.exec(command)?.[1];
	const script = scriptName === undefined ? undefined : files.find(file => file.name === scriptName.replace(/^\.\//, ''));
	if (scriptName && !script) {
		return failure([`sh: 0: cannot open ${scriptName}: No such file`]);
	}

	const scriptText = script?.read() ?? command;
	const build = /apptainer\s+build\s+(?:--?[\w-]+(?:[= ][^\s-][^\s]*)?\s+)*["']?([^\s"']+\.sif)["']?\s+["']?([^\s"']+\.def)["']?/.exec(scriptText);
	const defName = build?.[2] ?? files.find(file => file.name.endsWith('.def'))?.name;
	const sifName = build?.[1] ?? (defName ? defName.replace(/\.def$/, '.sif') : 'image.sif');
	// The script's own lines up to the build, echoed as `sh -x` would.
	const scriptLines = scriptText.split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'));
	const buildIndex = scriptLines.findIndex(line => /apptainer\s+build\b/.test(line));
	const intro = [...scriptLines.slice(0, buildIndex + 1).map(line => `+ ${line}`), 'INFO:    Starting build...'];
	const defFile = defName === undefined ? undefined : files.find(file => file.name === defName.split('/').at(-1));
	if (!defFile) {
		return failure([...intro, `FATAL:   Unable to build from ${defName ?? 'a definition file'}: open ${defName ?? '(none given)'}: no such file or directory`]);
	}

	const def = defFile.read();
	const parsed = parseDefFile(def);
	if (parsed.problems.length > 0) {
		const problem = parsed.problems[0]!;
		return failure([...intro, `FATAL:   Unable to build from ${defName}: while parsing definition: ${defName}: line ${problem.line}: ${problem.message}`]);
	}

	const final = parsed.stages.at(-1)!;
	const section = (name: string) => final.sections.filter(candidate => candidate.name === name).flatMap(candidate => candidate.body);
	const postLines = section('post').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#') && line !== '(' && line !== ')');
	const lines = [
		...intro,
		...parsed.stages.flatMap(stage => [
			`INFO:    Fetching OCI image ${stage.header.from ?? stage.header.bootstrap}...`,
			'INFO:    Extracting OCI image...',
		]),
		'INFO:    Inserting Apptainer configuration...',
		...section('files').filter(line => line.trim() !== '').map(line => `INFO:    Copying ${line.trim().split(/\s+/).join(' to ')}`),
		...(postLines.length > 0 ? ['INFO:    Running post scriptlet', ...postLines.map(line => `+ ${line}`)] : []),
		'INFO:    Adding labels',
		...(section('environment').length > 0 ? ['INFO:    Adding environment to container'] : []),
		...(section('runscript').length > 0 ? ['INFO:    Adding runscript'] : []),
		'INFO:    Creating SIF file...',
		`INFO:    Build complete: ${sifName}`,
		'+ find . -mindepth 1 -maxdepth 1 ! -name "*.sif" -exec rm -rf {} +',
	];
	const labels = Object.fromEntries(section('labels').map(line => line.trim()).filter(Boolean).map(line => {
		const [key = '', ...value] = line.split(/\s+/);
		return [key, value.join(' ')];
	}));
	return {
		lines: spaced(lines, 1, 2),
		duration: lines.length * 2 + 2,
		outputs: [{
			relativePath: sifName.split('/').at(-1)!,
			kind: 'sif',
			def,
			labels: {...labels, 'org.label-schema.usage.apptainer.version': '1.3.6 (rescale-apptainer sandbox)', 'org.label-schema.schema-version': '1.0'},
			environment: section('environment').join('\n'),
		}],
	};
}

function runJob({command, files, coretype}: JobInputs): JobBody {
	const image = /\bapptainer\s+(?:run|exec)\s+(?:--?[\w-]+(?:=\S+)?\s+)*([^\s]+\.sif)\b/.exec(command)?.[1];
	const warnings: string[] = [];
	if (!image || !files.some(file => file.name === image.split('/').at(-1))) {
		return failure([`FATAL:   could not open image ${image ?? '(no .sif named)'}: failed to retrieve path for ${image ?? 'the image'}: no such file or directory`]);
	}

	const nv = /\s--nv\b/.test(command);
	if (nv && coretype.gpus === 0) {
		warnings.push('WARNING: Could not find any nv files on this host!');
	}

	if (!nv && coretype.gpus > 0) {
		warnings.push(`WARNING: ${coretype.code} has ${coretype.gpus} GPU(s) but the command has no --nv: the container will not see them.`);
	}

	const epochs = Math.min(50, Math.max(1, Number(/--epochs[= ](\d+)/.exec(command)?.[1] ?? 10)));
	const metrics = Array.from({length: epochs}, (_, index) => {
		const epoch = index + 1;
		const accuracy = Math.min(0.99, 0.1 + (0.9 * (1 - Math.exp(-epoch / 4))));
		const loss = Math.max(0.05, 2.9 * Math.exp(-epoch / 3));
		return {epoch, accuracy: accuracy.toFixed(3), loss: loss.toFixed(2)};
	});
	const lines = [
		...warnings,
		...metrics.map(({epoch, accuracy, loss}) => `Test Results - Epoch: ${epoch}  Avg accuracy: ${accuracy} Avg loss: ${loss}`),
		'Wrote outputs/metrics.csv',
	];
	return {
		lines: spaced(lines, 2, 4),
		duration: lines.length * 4 + 2,
		outputs: [{relativePath: 'outputs/metrics.csv', kind: 'text', text: ['epoch,accuracy,loss', ...metrics.map(({epoch, accuracy, loss}) => `${epoch},${accuracy},${loss}`)].join('\n') + '\n'}],
	};
}

function genericJob({command}: JobInputs): JobBody {
	return {lines: spaced([`+ ${command}`, 'done'], 1, 2), duration: 6, outputs: []};
}

function failure(lines: string[]): JobBody {
	return {lines: spaced(lines, 1, 2), duration: lines.length * 2 + 1, outputs: []};
}
