import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {constants, createReadStream} from 'node:fs';
import {access, lstat, readlink, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {gzipSync} from 'node:zlib';
import {create as createTar} from 'tar';
import type {ContextFile} from '../context/context-files.js';
import {UserError} from '../errors.js';
import {ConfigStore} from '../platform/config.js';

const run = promisify(execFile);

/** Above this the build context upload earns a warning: everything in it also lands in the SIF. */
export const largeContextBytes = 200 * 1024 * 1024;

/**
 * Packs the files into a gzipped tar (paths relative to the context, owners left out). The tool's
 * own settings folder is never packed, and a file holding one of `secrets` (the API key) stops the
 * packing: whatever is uploaded also lands in the image. Returns the packed files' digest (see contentDigest).
 */
export async function packContext(root: string, files: ContextFile[], archive: string, guard: {secrets: string[]; privateFolders: string[]} = {secrets: [], privateFolders: []}): Promise<string> {
	const packed = files.filter(file => !guard.privateFolders.some(folder => isInside(path.resolve(root, file.path), folder)));
	const regular = await refuseUnreadable(root, packed);
	for (const file of regular) {
		if (await containsAny(path.join(root, file.path), guard.secrets)) {
			throw new UserError(`${file.path} contains your Rescale API key; not uploading the build context`, {
				hint: 'Everything in the context is uploaded and copied into the image. Move the file out of the folder or add it to .dockerignore.',
				exitCode: 1,
			});
		}
	}

	try {
		// tar refuses an empty list; a .dockerignore of `*` legitimately sends nothing, which is an empty archive.
		await (packed.length === 0
			? writeFile(archive, gzipSync(Buffer.alloc(1024)))
			: createTar({gzip: true, cwd: root, file: archive, portable: true, noDirRecurse: true}, packed.map(file => file.path)));
		return await contentDigest(root, packed);
	} catch (error) {
		await rm(archive, {force: true});
		const {code, path: where} = error as NodeJS.ErrnoException;
		throw new UserError(`could not pack the build context${where ? ` (${path.relative(root, where) || where})` : ''}: ${code ?? (error as Error).message}; nothing was uploaded`, {
			hint: 'Check that the files are readable and the output folder is writable, then try again.',
			exitCode: 1,
		});
	}
}

/**
 * A sha256 over the files' paths, modes and contents (a link's target for a symbolic link), in path order:
 * the same files hash the same however often they are packed or touched, one changed byte does not.
 */
async function contentDigest(root: string, files: ContextFile[]): Promise<string> {
	const hash = createHash('sha256');
	for (const file of files.toSorted((a, b) => (a.path < b.path ? -1 : (a.path > b.path ? 1 : 0)))) {
		const full = path.join(root, file.path);
		hash.update(`${file.path}\0`);
		const stats = await lstat(full);
		if (stats.isSymbolicLink()) {
			hash.update(`link\0${await readlink(full)}\0`);
			continue;
		}

		const contents = createHash('sha256');
		for await (const chunk of createReadStream(full)) {
			contents.update(chunk as Buffer);
		}

		hash.update(`file\0${(stats.mode & 0o777).toString(8)}\0${contents.digest('hex')}\0`);
	}

	return hash.digest('hex');
}

/**
 * Names every file packing could not read, before any archive is written; returns the regular files
 * (symbolic links are packed as links, as Docker sends them, and not read).
 */
async function refuseUnreadable(root: string, files: ContextFile[]): Promise<ContextFile[]> {
	const checks = await Promise.all(files.map(async file => {
		const full = path.join(root, file.path);
		if ((await lstat(full).catch(() => undefined))?.isSymbolicLink()) {
			return {file, link: true};
		}

		return access(full, constants.R_OK).then(() => ({file, link: false}), (error: NodeJS.ErrnoException) => ({file, link: false, problem: `${file.path} (${error.code ?? 'unreadable'})`}));
	}));
	const unreadable = checks.flatMap(check => 'problem' in check ? [check.problem] : []);
	if (unreadable.length > 0) {
		throw new UserError(`${unreadable.length} file(s) of the build context cannot be read: ${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ', ...' : ''}; nothing was packed or uploaded`, {
			hint: 'Make them readable (chmod u+r), or list them in .dockerignore if the image does not need them.',
			exitCode: 1,
		});
	}

	return checks.filter(check => !check.link).map(check => check.file);
}

/** What packing must keep out: the tool's settings folder, and the API keys this user has. */
export function contextGuard(): {secrets: string[]; privateFolders: string[]} {
	const config = new ConfigStore();
	let stored: string | undefined;
	try {
		stored = config.credentials().apiKey;
	} catch {
		// A damaged settings file holds no usable key; the folder is still left out.
	}

	const secrets = [stored, process.env.RESCALE_API_KEY?.trim()].filter((key): key is string => Boolean(key));
	return {secrets, privateFolders: [path.dirname(config.path)]};
}

function isInside(file: string, folder: string): boolean {
	const relative = path.relative(path.resolve(folder), file);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Whether the file holds any of the strings, read in chunks that overlap by the longest one. */
async function containsAny(file: string, needles: string[]): Promise<boolean> {
	const wanted = needles.filter(needle => needle.length >= 8).map(needle => Buffer.from(needle));
	if (wanted.length === 0) {
		return false;
	}

	const overlap = Math.max(...wanted.map(needle => needle.length)) - 1;
	let carry = Buffer.alloc(0);
	for await (const chunk of createReadStream(file)) {
		const window = Buffer.concat([carry, chunk as Buffer]);
		if (wanted.some(needle => window.includes(needle))) {
			return true;
		}

		carry = window.subarray(Math.max(0, window.length - overlap));
	}

	return false;
}

export type GitSource = {url: string; commit: string; subdirectory: string};

/**
 * The context as a commit on an https remote, when the folder is a clean git checkout whose HEAD
 * is on a remote branch: the build node can then clone it instead of receiving an upload. Returns
 * the reason when it cannot.
 */
export async function gitSource(root: string, skip: string[] = []): Promise<GitSource | {reason: string}> {
	const git = async (...args: string[]) => (await run('git', ['-C', root, ...args], {encoding: 'utf8'})).stdout.trim();
	try {
		const top = await git('rev-parse', '--show-toplevel');
		const ignoredPrefixes = skip.map(folder => path.relative(top, folder).split(path.sep).join('/'));
		const dirty = (await git('status', '--porcelain', '--untracked-files=all', '.')).split('\n').filter(Boolean)
			.filter(line => !ignoredPrefixes.some(prefix => line.slice(3).startsWith(prefix)));
		if (dirty.length > 0) {
			return {reason: `the checkout has ${dirty.length} uncommitted change(s)`};
		}

		const commit = await git('rev-parse', 'HEAD');
		const branches = (await git('branch', '-r', '--contains', commit)).split('\n').map(line => line.trim()).filter(line => line && !line.includes('->'));
		if (branches.length === 0) {
			return {reason: `commit ${commit.slice(0, 7)} is not on any remote branch (push it first)`};
		}

		const remote = branches[0]!.split('/')[0]!;
		const url = await git('remote', 'get-url', remote);
		if (/^https?:\/\/[^/]*@/.test(url)) {
			return {reason: `the remote ${remote} URL carries credentials, which must not reach the build script, the plan or the log`};
		}

		if (!/^https:\/\//.test(url)) {
			return {reason: `the remote ${remote} is not an https:// URL (${url.replace(/\/\/[^@/]*@/, '//')}), which the build node could not clone without your credentials`};
		}

		return {url, commit, subdirectory: path.relative(top, root).split(path.sep).join('/')};
	} catch {
		return {reason: 'the folder is not a git checkout'};
	}
}
