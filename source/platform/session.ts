import type {EventSink, PipelineEvent} from '../jobs/events.js';
import {RescaleClient} from '../rescale/client.js';
import {isLoopback} from '../rescale/platforms.js';
import {ConfigStore} from './config.js';
import {platformSettings, winningKey, type AvailableKey, type SettingsFlags} from './credentials.js';
import {embeddedSandboxSpeed, startEmbeddedSandbox} from './embedded-sandbox.js';
import {resolveProject, type Project} from './project.js';

/** What both front ends pass to open a session: flags first, then environment, then stored settings. */
export type SessionFlags = SettingsFlags & {
	sandbox: boolean;
	out: string | undefined;
	/** The embedded sandbox's speed and faults. */
	speed: number | undefined;
	faults: string | undefined;
};

/** The platform a front end talks to, with everything the pipelines need from it. */
export type Session = {
	client: RescaleClient;
	config: ConfigStore;
	/** What the platform is called in saved plans: stable across restarts, even for the sandbox. */
	platformId: string;
	platformUrl: string;
	/** How to name the platform on screen. */
	label: string;
	embeddedSandbox: boolean;
	keySource: string;
	/** The project jobs are charged to, when one was chosen. */
	project: Project | undefined;
	pollMs: number;
	/** Every event the client reports (retries, ...) goes to the current listeners. */
	observe: (listener: EventSink) => () => void;
	close: () => Promise<void>;
};

/** Listeners for one session's client events; the wizard's panels come and go, the client stays. */
function eventHub() {
	const listeners = new Set<EventSink>();
	return {
		emit(event: PipelineEvent) {
			for (const listener of listeners) {
				listener(event);
			}
		},
		observe(listener: EventSink) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
	};
}

/**
 * How often to ask the embedded sandbox about a job: every 5 simulated seconds, so at the default
 * speed (20) four times a second as before, and at --speed 1 every 5 s; each poll costs twice in
 * this process (the request and the sandbox answering it). Never faster than 250 ms, never slower
 * than Rescale's own 10 s.
 */
export function sandboxPollMs(speed = embeddedSandboxSpeed): number {
	const every = 5000 / speed;
	// --speed is not checked for the embedded sandbox: a word (NaN) must not poll in a busy loop.
	return Number.isNaN(every) ? 250 : Math.min(10_000, Math.max(250, Math.round(every)));
}

/** The embedded sandbox: a simulated Rescale whose state (and key) live in the output folder. */
export async function openSandboxSession(flags: SessionFlags, config = new ConfigStore()): Promise<Session> {
	const sandbox = await startEmbeddedSandbox(flags.out, {speed: flags.speed, faults: flags.faults});
	const hub = eventHub();
	const client = new RescaleClient({platform: sandbox.url, apiKey: sandbox.apiKey, onEvent: hub.emit});
	const platformId = `sandbox:${sandbox.stateDir}`;
	return {
		client,
		config,
		platformId,
		platformUrl: sandbox.url,
		label: 'sandbox (simulation)',
		embeddedSandbox: true,
		keySource: 'the embedded sandbox',
		// The same order as platformSettings: flag, environment, then the project remembered for this sandbox.
		project: await resolveProject(client, flags.project ?? (process.env.RESCALE_PROJECT?.trim() || undefined) ?? config.project(platformId)),
		pollMs: sandboxPollMs(flags.speed),
		observe: hub.observe,
		async close() {
			client.close();
			await sandbox.stop();
		},
	};
}

/**
 * Rescale (or any platform URL, such as a `sandbox` server) with a key. `verify` checks the key
 * first (users/me) and reports who it belongs to; the project is looked up by id or name.
 */
export async function openPlatformSession(platform: string, key: AvailableKey, options: {project: string | undefined; verify?: boolean; config?: ConfigStore; signal?: AbortSignal}): Promise<Session & {email: string | undefined}> {
	const hub = eventHub();
	const client = new RescaleClient({platform, apiKey: key.apiKey, onEvent: hub.emit});
	const email = options.verify ? (await client.users.me(options.signal)).email : undefined;
	return {
		client,
		config: options.config ?? new ConfigStore(),
		platformId: client.baseUrl,
		platformUrl: client.baseUrl,
		label: client.baseUrl,
		embeddedSandbox: false,
		keySource: key.source,
		project: await resolveProject(client, options.project),
		pollMs: isLoopback(new URL(client.baseUrl)) ? 250 : 10_000,
		observe: hub.observe,
		email,
		async close() {
			client.close();
		},
	};
}

/** The headless commands' session: --sandbox, or the key that wins (flag, environment, stored). */
export async function openSession(flags: SessionFlags, onEvent: EventSink): Promise<Session> {
	const config = new ConfigStore();
	let session: Session;
	if (flags.sandbox) {
		session = await openSandboxSession(flags, config);
		onEvent({kind: 'notice', level: 'info', message: `Using the embedded sandbox (a simulation of Rescale on this machine: nothing runs remotely, nothing is billed; state in ${session.platformId.slice('sandbox:'.length)}).`});
	} else {
		const settings = platformSettings(flags, config);
		session = await openPlatformSession(settings.platform, winningKey(settings), {project: settings.project, config});
	}

	session.observe(onEvent);
	if (session.project) {
		onEvent({kind: 'notice', level: 'info', message: `Jobs are charged to project ${session.project.name} (${session.project.id}).`});
	}

	return session;
}
