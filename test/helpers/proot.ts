import {spawnSync, type SpawnSyncReturns} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readSync, readdirSync, copyFileSync, symlinkSync, chmodSync} from 'node:fs';
import path from 'node:path';

/**
 * Runs commands inside a directory tree as if it were the root file system, without privileges:
 * Debian's proot for the chroot, Debian's static busybox (busybox-static) as the tree's /bin/sh
 * and core tools. Binding the host's /usr instead would hide the image's own /usr.
 * Both are installed by .ci/run; a missing one is an error, never a skipped test.
 */
const busyboxCandidates = ['/usr/bin/busybox', '/bin/busybox'];

let checkedBusybox: string | undefined;

/** The static busybox to install into roots; throws with the fix when proot or it is missing. */
export function requireRootTools(): string {
	if (checkedBusybox) {
		return checkedBusybox;
	}

	if (spawnSync('proot', ['--version'], {stdio: 'ignore'}).status !== 0) {
		throw new Error('proot is not installed: the def tests run %post inside a root with it (apt-get install proot; .ci/run installs it)');
	}

	const busybox = busyboxCandidates.find(candidate => existsSync(candidate));
	if (!busybox) {
		throw new Error('busybox is not installed: the def tests use a static busybox as the root\'s /bin/sh (apt-get install busybox-static; .ci/run installs it)');
	}

	if (hasInterpreter(busybox)) {
		throw new Error(`${busybox} is dynamically linked, so it cannot run inside an empty root: install busybox-static instead of busybox`);
	}

	checkedBusybox = busybox;
	return busybox;
}

/** True when the ELF file asks for a dynamic loader (a PT_INTERP program header). */
function hasInterpreter(file: string): boolean {
	const header = Buffer.alloc(64);
	const descriptor = openSync(file, 'r');
	try {
		readSync(descriptor, header, 0, 64, 0);
		const programHeaders = Number(header.readBigUInt64LE(32));
		const entrySize = header.readUInt16LE(54);
		const count = header.readUInt16LE(56);
		const table = Buffer.alloc(entrySize * count);
		readSync(descriptor, table, 0, table.length, programHeaders);
		const ptInterp = 3;
		return Array.from({length: count}, (_, index) => table.readUInt32LE(index * entrySize)).includes(ptInterp);
	} finally {
		closeSync(descriptor);
	}
}

let applets: string[] | undefined;

/** Puts busybox at ROOT/bin/busybox and links its applets (sh, cp, mkdir, tar...) where missing. */
export function installBusybox(root: string) {
	const busybox = requireRootTools();
	applets ??= spawnSync(busybox, ['--list'], {encoding: 'utf8'}).stdout.split('\n').filter(Boolean);
	const bin = path.join(root, 'bin');
	mkdirSync(bin, {recursive: true});
	copyFileSync(busybox, path.join(bin, 'busybox'));
	chmodSync(path.join(bin, 'busybox'), 0o755);
	const present = new Set(readdirSync(bin));
	for (const applet of applets.filter(name => !present.has(name))) {
		symlinkSync('busybox', path.join(bin, applet));
	}
}

/** Runs ARGS inside ROOT with cwd WORKDIR and exactly the environment ENV. */
export function runInRoot(root: string, args: string[], options: {workdir?: string; env?: Record<string, string>} = {}): SpawnSyncReturns<string> {
	requireRootTools();
	return spawnSync('proot', ['-r', root, '-w', options.workdir ?? '/', ...args], {
		encoding: 'utf8',
		env: {PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', ...options.env},
	});
}
