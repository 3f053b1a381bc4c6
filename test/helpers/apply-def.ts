/**
 * Applies a generated definition file the way `apptainer build` does, so that a test can look at
 * where files land. Each stage gets its own root holding the directories (and files) its base
 * image has; then, as in apptainer/apptainer internal/pkg/build/build.go (Build.Full) @041bb3bd:
 * every `%files from STAGE` section, then `%setup` on the host with APPTAINER_ROOTFS set, then
 * the host `%files`, then `%post` under `/bin/sh -ex` in the root with cwd / and the base image's
 * environment (stage.go runPostScript: `exec --pwd / ... /bin/sh -ex /.post.script`).
 */
import {spawnSync} from 'node:child_process';
import {lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseDefFile, type ParsedStage} from '../../source/apptainer/parse-def.js';
import {copyFromHost, copyFromStage} from './apptainer-copy.js';
import {installBusybox, runInRoot} from './proot.js';

/** What a test says a base image already holds. */
export type BaseImage = {
	directories?: string[];
	files?: Record<string, string>;
	/** Executable scripts (stand-ins for python, node...) by absolute path. */
	programs?: Record<string, string>;
	env?: Record<string, string>;
};

export type AppliedDef = {
	/** The final stage's root on the host. */
	root: string;
	roots: Map<string, string>;
	/** Files and folders under FOLDER of the final root ('dir/' for folders), without busybox. */
	tree: (folder?: string) => string[];
	/** Runs the %runscript in the final root as `apptainer run IMAGE ARGS` from folder CWD. */
	run: (args: string[], cwd: string) => {status: number | null; stdout: string; stderr: string};
	dispose: () => void;
};

export type ApplyOptions = {
	/** The build context on the host (relative %files sources are read from it). */
	context: string;
	/** Base images by the From: value; any image holds the usual Linux folders (everyImageHas). */
	images?: Record<string, BaseImage>;
};

/** Thrown when a step fails as the real build would: the message says which and why. */
export class BuildFailure extends Error {}

export function applyDef(defText: string, options: ApplyOptions): AppliedDef {
	const parsed = parseDefFile(defText);
	if (parsed.problems.length > 0) {
		throw new BuildFailure(`apptainer would refuse the def: ${parsed.problems.map(problem => `line ${problem.line}: ${problem.message}`).join('; ')}`);
	}

	const workspace = mkdtempSync(path.join(tmpdir(), 'apply-def-'));
	const roots = new Map<string, string>();
	const dispose = () => rmSync(workspace, {recursive: true, force: true});
	try {
		parsed.stages.forEach((stage, index) => {
			const root = path.join(workspace, `stage${index}`);
			const image = options.images?.[stage.header.from ?? ''] ?? {};
			prepareRoot(root, image);
			buildStage(stage, root, roots, image, options.context);
			roots.set(stage.header.stage ?? `stage${index}`, root);
		});
	} catch (error) {
		dispose();
		throw error;
	}

	const root = [...roots.values()].at(-1)!;
	const finalImage = options.images?.[parsed.stages.at(-1)!.header.from ?? ''] ?? {};
	return {
		root,
		roots,
		tree: (folder = '/') => listTree(path.join(root, folder)),
		run(args, cwd) {
			mkdirSync(path.join(root, cwd), {recursive: true});
			const result = runInRoot(root, ['/bin/sh', '/.runscript', ...args], {workdir: cwd, env: {...finalImage.env, ...runtimeEnvironment(parsed.stages.at(-1)!)}});
			return {status: result.status, stdout: result.stdout, stderr: result.stderr};
		},
		dispose,
	};
}

/** Folders every Linux base image has (the FHS ones Docker images keep), on top of a case's own. */
const everyImageHas = ['etc', 'home', 'opt', 'root', 'srv', 'tmp', 'usr/local/bin', 'usr/local/lib', 'usr/share', 'var'];

function prepareRoot(root: string, image: BaseImage) {
	for (const directory of [...everyImageHas, ...(image.directories ?? [])]) {
		mkdirSync(path.join(root, directory), {recursive: true});
	}

	for (const [file, content] of Object.entries(image.files ?? {})) {
		mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
		writeFileSync(path.join(root, file), content);
	}

	for (const [file, script] of Object.entries(image.programs ?? {})) {
		mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
		writeFileSync(path.join(root, file), `#!/bin/sh\n${script}\n`, {mode: 0o755});
	}

	installBusybox(root);
}

function buildStage(stage: ParsedStage, root: string, roots: Map<string, string>, image: BaseImage, context: string) {
	const sections = (name: string) => stage.sections.filter(section => section.name === name);
	for (const section of sections('files').filter(candidate => candidate.argument !== '')) {
		const from = /^from\s+(\S+)$/.exec(section.argument)?.[1] ?? '';
		const sourceRoot = roots.get(from);
		if (!sourceRoot) {
			throw new BuildFailure(`stage ${from} was not found`);
		}

		for (const [source, destination] of filesLines(section.body)) {
			copyOrFail(() => copyFromStage(source, destination, sourceRoot, root));
		}
	}

	for (const section of sections('setup')) {
		const result = spawnSync('/bin/sh', ['-ex', '-c', section.body.join('\n')], {cwd: context, encoding: 'utf8', env: {PATH: process.env.PATH, APPTAINER_ROOTFS: root}});
		if (result.status !== 0) {
			throw new BuildFailure(`%setup failed (${result.status}):\n${result.stderr}`);
		}
	}

	for (const section of sections('files').filter(candidate => candidate.argument === '')) {
		for (const [source, destination] of filesLines(section.body)) {
			copyOrFail(() => copyFromHost(source, destination, root, context));
		}
	}

	const post = sections('post');
	if (post.some(section => section.argument !== '')) {
		throw new BuildFailure('the helper runs %post with /bin/sh only; the converter does not emit %post -c');
	}

	if (post.length > 0) {
		writeFileSync(path.join(root, '.post.script'), post.flatMap(section => section.body).join('\n'));
		const result = runInRoot(root, ['/bin/sh', '-ex', '/.post.script'], {env: image.env});
		rmSync(path.join(root, '.post.script'));
		if (result.status !== 0) {
			throw new BuildFailure(`%post failed (${result.status}):\n${result.stderr}`);
		}
	}

	const runscript = sections('runscript').flatMap(section => section.body);
	if (runscript.length > 0) {
		writeFileSync(path.join(root, '.runscript'), runscript.join('\n'));
	}
}

function copyOrFail(copy: () => void) {
	try {
		copy();
	} catch (error) {
		throw new BuildFailure((error as Error).message);
	}
}

/** %files lines as pkg/build/types/parser/deffile.go reads them: SRC [DST], quotes allowed. */
function filesLines(body: string[]): Array<[string, string]> {
	return body
		.map(line => line.trim())
		.filter(line => line !== '' && !line.startsWith('#'))
		.map(line => {
			const words = [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(match => match[1] ?? match[2] ?? match[3]!);
			return [words[0]!, words[1] ?? ''];
		});
}

/** %environment as the container sees it at run time: the exports, evaluated by the runscript's shell. */
function runtimeEnvironment(stage: ParsedStage): Record<string, string> {
	const body = stage.sections.filter(section => section.name === 'environment').flatMap(section => section.body).join('\n');
	const result = spawnSync('/bin/sh', ['-c', `${body}\nenv -0`], {encoding: 'utf8', env: {}});
	return Object.fromEntries(result.stdout.split('\0').filter(Boolean).map(entry => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]).filter(([name]) => name !== 'PWD' && name !== 'SHLVL' && name !== '_'));
}

function listTree(root: string, relative = ''): string[] {
	const entries: string[] = [];
	for (const entry of readdirSync(path.join(root, relative), {withFileTypes: true})) {
		const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
		if (isHelperFile(path.join(root, child))) {
			continue;
		}

		const isFolder = entry.isDirectory() && !lstatSync(path.join(root, child)).isSymbolicLink();
		entries.push(isFolder ? `${child}/` : child);
		if (isFolder) {
			entries.push(...listTree(root, child));
		}
	}

	return entries.sort();
}

/** What the helper put there: bin/busybox, the applet links to it, the runscript it runs. */
function isHelperFile(file: string): boolean {
	return ['busybox', '.runscript'].includes(path.basename(file)) || (lstatSync(file).isSymbolicLink() && readlinkSync(file) === 'busybox');
}
