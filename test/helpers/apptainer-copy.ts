/**
 * Apptainer's two %files copies, reproduced for the def tests. Everything here follows
 * apptainer/apptainer internal/pkg/build/files/copy.go @006e9e39 (unchanged since 1.0):
 * makeParentDir L28-49, CopyFromHost L56-97, CopyFromStage L105-157; files.go for the glob
 * expansion and the slash-keeping joins; docker's pkg/archive CopyWithTar for the tar copy.
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync} from 'node:fs';
import path from 'node:path';

/** files.go expandPath: a shell `for n in SRC` loop, so a pattern that matches nothing stays literal. */
function expandPath(pattern: string, cwd: string): string[] {
	const escaped = pattern.replaceAll(' ', String.raw`\ `);
	const result = spawnSync('/bin/sh', ['-c', `for n in ${escaped} ; do printf '%s\\0' "$n"; done`], {cwd, encoding: 'utf8', env: {}});
	if (result.status !== 0) {
		throw new Error(`expanding ${pattern}: ${result.stderr}`);
	}

	return result.stdout.split('\0').filter(Boolean);
}

/** files.go joinKeepSlash: filepath.Join (which cleans `dir/.` to `dir`), keeping a final slash. */
function joinKeepSlash(prefix: string, relative: string): string {
	const joined = path.join(prefix, relative);
	return relative.endsWith('/') && !joined.endsWith('/') ? `${joined}/` : joined;
}

/** securejoin keeps the path inside the root, `..` included (`../../x` is `/x` in the root). */
function secureJoinKeepSlash(root: string, relative: string): string {
	const inside = path.posix.resolve('/', relative);
	return joinKeepSlash(root, relative.endsWith('/') && inside !== '/' ? `${inside}/` : inside);
}

/** copy.go makeParentDir: a destination ending in / is created whole, otherwise only its parent. */
function makeParentDir(destination: string) {
	if (existsSync(destination)) {
		return;
	}

	mkdirSync(destination.endsWith('/') ? destination : path.dirname(destination), {recursive: true});
}

/** copy.go CopyFromHost: one `cp -fLr SRC DST` per glob match, relative sources from CWD. */
export function copyFromHost(source: string, destination: string, root: string, cwd: string) {
	for (const match of expandPath(source, cwd)) {
		const resolved = secureJoinKeepSlash(root, destination === '' ? match : destination);
		makeParentDir(resolved);
		const result = spawnSync('cp', ['-fLr', match, resolved], {cwd, encoding: 'utf8'});
		if (result.status !== 0) {
			throw new Error(`%files ${source} ${destination}: ${result.stderr.trim()}`);
		}
	}
}

/** copy.go CopyFromStage: the tar copy, with a directory destination getting the source's name. */
export function copyFromStage(source: string, destination: string, sourceRoot: string, root: string) {
	for (const match of expandPath(joinKeepSlash(sourceRoot, source), '/')) {
		const relative = match.slice(sourceRoot.length);
		const resolvedSource = resolveFirstLink(sourceRoot, relative);
		let resolved = secureJoinKeepSlash(root, destination === '' ? relative : destination);
		makeParentDir(resolved);
		if (isDirectory(resolved)) {
			// path.Split keeps nothing after a final slash, so `dir/` lands in DST itself.
			resolved = path.join(resolved, relative.endsWith('/') ? '' : path.basename(relative));
		}

		copyWithTar(resolvedSource, resolved, `%files from: ${source} ${destination}`);
	}
}

/** securejoin on the source: a first-level symlink is followed inside the source root. */
function resolveFirstLink(sourceRoot: string, relative: string): string {
	const full = joinKeepSlash(sourceRoot, relative);
	const stats = lstatSync(full.replace(/\/$/, ''), {throwIfNoEntry: false});
	if (!stats?.isSymbolicLink()) {
		return full;
	}

	const target = readlinkSync(full.replace(/\/$/, ''));
	return path.join(sourceRoot, path.posix.resolve(path.posix.dirname(path.posix.resolve('/', relative)), target));
}

function isDirectory(file: string): boolean {
	return statSync(file, {throwIfNoEntry: false})?.isDirectory() ?? false;
}

/** docker pkg/archive Archiver.CopyWithTar: a folder's contents merge into DST; a file becomes DST. */
function copyWithTar(source: string, destination: string, what: string) {
	let stats;
	try {
		stats = statSync(source);
	} catch (error) {
		throw new Error(`${what}: ${(error as Error).message}`);
	}

	if (stats.isDirectory()) {
		mkdirSync(destination, {recursive: true});
		mergeTree(source, destination);
		return;
	}

	// CopyFileWithTar: a destination ending in / takes the source's name.
	const file = destination.endsWith('/') ? path.join(destination, path.basename(source)) : destination;
	mkdirSync(path.dirname(file), {recursive: true});
	replaceWith(source, file);
}

/** Untar semantics: folders merge, everything else replaces what is there; links stay links. */
function mergeTree(source: string, destination: string) {
	for (const entry of readdirSync(source, {withFileTypes: true})) {
		const from = path.join(source, entry.name);
		const to = path.join(destination, entry.name);
		if (entry.isDirectory()) {
			if (!isDirectory(to)) {
				rmSync(to, {force: true});
				mkdirSync(to);
			}

			mergeTree(from, to);
		} else {
			replaceWith(from, to);
		}
	}
}

function replaceWith(from: string, to: string) {
	rmSync(to, {force: true, recursive: true});
	if (lstatSync(from).isSymbolicLink()) {
		symlinkSync(readlinkSync(from), to);
	} else {
		copyFileSync(from, to);
	}
}
