import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createCatalog} from './catalog.js';
import {FaultInjector, parseFaultSpec, type FaultKind, type FaultPlan} from './faults.js';
import {listen} from './http/listen.js';
import {requestListener} from './http/request-listener.js';
import type {Platform} from './platform.js';
import {catalogRoutes} from './routes/catalog.js';
import {fileRoutes} from './routes/files.js';
import {folderRoutes} from './routes/folders.js';
import {jobRoutes} from './routes/jobs.js';
import {userRoutes} from './routes/users.js';
import {SandboxStore} from './store.js';

export type SandboxOptions = {
	port?: number;
	host?: string;
	/** Simulated seconds per real second (default 5). */
	speed?: number;
	/** A fault spec (`429=0.1,reset=0.02,seed=7`) or a parsed plan. */
	faults?: string | FaultPlan;
	/** Folder that keeps files and jobs across restarts; a temporary one when absent. */
	stateDir?: string;
	apiKey?: string;
	/** Refuse jobs whose `projectId` is not one of `users/me/projects/`, as some workspaces do. */
	requireProject?: boolean;
	/** Simulate nodes where `sudo -n true` fails, as on some workspaces. */
	nodeWithoutSudo?: boolean;
	/** Holds the answer to `POST /api/v2/jobs/` this long after the job exists. */
	createJobDelayMs?: number;
	/** Holds the answer to `POST /api/v2/files/contents/` this long after the file is stored. */
	uploadAnswerDelayMs?: number;
};

export type Sandbox = {
	url: string;
	apiKey: string;
	store: SandboxStore;
	/** Fails the next `times` requests that way (tests and support repros). */
	injectFault: (kind: FaultKind, times?: number) => void;
	stop: () => Promise<void>;
};

/**
 * Starts a sandbox on a free loopback port (or the one asked for) and returns where it listens.
 * Everything it keeps (store, catalogue, faults and their generator) belongs to this one
 * sandbox, so several can run side by side in one process.
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const apiKey = options.apiKey ?? `sandbox-${randomBytes(20).toString('hex')}`;
	const temporary = options.stateDir === undefined ? mkdtempSync(path.join(tmpdir(), 'rescale-sandbox-')) : undefined;
	const store = new SandboxStore(options.stateDir ?? temporary!, options.speed ?? 5, options.stateDir !== undefined);
	const faults = new FaultInjector(typeof options.faults === 'string' ? parseFaultSpec(options.faults) : options.faults);
	const platform: Platform = {store, catalog: createCatalog(), requireProject: options.requireProject ?? false, nodeWithoutSudo: options.nodeWithoutSudo ?? false, createJobDelayMs: options.createJobDelayMs ?? 0, uploadAnswerDelayMs: options.uploadAnswerDelayMs ?? 0};
	const routes = [...userRoutes(platform), ...catalogRoutes(platform), ...fileRoutes(platform), ...jobRoutes(platform), ...folderRoutes(platform)];
	const server = createServer(requestListener(apiKey, routes, faults, store));
	const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
	return {
		url: `http://${address.address}:${address.port}`,
		apiKey,
		store,
		injectFault(kind, times) {
			faults.force(kind, times);
		},
		async stop() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => resolve());
			});
			if (temporary) {
				rmSync(temporary, {recursive: true, force: true});
			}
		},
	};
}
