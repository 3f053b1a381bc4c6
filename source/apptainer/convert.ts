import {parseImageRef} from '../dockerfile/image-ref.js';
import {baseImageWorkdir} from '../dockerfile/knowledge/base-workdirs.js';
import type {DockerfileModel, Instruction} from '../dockerfile/model.js';
import type {ReadContextFile} from '../dockerfile/python-project.js';
import {effectiveInstructions, rootImage, shellScript} from '../dockerfile/instructions.js';
import {commandWords, simpleCommands} from '../dockerfile/shell-words.js';
import {platformArgs} from '../dockerfile/platform-args.js';
import {runMounts} from '../dockerfile/run-mounts.js';
import {globalArgDefaults, resolveStages, stageReferencedBy, type ResolvedStage} from '../dockerfile/stages.js';
import {expandWord, splitWord, type VariableLookup} from '../dockerfile/words.js';
import {windowsSign} from '../dockerfile/windows-image.js';
import {userOf} from '../dockerfile/user-home.js';
import {userSitePackages} from './user-site.js';
import path from 'node:path/posix';
import type {DefFile, DefLine, DefSection, DefStage} from './def-file.js';
import {dockerRunscript, type DockerCommand} from './runscript.js';
import {mountBinds} from './bind-mounts.js';
import {convertCopy, resolveDestination} from './copy-instruction.js';
import {pathsARunWrites} from './paths-a-run-writes.js';
import {shellPath} from './staged-copy.js';
import {escapeForDoubleQuotes, quoteCommand, quoteWord} from './shell-quote.js';
import {smokeTest} from './smoke-test.js';

/**
 * Something the conversion changed, dropped or could not reproduce, tied to a Dockerfile line.
 * `workaround` marks where a plain translation would break the build or put files elsewhere than
 * Docker, and the message names what the def does instead: `validate` reports those as warnings.
 */
export type ConversionNote = {line: number; message: string; workaround?: true};

/** What the converter may know about the build context, to tell folders from files. */
export type PathKind = 'file' | 'directory' | 'missing' | 'unknown';

export type ConvertOptions = {
	/** Tells what a COPY/ADD source is in the build context; unknown when not given. */
	pathKind?: (relativePath: string) => PathKind;
	/** Whether the build context has a .dockerignore. */
	hasDockerignore?: boolean;
	/** Write a %test that imports what the Dockerfile installs (default true). */
	smokeTest?: boolean;
	/** Reads build-context files (setup.py, requirements, environment.yml) for the %test's imports. */
	readContextFile?: ReadContextFile;
	/**
	 * The build context's files, relative and '/'-separated (what Docker would send, after
	 * .dockerignore). With it, COPY wildcards are expanded as Docker does: a wildcard that matches
	 * nothing is left out instead of failing Apptainer's copy. Asked only when a COPY has a wildcard.
	 */
	contextFiles?: () => readonly string[];
};

export type Conversion = {def: DefFile; notes: ConversionNote[]};

const defaultShell = ['/bin/sh', '-c'];
const stateChangingCommands = new Set(['cd', 'pushd', 'popd', 'export', 'unset', 'source', '.', 'set', 'umask', 'ulimit', 'alias', 'shopt', 'trap', 'eval', 'declare', 'typeset', 'readonly']);

/** Converts a parsed Dockerfile into an Apptainer definition with a note for every difference. */
export function convertDockerfile(model: DockerfileModel, options: ConvertOptions = {}): Conversion {
	const stages = resolveStages(model);
	const notes: ConversionNote[] = [];
	const final = stages.at(-1);
	if (!final) {
		return {def: {stages: []}, notes: [{line: 1, message: 'No FROM instruction: there is nothing to bootstrap from.'}]};
	}

	const windows = windowsSign(model);
	if (windows) {
		return {def: {stages: []}, notes: [{line: windows.line, message: `${windows.reason}: Apptainer runs Linux images only, so the Dockerfile cannot be converted.`}]};
	}

	const needed = stagesNeededBy(final, stages);
	for (const stage of stages.filter(candidate => !needed.has(candidate) && !isParentOfNeeded(candidate, needed))) {
		notes.push({line: stage.from.line, message: `Stage ${stage.defName} is not used by the final stage, so the def leaves it out (BuildKit skips it too).`});
	}

	const taken = new Set(stages.map(stage => stage.defName));
	const uniqueStageName = (wanted: string) => {
		let name = wanted;
		for (let suffix = 2; taken.has(name); suffix++) {
			name = `${wanted}-${suffix}`;
		}

		taken.add(name);
		return name;
	};

	const shared: SharedState = {model, stages, options, notes, externalStages: new Map(), noted: new Set(), uniqueStageName};
	const converted = [...needed].sort((a, b) => a.index - b.index).map(stage => convertStage(stage, shared));
	const defStages = [...shared.externalStages.values(), ...converted];
	if (defStages.length === 1) {
		delete defStages[0]!.stage;
	}

	return {def: {stages: defStages}, notes: notes.sort((a, b) => a.line - b.line)};
}

export type SharedState = {
	model: DockerfileModel;
	stages: ResolvedStage[];
	options: ConvertOptions;
	notes: ConversionNote[];
	/** Stages added for `COPY --from=<image>`, keyed by image. */
	externalStages: Map<string, DefStage>;
	/** Keys of notes given once per definition. */
	noted: Set<string>;
	/** A stage name no stage of the Dockerfile uses, from a wanted name. */
	uniqueStageName: (wanted: string) => string;
};

/** The final stage and every stage it copies or mounts from, directly or through other stages. */
function stagesNeededBy(final: ResolvedStage, stages: ResolvedStage[]): Set<ResolvedStage> {
	const needed = new Set<ResolvedStage>();
	const visit = (stage: ResolvedStage) => {
		if (needed.has(stage)) {
			return;
		}

		needed.add(stage);
		for (const instruction of effectiveInstructions(stage)) {
			const froms = [instruction.flags.find(flag => flag.name === 'from')?.value, ...runMounts(instruction).map(mount => mount.from)];
			for (const from of froms.filter(value => value !== undefined)) {
				const source = stageReferencedBy(stages, from, stage.index);
				if (source) {
					visit(source);
				}
			}
		}
	};

	visit(final);
	return needed;
}

function isParentOfNeeded(stage: ResolvedStage, needed: Set<ResolvedStage>): boolean {
	return [...needed].some(candidate => {
		for (let parent = candidate.parent; parent; parent = parent.parent) {
			if (parent === stage) {
				return true;
			}
		}

		return false;
	});
}

/** A RUN step already converted, with the paths it may create, move or remove. */
export type ConvertedRun = {line: number; mentioned: string[]};

/** Everything a stage's conversion tracks while it walks the instructions in order. */
export class StageConverter {
	readonly files: DefLine[] = [];
	readonly filesFrom = new Map<string, DefLine[]>();
	readonly post: DefLine[] = [];
	/** Host commands run before %files and %post (downloads for ADD <url>). */
	readonly setup: DefLine[] = [];
	readonly environment: DefLine[] = [];
	readonly labels: DefLine[] = [];
	/** Values Docker would substitute for $NAME (ARG and ENV defined in the Dockerfile). */
	readonly variables = new Map<string, string | undefined>();
	workdir = '/';
	/** The Dockerfile line that set the working directory (the FROM line for a base image's). */
	workdirSource: number | undefined;
	/** The directory the %post shell is in at this point of the script. */
	postDirectory = '/';
	shell = defaultShell;
	/** The USER in effect for the Docker build (the def itself builds as root). */
	user: string | undefined;
	/** The PYTHONUSERBASE the def has exported for `pip install --user`, once it has. */
	pythonUserBase: string | undefined;
	entrypoint: DockerCommand | undefined;
	cmd: DockerCommand | undefined;
	readonly runs: ConvertedRun[] = [];

	constructor(readonly stage: ResolvedStage, readonly shared: SharedState) {}

	readonly lookup: VariableLookup = name => this.variables.get(name);

	note(line: number, message: string, onceKey?: string) {
		if (onceKey) {
			if (this.shared.noted.has(onceKey)) {
				return;
			}

			this.shared.noted.add(onceKey);
		}

		this.shared.notes.push({line, message});
	}

	/** A note for a step a plain translation would get wrong, saying what the def does instead. */
	workaround(line: number, message: string) {
		this.shared.notes.push({line, message, workaround: true});
	}

	expand(raw: string): string {
		return expandWord(raw, this.lookup, this.shared.model.escapeChar);
	}
}

function convertStage(stage: ResolvedStage, shared: SharedState): DefStage {
	const converter = new StageConverter(stage, shared);
	const base = rootImage(stage);
	describeBase(converter, base);
	const inheritedWorkdir = baseImageWorkdir(base);
	if (inheritedWorkdir) {
		converter.workdir = inheritedWorkdir;
		converter.workdirSource = stage.from.line;
	}

	for (const instruction of effectiveInstructions(stage)) {
		convertInstruction(converter, instruction);
	}

	const sections: DefSection[] = [
		{name: 'setup', lines: converter.setup},
		{name: 'files', lines: converter.files},
		...[...converter.filesFrom].map(([from, lines]) => ({name: 'files', argument: `from ${from}`, lines})),
		{name: 'post', lines: converter.post},
	];
	if (stage.isFinal) {
		const workdir = converter.workdir === '/' ? undefined : {word: shellPath(converter.workdir), line: converter.workdirSource};
		const runscript = dockerRunscript(converter.entrypoint, converter.cmd, converter.shell, workdir);
		for (const message of runscript?.notes ?? []) {
			converter.note((converter.entrypoint ?? converter.cmd)!.line, message);
		}

		const test = shared.options.smokeTest === false ? undefined : smokeTest(shared.model, shared.options.readContextFile);
		if (test) {
			converter.note(test.note.line, test.note.message);
		}

		sections.push(
			{name: 'environment', lines: converter.environment},
			{name: 'runscript', lines: runscript?.lines ?? []},
			{name: 'labels', lines: converter.labels},
			{name: 'test', lines: test?.lines ?? []},
		);
	}

	const bootstrapFromScratch = base === 'scratch';
	return {
		bootstrap: bootstrapFromScratch ? 'scratch' : 'docker',
		from: bootstrapFromScratch ? undefined : base,
		stage: stage.defName,
		source: stage.from.line,
		sections,
	};
}

function describeBase(converter: StageConverter, base: string) {
	const {stage} = converter;
	const line = stage.from.line;
	if (stage.platform) {
		converter.note(line, `--platform=${stage.platform} is dropped: it is not part of the image name (apptainer build --arch chooses the architecture).`);
	}

	if (stage.parent) {
		converter.note(line, `Apptainer cannot build FROM an earlier stage, so the steps of stage ${stage.parent.defName} are repeated here on top of ${base}.`);
	}

	if (stage.unresolvedArgs.length > 0) {
		converter.note(line, `FROM uses ${stage.unresolvedArgs.join(', ')}, which has no default: edit the From: line before building.`);
	}

	if (base === 'scratch' || /(?:^|\/)distroless\//.test(base)) {
		converter.note(line, `${base} has no /bin/sh, so %post and %runscript cannot run in it; use apptainer exec IMAGE /path/to/program instead of apptainer run.`);
	}

	const workdir = baseImageWorkdir(base);
	if (workdir && !stage.parent) {
		converter.note(line, `${parseImageRef(base).repository} images set WORKDIR ${workdir}: the def cds there before the RUN steps and resolves relative COPY destinations against it, as Docker does.`);
	}
}

function convertInstruction(converter: StageConverter, instruction: Instruction) {
	const convert = instructionConverters[instruction.keyword];
	if (convert) {
		convert(converter, instruction);
	} else if (instruction.keyword in withoutEquivalent) {
		commentOut(converter, instruction, withoutEquivalent[instruction.keyword]!);
	} else {
		converter.note(instruction.line, `${instruction.keyword} is not a Dockerfile instruction; it is left out.`);
	}
}

function convertCommand(converter: StageConverter, instruction: Instruction) {
	const command: DockerCommand = instruction.exec
		? {line: instruction.line, exec: instruction.exec}
		: {line: instruction.line, shell: instruction.text};
	if (instruction.keyword === 'CMD') {
		converter.cmd = command;
	} else {
		converter.entrypoint = command;
	}
}

function convertShell(converter: StageConverter, instruction: Instruction) {
	if (instruction.exec && instruction.exec.length > 0) {
		converter.shell = instruction.exec;
		converter.note(instruction.line, `SHELL: later RUN steps and shell-form CMD/ENTRYPOINT run as ${quoteCommand(instruction.exec)} '...', as in Docker (%post itself runs /bin/sh).`);
	}
}

function convertVolume(converter: StageConverter, instruction: Instruction) {
	const paths = instruction.exec ?? instruction.text.trim().split(/\s+/);
	for (const volume of paths.filter(Boolean).map(item => converter.expand(item))) {
		converter.post.push({text: `mkdir -p ${quoteWord(volume)}  # VOLUME: bind a host folder here at run time (--bind HOST:${volume})`, source: instruction.line});
	}

	converter.note(instruction.line, 'VOLUME has no Apptainer equivalent: the def creates the folder so that apptainer run --bind HOST:PATH has a mount point.');
}

function convertMaintainer(converter: StageConverter, instruction: Instruction) {
	converter.labels.push({text: `maintainer ${instruction.text.trim()}`, source: instruction.line});
}

const instructionConverters: Record<string, (converter: StageConverter, instruction: Instruction) => void> = {
	ARG: convertArg,
	ENV: convertEnv,
	LABEL: convertLabel,
	MAINTAINER: convertMaintainer,
	WORKDIR: convertWorkdir,
	RUN: convertRun,
	COPY: convertCopy,
	ADD: convertCopy,
	CMD: convertCommand,
	ENTRYPOINT: convertCommand,
	SHELL: convertShell,
	USER: convertUser,
	VOLUME: convertVolume,
};

/** Why each instruction with no Apptainer equivalent becomes a comment. */
const withoutEquivalent: Record<string, string> = {
	USER: 'ignored, since Apptainer builds as root and runs as the submitting user',
	EXPOSE: 'nothing to publish, since Apptainer shares the host network',
	HEALTHCHECK: 'not converted, since a %test section would run it at the end of the build, without the service running',
	STOPSIGNAL: 'no Apptainer equivalent',
	ONBUILD: 'no Apptainer equivalent',
};

function convertUser(converter: StageConverter, instruction: Instruction) {
	converter.user = userOf(instruction.text);
	commentOut(converter, instruction, withoutEquivalent.USER!);
}

function commentOut(converter: StageConverter, instruction: Instruction, why: string) {
	const text = `${instruction.keyword} ${instruction.text.trim()}`.replaceAll('\n', ' ');
	converter.post.push({text: `# ${text} -- ${why}`, source: instruction.line});
	converter.note(instruction.line, `${instruction.keyword}: ${why}; the def keeps it as a comment in %post.`);
}

function convertArg(converter: StageConverter, instruction: Instruction) {
	const globals = globalArgDefaults(converter.shared.model.globalArgs, converter.shared.model.escapeChar);
	for (const {name, rawValue} of instruction.properties) {
		const value = platformArgs.get(name) ?? (rawValue === undefined ? globals.get(name) : converter.expand(rawValue));
		converter.variables.set(name, value);
		if (platformArgs.has(name)) {
			converter.post.push({text: `export ${name}=${quoteWord(value!)}`, source: instruction.line});
			converter.workaround(instruction.line, `ARG ${name} is one of BuildKit's automatic platform ARGs, which a plain build leaves empty: the def sets it to ${quoteWord(value!)}, since Rescale builds and runs on x86-64 Linux.`);
			continue;
		}

		if (value === undefined) {
			converter.post.push({text: `# ARG ${name} has no default: set a value here if the build needs one`, source: instruction.line});
			converter.note(instruction.line, `ARG ${name} has no default, so it is empty, as in a docker build without --build-arg; set it in %post if the build needs it.`);
			continue;
		}

		converter.post.push({text: `export ${name}=${quoteWord(value)}`, source: instruction.line});
		converter.note(instruction.line, `ARG ${name} is set to ${quoteWord(value)} for the build steps only (not at run time), as in Docker; edit the def to build with another value.`);
	}
}

function convertEnv(converter: StageConverter, instruction: Instruction) {
	// Every value is expanded before any is set: in `ENV a=1 b=$a`, b gets the a from before this ENV.
	const expanded = instruction.properties.map(({name, rawValue}) => ({name, parts: splitWord(rawValue ?? '', converter.lookup, converter.shared.model.escapeChar)}));
	for (const {name, parts} of expanded) {
		const known = parts.every(part => part.kind === 'text');
		const value = parts.map(part => (part.kind === 'text' ? part.value : part.raw)).join('');
		const shellValue = known
			? quoteWord(value)
			: `"${parts.map(part => (part.kind === 'text' ? escapeForDoubleQuotes(part.value) : part.raw)).join('')}"`;
		converter.variables.set(name, known ? value : undefined);
		const line: DefLine = {text: `export ${name}=${shellValue}`, source: instruction.line};
		converter.post.push(line);
		if (converter.stage.isFinal) {
			converter.environment.push({...line});
		}
	}

	converter.note(
		instruction.line,
		converter.stage.isFinal
			? 'ENV is exported in %post, so later build steps see it, and in %environment, so it is set at run time.'
			: 'ENV is exported in %post for this stage\'s build steps (Docker does not carry it into other stages either).',
		`env-${converter.stage.index}`,
	);
}

function convertLabel(converter: StageConverter, instruction: Instruction) {
	if (!converter.stage.isFinal) {
		return;
	}

	for (const {name, rawValue} of instruction.properties) {
		const key = converter.expand(name);
		if (/\s/.test(key) || key === '') {
			converter.note(instruction.line, `LABEL "${key}" has white space in its name, which %labels cannot express; it is left out.`);
			continue;
		}

		const value = rawValue === undefined ? '' : converter.expand(rawValue);
		converter.labels.push({text: `${key} ${value.replaceAll('\n', ' ')}`.trimEnd(), source: instruction.line});
	}
}

function convertWorkdir(converter: StageConverter, instruction: Instruction) {
	const directory = resolveDestination(converter.workdir, converter.expand(instruction.text.trim()));
	converter.workdir = directory;
	converter.workdirSource = instruction.line;
	converter.postDirectory = directory;
	converter.post.push({text: `mkdir -p ${shellPath(directory)}`, source: instruction.line}, {text: `cd ${shellPath(directory)}`, source: instruction.line});
	converter.note(instruction.line, `WORKDIR ${directory} holds for the build steps (mkdir + cd in %post)${converter.stage.isFinal ? ' and for the image\'s own command, which the runscript starts there; apptainer exec, and a command given to apptainer run in place of CMD, start in the folder you launch from' : ''}.`);
}

/** Puts %post in the stage's working directory before a step that depends on it. */
function enterWorkdir(converter: StageConverter) {
	if (converter.postDirectory !== converter.workdir) {
		converter.post.push({text: `cd ${shellPath(converter.workdir)}`, source: converter.workdirSource});
		converter.postDirectory = converter.workdir;
	}
}

function convertRun(converter: StageConverter, instruction: Instruction) {
	const source = instruction.line;
	const afterRun = mountBinds(converter, instruction);
	if (afterRun.length > 0) {
		// A bind over the working folder replaces it; the shell must enter the new one.
		converter.postDirectory = '';
	}

	enterWorkdir(converter);
	for (const flag of instruction.flags.filter(candidate => candidate.name !== 'mount')) {
		converter.note(source, `RUN --${flag.name}${flag.value ? `=${flag.value}` : ''} needs BuildKit; the def runs the command without it.`);
	}

	converter.runs.push({line: source, mentioned: pathsARunWrites(shellScript(instruction), converter.workdir).mentioned});
	const userBase = userSitePackages(converter, instruction);
	const usesCustomShell = converter.shell.join(' ') !== defaultShell.join(' ');
	let body: DefLine[];
	if (instruction.exec) {
		body = [{text: quoteCommand(instruction.exec), source}];
	} else if (usesCustomShell) {
		const script = isHeredocScript(instruction)
			? instruction.heredocs[0]!.body.join('\n')
			: instruction.pieces.join('\\\n');
		body = [{text: `${quoteCommand(converter.shell)} ${quoteWord(script)}`, source}];
	} else {
		body = shellFormLines(instruction);
	}

	if (!instruction.exec && !usesCustomShell && needsSubshell(instruction)) {
		converter.post.push({text: '(', source}, ...body.map(line => ({...line, indent: (line.indent ?? 0) + 1})), {text: ')', source});
		converter.note(
			source,
			'RUN steps that chain commands with && or change the shell (cd, export, set...) run in a subshell ( ... ): %post is one `sh -e` script, which would carry their state into later steps and would not stop when a command inside an && chain fails; Docker starts every RUN afresh and fails it as a whole.',
			'subshell',
		);
	} else {
		converter.post.push(...body);
	}

	if (afterRun.length > 0) {
		converter.post.push(...afterRun);
		converter.postDirectory = '';
	}

	if (userBase) {
		converter.post.push({text: `chmod a+x ${shellPath(path.dirname(userBase))} && chmod -R a+rX ${shellPath(userBase)}`, source});
	}
}

function isHeredocScript(instruction: Instruction): boolean {
	return instruction.heredocs.length === 1 && /^<<-?\s*["']?\w+["']?$/.test(instruction.text.trim());
}

/** Shell-form RUN lines: continuation lines as written, heredoc bodies verbatim. */
function shellFormLines(instruction: Instruction): DefLine[] {
	const source = instruction.line;
	if (isHeredocScript(instruction)) {
		return instruction.heredocs[0]!.body.map(text => ({text, source, verbatim: true}));
	}

	// A continuation line may take extra indentation only where sh ignores it: outside quotes.
	let quote: string | undefined;
	const lines: DefLine[] = instruction.pieces.map((piece, index) => {
		const insideQuotes = quote !== undefined;
		quote = quoteStateAfter(piece, quote);
		const text = index < instruction.pieces.length - 1 ? `${piece}\\` : piece;
		if (index === 0) {
			return {text: text.trimStart(), source};
		}

		return insideQuotes ? {text, source, verbatim: true} : {text: text.trimStart(), source, indent: 1};
	});
	for (const heredoc of instruction.heredocs) {
		lines.push(...heredoc.body.map(text => ({text, source, verbatim: true})), {text: heredoc.name, source, verbatim: true});
	}

	return lines;
}

/** The quote sh is inside after reading `text`, starting inside `quote`. */
function quoteStateAfter(text: string, quote: string | undefined): string | undefined {
	let state = quote;
	for (let index = 0; index < text.length; index++) {
		const character = text[index];
		if (state === "'") {
			state = character === "'" ? undefined : state;
		} else if (character === '\\') {
			index++;
		} else if (character === '"') {
			state = state === '"' ? undefined : '"';
		} else if (character === "'" && state === undefined) {
			state = "'";
		}
	}

	return state;
}

function needsSubshell(instruction: Instruction): boolean {
	const script = shellScript(instruction);
	if (isHeredocScript(instruction) || /&&|\|\|/.test(script)) {
		return true;
	}

	return simpleCommands(script).some(command => {
		const {assignments, words} = commandWords(command);
		return (words.length === 0 && assignments.length > 0) || stateChangingCommands.has(words[0] ?? '') || (words[1] === 'activate');
	});
}


