import type {ReadDockerfile} from '../dockerfile/read-dockerfile.js';
import type {ConfigStore} from '../platform/config.js';
import type {RescaleClient} from '../rescale/client.js';

/** A platform the wizard talks to: Rescale with a verified key, or the embedded sandbox. */
export type PlatformSession = {client: RescaleClient; platformId: string; label: string; sandbox: boolean; pollMs: number; close: () => Promise<void>};

/** Everything the wizard's steps reach outside themselves; tests pass their own. */
export type WizardServices = {
	dockerfile: ReadDockerfile;
	config: ConfigStore;
	outDir: string;
	/** RESCALE_API_KEY, when set. */
	environmentKey: string | undefined;
	forceSandbox: boolean;
	/** Checks the key against the platform (users/me) and opens a session. */
	connectRescale: (platform: string, apiKey: string) => Promise<PlatformSession & {email: string}>;
	openSandbox: () => Promise<PlatformSession>;
	/** Writes the Dockerfile back, keeping a backup; returns the backup's path. */
	writeDockerfile: (text: string) => string;
	saveDef: (name: string, text: string) => string;
	/** Opens the file in $VISUAL/$EDITOR (vi by default) and returns its text afterwards, or an error. */
	editFile: (file: string) => {text: string} | {error: string};
};

