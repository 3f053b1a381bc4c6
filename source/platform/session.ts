import {ConfigStore} from './config.js';
import {resolveCredentials} from './credentials.js';
import type {EventSink} from '../jobs/events.js';
import {RescaleClient} from '../rescale/client.js';
import {isLoopback} from '../rescale/platforms.js';
import {startEmbeddedSandbox} from './embedded-sandbox.js';

export type SessionFlags = {
	sandbox: boolean;
	platform: string | undefined;
	apiKey: string | undefined;
	out: string | undefined;
	speed: number | undefined;
	faults: string | undefined;
};

export type Session = {
	client: RescaleClient;
	config: ConfigStore;
	/** What the platform is called in saved plans: stable across restarts, even for the sandbox. */
	platformId: string;
	platform: string;
	pollMs: number;
	embeddedSandbox: boolean;
	keySource: string;
	close: () => Promise<void>;
};

/**
 * The platform a command talks to: Rescale with the resolved key, or with --sandbox an embedded
 * sandbox whose state (and key) live in the output folder, so a later command finds its jobs.
 */
export async function openSession(flags: SessionFlags, onEvent: EventSink): Promise<Session> {
	const config = new ConfigStore();
	if (flags.sandbox) {
		const sandbox = await startEmbeddedSandbox(flags.out, {speed: flags.speed, faults: flags.faults});
		const {stateDir} = sandbox;
		onEvent({kind: 'notice', level: 'info', message: `Using the embedded sandbox (a simulation of Rescale on this machine: nothing runs remotely, nothing is billed; state in ${stateDir}).`});
		return {
			client: new RescaleClient({platform: sandbox.url, apiKey: sandbox.apiKey, onEvent}),
			config,
			platformId: `sandbox:${stateDir}`,
			platform: sandbox.url,
			pollMs: 250,
			embeddedSandbox: true,
			keySource: 'the embedded sandbox',
			close: () => sandbox.stop(),
		};
	}

	const credentials = resolveCredentials({apiKey: flags.apiKey, platform: flags.platform}, config);
	return {
		client: new RescaleClient({platform: credentials.platform, apiKey: credentials.apiKey, onEvent}),
		config,
		platformId: credentials.platform,
		platform: credentials.platform,
		pollMs: isLoopback(new URL(credentials.platform)) ? 250 : 10_000,
		embeddedSandbox: false,
		keySource: credentials.source,
		async close() {},
	};
}
