import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {create as createTar} from 'tar';
import type {ContextFile} from '../context/context-files.js';

const run = promisify(execFile);

/** Above this the build context upload earns a warning: everything in it also lands in the SIF. */
export const largeContextBytes = 200 * 1024 * 1024;

/** Packs the files into a gzipped tar (paths relative to the context, owners left out). */
export async function packContext(root: string, files: ContextFile[], archive: string): Promise<void> {
	await createTar({gzip: true, cwd: root, file: archive, portable: true, noDirRecurse: true}, files.map(file => file.path));
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
		if (!/^https:\/\//.test(url)) {
			return {reason: `the remote ${remote} is not an https:// URL (${url.replace(/\/\/[^@/]*@/, '//')}), which the build node could not clone without your credentials`};
		}

		return {url, commit, subdirectory: path.relative(top, root).split(path.sep).join('/')};
	} catch {
		return {reason: 'the folder is not a git checkout'};
	}
}
