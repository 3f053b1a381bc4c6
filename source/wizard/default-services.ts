import {spawnSync} from 'node:child_process';
import {constants, copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {contextView} from '../context/context-files.js';
import {saveDefFile} from '../definition/save-def.js';
import type {ReadDockerfile} from '../dockerfile/read-dockerfile.js';
import {claimOutputFolder, defaultOutDir} from '../image-build/output-folder.js';
import {ConfigStore} from '../platform/config.js';
import {platformSettings, type AvailableKey} from '../platform/credentials.js';
import type {Session, SessionFlags} from '../platform/session.js';
import {resolvePlatform} from '../rescale/platforms.js';
import {RescaleError} from '../rescale/errors.js';
import type {WizardServices} from './services.js';

export type WizardFlags = SessionFlags & {new: boolean; stopOnExit: boolean};

/** The wizard's services on this machine: the Dockerfile read, the user's settings, real sessions. */
export function defaultServices(dockerfile: ReadDockerfile, flags: WizardFlags): WizardServices {
	const outDir = flags.out ?? defaultOutDir;
	const config = new ConfigStore();
	const settings = platformSettings(flags, config);
	let backup: string | undefined;
	/** The embedded sandbox, once started: one server for the whole wizard. */
	let sandbox: Promise<Session> | undefined;
	const closeSandbox = async () => {
		const open = sandbox;
		sandbox = undefined;
		await (await open?.catch(() => undefined))?.close();
	};

	return {
		dockerfile,
		context: contextView(dockerfile.contextDir, [outDir]),
		config,
		outDir,
		settings,
		forceSandbox: flags.sandbox,
		newJobs: flags.new,
		stopOnExit: flags.stopOnExit,
		async connect(platform, key, signal) {
			const session = await checkKey(platform, key, {project: settings.project, config, signal});
			// The user moved on from the sandbox: its server would keep the process alive after the wizard ends.
			await closeSandbox();
			return session;
		},
		async openSandbox() {
			// Step 3 is shown again after Esc at step 4: the sandbox already running is used again,
			// never a second server on the same state folder.
			sandbox ??= loadSessions().then(async ({openSandboxSession}) => openSandboxSession({...flags, out: outDir}, config)).catch((error: unknown) => {
				sandbox = undefined;
				throw error;
			});
			return {...await sandbox, close: closeSandbox};
		},
		release: closeSandbox,
		writeDockerfile(text) {
			// The original is backed up once, to a name nothing uses yet: a second write must not
			// replace the backup with the fixed file, nor the first a user's own Dockerfile.bak.
			backup ??= keepBackup(dockerfile.file);
			writeFileSync(dockerfile.file, text);
			return backup;
		},
		editFile(file) {
			const editor = process.env.VISUAL?.trim() || process.env.EDITOR?.trim() || 'vi';
			const [command = 'vi', ...args] = editor.split(/\s+/);
			// The editor owns the terminal while it runs; Ink's raw mode is handed back afterwards.
			const raw = process.stdin.isTTY && process.stdin.isRaw;
			if (raw) {
				process.stdin.setRawMode(false);
			}

			const result = spawnSync(command, [...args, file], {stdio: 'inherit'});
			if (raw) {
				process.stdin.setRawMode(true);
			}

			if (result.error || result.status !== 0) {
				return {error: `${editor} ${result.error ? `could not start (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})` : `exited with ${result.status}`}; the def is unchanged. Set EDITOR to your editor.`};
			}

			return {text: readFileSync(file, 'utf8')};
		},
		saveDef(name, text) {
			const folder = path.join(claimOutputFolder(outDir), name);
			mkdirSync(folder, {recursive: true});
			return saveDefFile(path.join(folder, `${name}.def`), text);
		},
	};
}

/** How long step 3 waits for the platform to answer a key check. */
export const keyCheckMs = 10_000;

/**
 * Checks the key (users/me) and opens a session, giving up after `withinMs`; `signal` cancels at
 * once (Esc). A platform that cannot be reached is said in words, with what to do about it.
 */
export async function checkKey(platform: string, key: AvailableKey, options: {project: string | undefined; config: ConfigStore; signal?: AbortSignal; withinMs?: number}) {
	const withinMs = options.withinMs ?? keyCheckMs;
	const deadline = AbortSignal.timeout(withinMs);
	try {
		const {openPlatformSession} = await loadSessions();
		return await openPlatformSession(platform, key, {project: options.project, verify: true, config: options.config, signal: options.signal ? AbortSignal.any([options.signal, deadline]) : deadline});
	} catch (error) {
		const gaveUp = error instanceof RescaleError && error.kind === 'cancelled' && deadline.aborted;
		if (options.signal?.aborted || !(error instanceof RescaleError) || !(gaveUp || error.kind === 'network' || error.kind === 'tls')) {
			throw error;
		}

		// Given up while waiting to try again: the failure it was waiting on is the reason.
		const cause = error.cause instanceof RescaleError ? error.cause : error;
		const seconds = `${Math.round(withinMs / 100) / 10} s`;
		const reason = gaveUp ? (cause.reason ? `${cause.reason}, still after ${seconds}` : `no answer within ${seconds}`) : cause.reason ?? cause.message;
		throw new RescaleError({kind: cause.kind === 'tls' ? 'tls' : 'network', reason, message: `Could not reach ${resolvePlatform(platform)}: ${reason}.`, hint: 'Check the address or your network.', request: error.request});
	}
}

/**
 * The platform client (axios, its zod schemas, the MIME table) is loaded when step 3 first opens a
 * session, not before the wizard's first frame.
 */
async function loadSessions() {
	return import('../platform/session.js');
}

/** Copies the file to FILE.bak, or FILE.bak.2, .3... : the first name that does not exist (checked atomically). */
export function keepBackup(file: string): string {
	for (let attempt = 1; ; attempt++) {
		const backup = attempt === 1 ? `${file}.bak` : `${file}.bak.${attempt}`;
		try {
			copyFileSync(file, backup, constants.COPYFILE_EXCL);
			return backup;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
		}
	}
}
