import {createHash} from 'node:crypto';
import {execFile} from 'node:child_process';
import {mkdirSync, statSync, writeFileSync} from 'node:fs';
import {promisify} from 'node:util';
import nodePath from 'node:path';
import {contextFiles, type ContextFile} from '../context/context-files.js';
import type {Definition} from '../definition/derive-definition.js';
import {saveDefFile} from '../definition/save-def.js';
import type {Finding} from '../dockerfile/finding.js';
import {imageGpuFacts, type ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';
import {hasErrors} from '../dockerfile/validate.js';
import {UserError} from '../errors.js';
import {formatBytes} from '../format.js';
import {buildHardwareDefaults, describeHardware, resolveHardware, type Hardware, type HardwareRequest} from '../jobs/hardware.js';
import type {Coretype} from '../rescale/types.js';
import {contextGuard, gitSource, largeContextBytes, packContext, type GitSource} from './context.js';
import {claimOutputFolder, defaultOutDir} from './output-folder.js';
import {imageFiles} from './image-files.js';
import {buildJobName, sanitizeName} from './image-name.js';
import {buildScript} from './script.js';

const run = promisify(execFile);

/** `digest`: the packed files' paths, modes and contents (see packContext). */
export type ContextPlan = ({mode: 'upload'; archive: string; files: number; bytes: number; archiveBytes: number; digest: string} | ({mode: 'git'} & GitSource) | {mode: 'none'}) & {why: string};

export type BuildPlan = {
	/** Identifies the plan for reattaching: same name, definition, context and hardware. */
	key: string;
	/**
	 * Identifies the image it builds, whatever the hardware and the name: the platform, the def and
	 * the context's content (or git commit). None for --image builds: a tag can move.
	 */
	identity?: string;
	name: string;
	jobName: string;
	/** Where the def, the script, the archive and plan.json are. */
	folder: string;
	/** The def this plan uploads: `<name>.def`, or beside it when that one was edited by hand. */
	defFile: string;
	/** `<name>.def` when it was edited by hand and kept as it is (see saveDefFile). */
	keptDef?: string;
	scriptFile: string;
	def: string;
	context: ContextPlan;
	/** The context in one line: how it reaches the build node and why. */
	contextSummary: string;
	hardware: Hardware;
	/** Absolute paths inside the image, from %files and the context (for checking run commands). */
	imageFiles: string[];
	/** What --fix changed, one line each. */
	fixes: string[];
	/** More inputs for the build job (a `docker save` archive). */
	extraUploads: string[];
	findings: Finding[];
	source: string;
	/** The image's torch and CUDA as far as the Dockerfile tells (the build log tells better). */
	gpuFacts: ImageGpuFacts | undefined;
};

export type BuildSource =
	/** A Dockerfile and the def derived from it (see deriveDefinition), built as reviewed. */
	| {dockerfile: {file: string; contextDir: string}; definition: Definition}
	/** docker://REPO:TAG or docker-daemon://NAME:TAG: an existing image instead of a Dockerfile. */
	| {image: string};

export type PlanOptions = {
	source: BuildSource;
	name?: string;
	outDir?: string;
	contextMode?: 'auto' | 'upload' | 'git';
	/** Build even though the Dockerfile has errors. */
	force?: boolean;
	/** Unset fields take the build defaults (emerald, 2 cores, 2 h). */
	hardware: Partial<HardwareRequest>;
	/** The platform's coretypes, to check the hardware against and price it. */
	coretypes: Coretype[];
	platform: string;
};

/**
 * Validates and converts, then writes `<name>.def` (never over a hand edit: see saveDefFile),
 * `build_script.sh`, the context archive and plan.json.
 */
export async function prepareBuild(options: PlanOptions): Promise<BuildPlan> {
	const hardware = resolveHardware(options.coretypes, {
		coretype: options.hardware.coretype ?? buildHardwareDefaults.coretype,
		cores: options.hardware.cores ?? buildHardwareDefaults.cores,
		walltime: options.hardware.walltime ?? buildHardwareDefaults.walltime,
	}, 'Builds usually run on emerald (the default).');
	const outRoot = claimOutputFolder(options.outDir);
	const source = 'image' in options.source ? await imageSource(options.source.image) : dockerfileSource(options.source.dockerfile, options.source.definition, options);
	const name = sanitizeName(options.name ?? source.defaultName);
	const folder = nodePath.join(outRoot, name);
	mkdirSync(folder, {recursive: true});
	const extraUploads = source.save ? [await source.save(folder)] : [];
	const context = source.contextDir ? await planContext(source.contextDir, folder, outRoot, options.contextMode ?? 'auto') : {mode: 'none' as const, why: 'an existing image needs no build context'};
	const saved = saveDefFile(nodePath.join(folder, `${name}.def`), source.def);
	const defFile = saved.file;
	const script = buildScript({name, defFile: nodePath.basename(defFile), context: context.mode === 'upload' ? {mode: 'upload', archive: nodePath.basename(context.archive)} : context});
	const scriptFile = nodePath.join(folder, 'build_script.sh');
	writeFileSync(scriptFile, script, {mode: 0o755});
	const contextIdentity = context.mode === 'upload' ? `upload:${context.files}:${context.bytes}` : context.mode === 'git' ? `git:${context.commit}` : 'none';
	const key = createHash('sha256').update([options.platform, name, source.def, contextIdentity, JSON.stringify([hardware.coreType, hardware.coresPerSlot, hardware.walltime])].join('\n')).digest('hex').slice(0, 24);
	const content = context.mode === 'upload' ? `upload:${context.digest}` : context.mode === 'git' ? `git:${context.commit}:${context.subdirectory}` : undefined;
	const plan: BuildPlan = {
		key,
		...(content === undefined ? {} : {identity: createHash('sha256').update([options.platform, source.def, content].join('\n')).digest('hex').slice(0, 32)}),
		name,
		jobName: buildJobName(name),
		folder,
		defFile,
		...(saved.kept ? {keptDef: saved.kept} : {}),
		scriptFile,
		def: source.def,
		context,
		contextSummary: summarizeContext(context),
		hardware,
		imageFiles: source.contextDir ? imageFiles(source.def, source.files) : [],
		fixes: source.fixes,
		extraUploads,
		findings: source.findings,
		source: source.description,
		gpuFacts: 'image' in options.source ? undefined : imageGpuFacts(options.source.definition.model),
	};
	writeFileSync(nodePath.join(folder, 'plan.json'), `${JSON.stringify(plan, undefined, 2)}\n`);
	return plan;
}

type Source = {
	def: string;
	defaultName: string;
	contextDir?: string;
	files: ContextFile[];
	fixes: string[];
	findings: Finding[];
	description: string;
	/** Writes an extra input into the plan folder and returns its path. */
	save?: (folder: string) => Promise<string>;
};

async function imageSource(image: string): Promise<Source> {
	const match = /^(docker|docker-daemon):\/\/(.+)$/.exec(image);
	if (!match) {
		throw new UserError(`--image ${image}: give docker://REPO:TAG (a registry image) or docker-daemon://NAME:TAG (an image of the local Docker engine)`);
	}

	const [, scheme, reference] = match as unknown as [string, string, string];
	const repository = reference.replace(/[:@].*$/, '').split('/').at(-1)!;
	const base = {defaultName: repository, files: [], fixes: [], findings: [], description: image};
	if (scheme === 'docker') {
		return {...base, def: `Bootstrap: docker\nFrom: ${reference}\n`};
	}

	await dockerEngine();
	const archive = `${sanitizeName(repository)}-image.tar`;
	return {
		...base,
		def: `Bootstrap: docker-archive\nFrom: ${archive}\n`,
		async save(folder) {
			const target = nodePath.join(folder, archive);
			await run('docker', ['save', '-o', target, reference]).catch((error: {stderr?: string}) => {
				throw new UserError(`docker save ${reference} failed: ${(error.stderr ?? String(error)).trim().split('\n')[0]}`, {hint: `Check the image exists: docker image ls ${reference.replace(/:.*$/, '')}`});
			});
			return target;
		},
	};
}

/** Refuses with a clear message when no Docker engine answers here. */
async function dockerEngine() {
	try {
		await run('docker', ['info', '--format', '{{.ServerVersion}}'], {timeout: 10_000});
	} catch (error) {
		const detail = ((error as {stderr?: string}).stderr ?? (error as Error).message).trim().split('\n').find(Boolean) ?? 'no answer';
		throw new UserError(`no Docker engine answers on this machine (docker info: ${detail})`, {
			hint: 'Start Docker, or push the image to a registry and use --image docker://REPO:TAG.',
		});
	}
}

function dockerfileSource(dockerfile: {file: string; contextDir: string}, definition: Definition, options: PlanOptions): Source {
	const {findings} = definition;
	if (definition.blocking.length > 0) {
		// Not even --force: there is no def to build, and a build job would be paid for nothing.
		throw new UserError(`no def can be made from ${dockerfile.file} until these are fixed (--force cannot build it):\n${definition.blocking.map(error => `  line ${error.line} ${error.rule}: ${error.message}${error.fix ? `\n    fix: ${error.fix}` : ''}`).join('\n')}`, {
			hint: 'Fix the Dockerfile and run the command again; nothing was uploaded.',
			exitCode: 1,
		});
	}

	if (hasErrors(findings) && !options.force) {
		const errors = findings.filter(finding => finding.severity === 'error');
		throw new UserError(`${dockerfile.file} has ${errors.length} error(s) that would fail the build or the first run:\n${errors.map(error => `  line ${error.line} ${error.rule}: ${error.message}${error.fix ? `\n    fix: ${error.fix}` : ''}`).join('\n')}`, {
			hint: `${errors.some(error => error.edit) ? 'Add --fix to apply the suggested fixes (the Dockerfile on disk is not changed), or ' : ''}fix the Dockerfile, or add --force to build anyway.`,
			exitCode: 1,
		});
	}

	const files = contextFiles(dockerfile.contextDir, [nodePath.resolve(options.outDir ?? defaultOutDir)]);
	return {def: definition.def, defaultName: nodePath.basename(nodePath.resolve(dockerfile.contextDir)), contextDir: dockerfile.contextDir, files, fixes: definition.fixes, findings, description: dockerfile.file};
}

async function planContext(root: string, folder: string, outRoot: string, mode: 'auto' | 'upload' | 'git'): Promise<ContextPlan> {
	if (mode !== 'upload') {
		const git = await gitSource(root, [outRoot]);
		if ('url' in git) {
			return {mode: 'git', ...git, why: `clean git checkout at ${git.commit.slice(0, 7)}, on ${git.url}: the build node clones it`};
		}

		if (mode === 'git') {
			throw new UserError(`--context git: ${git.reason}`, {hint: 'Commit and push, or use --context upload.'});
		}

		return packed(root, folder, outRoot, `uploaded, because ${git.reason}`);
	}

	return packed(root, folder, outRoot, 'uploaded, as asked (--context upload)');
}

async function packed(root: string, folder: string, outRoot: string, why: string): Promise<ContextPlan> {
	const files = contextFiles(root, [outRoot]);
	const archive = nodePath.join(folder, 'context.tar.gz');
	const digest = await packContext(root, files, archive, contextGuard());
	const bytes = files.reduce((sum, file) => sum + file.size, 0);
	return {mode: 'upload', archive, files: files.length, bytes, archiveBytes: statSync(archive).size, digest, why: bytes > largeContextBytes ? `${why}; it is large, and all of it lands in the image` : why};
}

function summarizeContext(context: ContextPlan): string {
	if (context.mode === 'upload') {
		return `upload of ${context.files} files (${formatBytes(context.bytes)}, ${formatBytes(context.archiveBytes)} packed), ${context.why}`;
	}

	return context.mode === 'git' ? `git: ${context.why}` : context.why;
}

/** The plan in words, the same lines in the wizard, the headless output and the session report. */
export function describeBuildPlan(plan: BuildPlan): string[] {
	return [
		`Job: ${plan.jobName}`,
		`On: ${describeHardware(plan.hardware)}`,
		`Context: ${plan.contextSummary}`,
		`Files: ${plan.defFile}, ${plan.scriptFile}`,
		...keptDefNote(plan),
	];
}

/** The line that says a def edited by hand was kept and is not what is built, if it was. */
export function keptDefNote(plan: BuildPlan): string[] {
	return plan.keptDef ? [`Def: ${plan.keptDef} was edited by hand since it was written here: kept as it is; the def this build uploads (the one generated now) is saved beside it as ${plan.defFile}.`] : [];
}
