import {list} from 'tar';
import {parseDefFile} from '../apptainer/parse-def.js';
import {imageFiles} from '../image-build/image-files.js';
import {failure, spaced, type JobBody, type JobInputs, type PlannedOutput} from './job-body.js';
import {simulateRun} from './run-simulation.js';
import {simulateSmokeTest} from './smoke-test-simulation.js';

/**
 * What a sandbox job will do once submitted, decided at submit time from its command and input
 * files: a timeline of job and cluster statuses, log lines, and the files it leaves behind. All
 * offsets are simulated seconds after submission; the store replays them as time passes, at the
 * job's speed. As on Rescale, the outputs are filed one by one some time after `Completed` (the
 * finished log first, `output` being its index in the plan's outputs otherwise), and the cluster
 * reaches `Stopped` only once they all are.
 */
export type TimelineEvent =
	| {at: number; job: string; reason?: string}
	| {at: number; cluster: string}
	| {at: number; log: string}
	| {at: number; output: number | 'log'};


export type {JobInputs, PlannedOutput} from './job-body.js';

export type JobPlan = {events: TimelineEvent[]; outputs: PlannedOutput[]; executingAt: number; completedAt: number};

/** Simulated seconds for the platform's own steps. */
const timing = {waiting: 1, queued: 4, clusterStarting: 6, started: 20, validated: 22, executing: 25, wrapUp: 3};

/** Simulated seconds from `Completed` to the finished log being filed, and between the files filed after it (the platform's own files: ~24 s, then the SIF ~2 s later). */
const filing = {log: 24, apart: 2};

export function planJob(inputs: JobInputs): JobPlan {
	const body = /\bapptainer\s+(?:run|exec)\b/.test(inputs.command) ? simulateRun(inputs) : /\.sh\b|\bbuild\b/.test(inputs.command) ? buildJob(inputs) : genericJob(inputs);
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
		...jobEnd(completedAt, 'Completed successfully', body.outputs.length, true),
	];
	return {events: events.sort((a, b) => a.at - b.at), outputs: body.outputs, executingAt, completedAt};
}

/**
 * The end of a job: `Completed`, its files filed one by one after it, and its cluster (when it
 * had one) stopping meanwhile, `Stopped` after the last file.
 */
export function jobEnd(completedAt: number, reason: string, outputs: number, clusterUp: boolean): TimelineEvent[] {
	const filed: TimelineEvent[] = [
		{at: completedAt + filing.log, output: 'log'},
		...Array.from({length: outputs}, (_, index) => ({at: completedAt + filing.log + (filing.apart * (index + 1)), output: index})),
	];
	const lastFiled = filed.at(-1)!.at;
	const events: TimelineEvent[] = [
		{at: completedAt, job: 'Completed', reason},
		...filed,
		...(clusterUp ? [{at: completedAt, cluster: 'Stop Requested'}, {at: completedAt + 5, cluster: 'Stopping'}, {at: Math.max(completedAt + 30, lastFiled + filing.apart), cluster: 'Stopped'}] : []),
	];
	return events.sort((a, b) => a.at - b.at);
}

function buildJob(inputs: JobInputs): JobBody {
	const {command, files} = inputs;
	const scriptName = /(?:^|\s)(?:sh|bash)\s+(?:-\w+\s+)*([\w./-]+\.sh)\b/.exec(command)?.[1] ?? /(?:^|\s)\.\/([\w.-]+\.sh)\b/.exec(command)?.[1];
	const script = scriptName === undefined ? undefined : files.find(file => file.name === scriptName.replace(/^\.\//, ''));
	if (scriptName && !script) {
		return failure([`sh: 0: cannot open ${scriptName}: No such file`]);
	}

	const scriptText = script?.read() ?? command;
	const build = /apptainer\s+build\s+(?:--?[\w-]+(?:[= ][^\s-][^\s]*)?\s+)*["']?([^\s"']+\.sif)["']?\s+["']?([^\s"']+\.def)["']?/.exec(scriptText);
	const defName = build?.[2] ?? files.find(file => file.name.endsWith('.def'))?.name;
	const sifName = build?.[1] ?? (defName ? defName.replace(/\.def$/, '.sif') : 'image.sif');
	const intro = [...scriptIntro(scriptText, inputs), 'INFO:    Starting build...'];
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
	const test = section('test');
	const smoke = test.length > 0 ? simulateSmokeTest(final.header.from, postLines, test) : undefined;
	const testLines = smoke ? ['INFO:    Running testscript', ...smoke.lines] : [];
	const lines = [
		...intro,
		...parsed.stages.flatMap(stage => [
			`INFO:    Fetching OCI image ${stage.header.from ?? stage.header.bootstrap}...`,
			'INFO:    Extracting OCI image...',
		]),
		'INFO:    Inserting Apptainer configuration...',
		...section('files').filter(line => line.trim() !== '').map(line => `INFO:    Copying ${line.trim().split(/\s+/).join(' to ')}`),
		...(postLines.length > 0 ? ['INFO:    Running post scriptlet', ...postLines.map(line => `+ ${line}`)] : []),
		...testLines,
		'INFO:    Adding labels',
		...(section('environment').length > 0 ? ['INFO:    Adding environment to container'] : []),
		...(section('runscript').length > 0 ? ['INFO:    Adding runscript'] : []),
		'INFO:    Creating SIF file...',
		`INFO:    Build complete: ${sifName}`,
		'+ find . -mindepth 1 -maxdepth 1 ! -name "*.sif" -exec rm -rf {} +',
	];
	if (smoke?.failed) {
		const upToTest = lines.slice(0, lines.indexOf('INFO:    Adding labels'));
		return failure([...upToTest, 'FATAL:   While performing build: failed to execute %test script: exit status 1', 'BUILD FAILED (exit code 255): see the lines above']);
	}

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
			files: imageFilesOf(def, files),
		}],
	};
}

function genericJob({command}: JobInputs): JobBody {
	return {lines: spaced([`+ ${command}`, 'done'], 1, 2), duration: 6, outputs: []};
}


/**
 * What the script prints before `apptainer build`, as the node would run it: its echo lines with
 * the node's facts filled in (Apptainer's version, the working folder, the build mode it picks),
 * other commands as `sh -x` shows them, and nothing for its branches.
 */
function scriptIntro(script: string, {jobId, node}: JobInputs): string[] {
	const lines = script.split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'));
	const buildIndex = lines.findIndex(line => /apptainer\s+build\b/.test(line));
	const modes = lines.map(line => /^mode=(\w+); why="([^"]*)"/.exec(line)).filter(match => match !== null);
	const chosen = modes[node.sudo ? 0 : 1];
	const expand = (text: string) => text
		.replaceAll('$(apptainer --version)', 'apptainer version 1.3.6')
		.replaceAll('$PWD', `/enc/udeprod_${jobId}/work/shared`)
		.replaceAll('$mode', chosen?.[1] ?? '')
		.replaceAll('$why', chosen?.[2] ?? '');
	return lines.slice(0, buildIndex + 1).flatMap(line => {
		const echo = /^echo "(.*)"$/.exec(line);
		if (echo) {
			return [expand(echo[1]!)];
		}

		return modes.length > 0 && /^(?:if|elif|else|fi|case|esac|mode=|\w+\)|sudo\)|\*\))/.test(line) ? [] : [`+ ${line}`];
	});
}

/** Paths the image holds from the build context (an uploaded archive), for the run to check. */
function imageFilesOf(def: string, files: JobInputs['files']): string[] | undefined {
	const archive = files.find(file => file.name.endsWith('.tar.gz'));
	if (!archive) {
		return undefined;
	}

	const listed: Array<{path: string; size: number}> = [];
	try {
		list({file: archive.path, sync: true, onReadEntry: entry => {
			if (entry.type === 'File') {
				listed.push({path: entry.path.replace(/^\.\//, ''), size: entry.size});
			}
		}});
	} catch {
		return undefined;
	}

	return imageFiles(def, listed);
}
