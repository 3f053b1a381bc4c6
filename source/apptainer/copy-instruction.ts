import path from 'node:path/posix';
import {copyWords, isUrl, localArchive} from '../dockerfile/instructions.js';
import type {Instruction} from '../dockerfile/model.js';
import {stageReferencedBy, type ResolvedStage} from '../dockerfile/stages.js';
import {isGlob, matchContext} from './context-glob.js';
import type {PathKind, StageConverter} from './convert.js';
import type {DefLine} from './def-file.js';
import {pathsOverlap} from './paths-a-run-writes.js';
import {quoteWord} from './shell-quote.js';
import {placeStaged, shellPath, stagedPath, stagingRoot} from './staged-copy.js';
import {stagePathKind} from './stage-path-kind.js';

/** A COPY/ADD destination: absolute, or starting with a base-image variable the shell expands. */
export function resolveDestination(workdir: string, word: string): string {
	return word.startsWith('$') ? path.normalize(word) : path.resolve(workdir, word);
}

type Source = {item: string; kind: PathKind};

export function convertCopy(converter: StageConverter, instruction: Instruction) {
	const line = instruction.line;
	const words = copyWords(instruction);
	if (words.length < 2 && instruction.heredocs.length === 0) {
		converter.note(line, `${instruction.keyword} needs a source and a destination; it is left out.`);
		return;
	}

	const destinationWord = converter.expand(words.at(-1)!);
	const flags = new Map(instruction.flags.map(flag => [flag.name, flag.value]));
	const from = flags.get('from') === undefined ? undefined : converter.expand(flags.get('from')!);
	const sourceStage = from === undefined ? undefined : stageReferencedBy(converter.shared.stages, from, converter.stage.index);
	const sources = expandSources(converter, instruction, words.slice(0, -1).map(word => converter.expand(word)), from, sourceStage);
	const intoDirectory = destinationWord.endsWith('/') || destinationWord === '.' || sources.length > 1 || words.slice(0, -1).some(word => isGlob(word) && !isUrl(word));
	const destination = resolveDestination(converter.workdir, destinationWord);
	const chmodTargets: string[] = [];
	for (const flag of instruction.flags.filter(candidate => !['from', 'chmod'].includes(candidate.name))) {
		converter.note(line, `${instruction.keyword} --${flag.name}${flag.value ? `=${flag.value}` : ''} has no %files equivalent and is dropped${flag.name === 'chown' ? ' (files belong to root; Apptainer runs as the submitting user)' : ''}.`);
	}

	for (const heredoc of instruction.heredocs) {
		const file = intoDirectory ? path.join(destination, heredoc.name) : destination;
		converter.post.push(
			{text: `mkdir -p ${shellPath(path.dirname(file))}`, source: line},
			{text: `cat > ${shellPath(file)} <<'${heredoc.name}'`, source: line},
			...heredoc.body.map(text => ({text, source: line, verbatim: true})),
			{text: heredoc.name, source: line, verbatim: true},
		);
		chmodTargets.push(file);
	}

	if (!expressibleInFiles(destination)) {
		converter.note(line, `${instruction.keyword} destination ${JSON.stringify(destination)} has a quote or a control character (such as a line break), which a %files line cannot hold; the step is left out: choose a plain destination.`);
		return;
	}

	const reasonToStage = stagingReason(converter, destination, destinationWord);
	sources.forEach(({item, kind}, index) => {
		if (!isUrl(item) && !expressibleInFiles(item)) {
			converter.note(line, `${instruction.keyword} source ${JSON.stringify(item)} has a quote or a control character (such as a line break) in its name, which a %files line cannot hold (it would be cut or split); it is left out: rename the file, or copy it with a RUN step.`);
			return;
		}

		if (instruction.keyword === 'ADD' && isUrl(item)) {
			const file = intoDirectory ? path.join(destination, path.basename(new URL(item).pathname) || 'index.html') : destination;
			addRemote(converter, item, file, line, index);
			chmodTargets.push(file);
			return;
		}

		if (instruction.keyword === 'ADD' && from === undefined && localArchive.test(item)) {
			addArchive(converter, item, destination, line);
			return;
		}

		const target = from === undefined ? converter.files : filesFromSection(converter, from, sourceStage, line);
		const why = reasonToStage ?? (from !== undefined && kind === 'unknown' ? `the Dockerfile does not tell whether ${item} is a file or a folder, which decides where Apptainer's copy puts it` : undefined);
		if (why) {
			const staged = stagedPath('copy', line, index, item);
			target.push({text: `${filesPath(item.replace(/(.)\/+$/, '$1'))} ${filesPath(staged)}`, source: line});
			converter.post.push(...placeStaged(staged, destination, kind, intoDirectory).map(text => ({text, source: line})));
			converter.workaround(line, `${item} is copied to ${path.dirname(staged)}/ by %files and put in ${destination} by %post at this step, because ${why}.`);
		} else {
			target.push({text: directLine(item, kind, from !== undefined, destination, intoDirectory), source: line});
			if (from !== undefined && kind === 'directory') {
				converter.workaround(line, `${item} is a folder: Apptainer's %files from ${from} would put it inside ${destination} when that exists (one level too deep); the def writes the source with a final / so its contents land in ${destination}, as with Docker.`);
			}
		}

		chmodTargets.push(kind === 'directory' ? destination : intoDirectory ? path.join(destination, path.basename(item)) : destination);
		if (kind === 'directory' && converter.shared.options.hasDockerignore && from === undefined) {
			converter.note(line, 'Apptainer\'s %files does not read .dockerignore, so this copies files Docker would leave out; remove what .dockerignore lists from the build context before building.', 'dockerignore');
		}
	});

	if (converter.post.some(postLine => postLine.source === line && postLine.text.includes(`${stagingRoot}/copy-${line}/`))) {
		converter.post.push({text: `rm -rf ${quoteWord(`${stagingRoot}/copy-${line}`)}`, source: line});
	}

	const chmod = flags.get('chmod');
	if (chmod) {
		converter.post.push({text: `chmod -R ${quoteWord(chmod)} ${chmodTargets.map(item => shellPath(item)).join(' ')}`, source: line});
	}
}

/** Why %files cannot place this COPY directly, or undefined when it can. */
function stagingReason(converter: StageConverter, destination: string, destinationWord: string): string | undefined {
	if (destination.startsWith('$')) {
		return `${destinationWord} uses a variable of the base image, which only the %post shell knows`;
	}

	const earlier = converter.runs.find(run => run.mentioned.some(mentioned => pathsOverlap(mentioned, destination)));
	if (earlier) {
		return `the RUN step on line ${earlier.line} works on ${destination} and %files would land before it ran`;
	}

	return undefined;
}

/**
 * A %files line that gives Docker's result without staging. Host copies are `cp -fLr` (copy.go
 * CopyFromHost L81), which puts a folder inside an existing DST, so a folder is written `dir/.`.
 * Stage copies are tar copies that append the source's name when DST is a folder and clean
 * `dir/.` to `dir` (copy.go CopyFromStage L108, L146-149), so a folder is written `dir/`, whose
 * empty name makes its contents land in DST itself.
 */
function directLine(item: string, kind: PathKind, fromStage: boolean, destination: string, intoDirectory: boolean): string {
	const bare = item.replace(/(.)\/+$/, '$1');
	const folder = kind === 'directory' || (kind === 'unknown' && (item.endsWith('/') || item === '.' || item.endsWith('/.')));
	if (!folder) {
		return `${filesPath(bare)} ${filesPath(intoDirectory ? `${destination.replace(/\/$/, '')}/` : destination)}`;
	}

	const source = fromStage ? `${bare.replace(/\/\.$/, '')}/` : bare === '.' || bare.endsWith('/.') ? bare : `${bare}/.`;
	return `${filesPath(source)} ${filesPath(`${destination.replace(/\/$/, '')}/`)}`;
}

/** The sources with their kinds; context wildcards expand to what they match when the context is known. */
function expandSources(converter: StageConverter, instruction: Instruction, items: string[], from: string | undefined, sourceStage: ResolvedStage | undefined): Source[] {
	const {options} = converter.shared;
	return items.filter(item => !item.startsWith('<<')).flatMap(item => {
		if (from !== undefined) {
			return [{item, kind: sourceStage ? stagePathKind(sourceStage, item) : 'unknown'}];
		}

		if (isUrl(item)) {
			return [{item, kind: 'unknown'}];
		}

		if (!isGlob(item) || !options.contextFiles) {
			if (isGlob(item)) {
				converter.note(instruction.line, `${item} is a wildcard: Apptainer fails the build when it matches nothing (Docker accepts that as long as another source matches).`, `glob-${instruction.line}`);
			}

			return [{item, kind: options.pathKind?.(item) ?? 'unknown'}];
		}

		const files = options.contextFiles();
		const matches = matchContext(item, files);
		if (matches.length === 0) {
			converter.note(instruction.line, `${item} matches nothing in the build context; Docker accepts that, Apptainer would fail, so the def leaves it out.`);
		}

		return matches.map(match => ({item: match, kind: options.pathKind?.(match) ?? (files.includes(match) ? 'file' : 'directory')}));
	});
}

export function filesFromSection(converter: StageConverter, from: string, stage: ResolvedStage | undefined, line: number): DefLine[] {
	let name = stage?.defName;
	if (!stage) {
		const existing = converter.shared.externalStages.get(from);
		name = existing?.stage ?? converter.shared.uniqueStageName(`ext-${from.replaceAll(/[^a-zA-Z\d]+/g, '-').replaceAll(/^-|-$/g, '')}`);
		if (!existing) {
			converter.shared.externalStages.set(from, {bootstrap: 'docker', from, stage: name, source: line, sections: []});
			converter.note(line, `--from=${from} names an image, not a stage: the def adds a stage ${name} that bootstraps from it.`);
		}
	}

	const lines = converter.filesFrom.get(name!) ?? [];
	converter.filesFrom.set(name!, lines);
	return lines;
}

/**
 * ADD <url> downloads on the build host in %setup, with whichever of curl, wget and python3 the
 * host has, into the staging folder of the image (%setup sees it as $APPTAINER_ROOTFS; build.go
 * Build.Full runs %setup after the %files from stages and before the host %files), so the image
 * needs no download tool of its own, as with Docker; %post puts the file in place at the ADD's step.
 */
function addRemote(converter: StageConverter, url: string, file: string, source: number, index: number) {
	const staged = `${stagingRoot}/add-${source}/${index}`;
	const hostFile = `"$APPTAINER_ROOTFS"${quoteWord(staged)}`;
	const quotedUrl = quoteWord(url);
	converter.setup.push(
		{text: `mkdir -p "$APPTAINER_ROOTFS"${quoteWord(path.dirname(staged))}`, source},
		{text: `if command -v curl >/dev/null 2>&1; then curl -fsSL -o ${hostFile} ${quotedUrl}; elif command -v wget >/dev/null 2>&1; then wget -q -O ${hostFile} ${quotedUrl}; else python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' ${quotedUrl} ${hostFile}; fi`, source},
	);
	converter.post.push(
		{text: `# ADD ${url.replaceAll('\n', ' ')}: downloaded on the build node by %setup`, source},
		{text: `mkdir -p ${shellPath(path.dirname(file))} && cp ${quoteWord(staged)} ${shellPath(file)}`, source},
		{text: `rm -rf ${quoteWord(`${stagingRoot}/add-${source}`)}`, source},
	);
	converter.note(source, `ADD ${url} is downloaded on the build node by %setup (curl, wget or python3, whichever it has; the image needs none of them) and put at ${file} by %post at this step; the build needs network access.`);
}

function addArchive(converter: StageConverter, archive: string, destination: string, source: number) {
	const staging = `${stagingRoot}/add-${source}`;
	const staged = `${staging}/${path.basename(archive)}`;
	converter.files.push({text: `${filesPath(archive)} ${filesPath(`${staging}/`)}`, source});
	converter.post.push(
		{text: `mkdir -p ${shellPath(destination)}`, source},
		{text: `tar -xf ${quoteWord(staged)} -C ${shellPath(destination)}`, source},
		{text: `rm -rf ${quoteWord(staging)}`, source},
	);
	converter.note(source, `ADD ${archive} unpacks the archive in Docker; the def copies it to ${staging}/ and unpacks it into ${destination} in %post.`);
}

/** Whether a path can be written on a %files line at all: no quotes (its only quoting) and no control characters. */
function expressibleInFiles(item: string): boolean {
	return !/["'\u0000-\u001F\u007F]/.test(item);
}

/** %files splits on white space but understands double quotes. */
export function filesPath(item: string): string {
	return /\s/.test(item) ? `"${item}"` : item;
}
