import type {ContextView} from '../context/context-files.js';
import type {ReadDockerfile} from '../dockerfile/read-dockerfile.js';
import type {ConfigStore} from '../platform/config.js';
import type {AvailableKey, PlatformSettings} from '../platform/credentials.js';
import type {Session} from '../platform/session.js';

export type SavedDef = {file: string; kept?: string};

/** Everything the wizard's steps reach outside themselves; tests pass their own. */
export type WizardServices = {
	dockerfile: ReadDockerfile;
	/** The build context as `docker build` sees it, for the converter. */
	context: ContextView;
	config: ConfigStore;
	outDir: string;
	/** Platform, keys and project from flags, environment and stored settings (the commands' order). */
	settings: PlatformSettings;
	/** --sandbox: step 3 opens the embedded sandbox without asking. */
	forceSandbox: boolean;
	/** --new: start new jobs even when ones for the same plans are in flight. */
	newJobs: boolean;
	/** --stop-on-exit: leaving while a job runs stops it unless the user says otherwise. */
	stopOnExit: boolean;
	/** Checks the key against the platform (users/me) and opens a session on it; `signal` cancels the check. */
	connect: (platform: string, key: AvailableKey, signal?: AbortSignal) => Promise<Session & {email: string | undefined}>;
	openSandbox: () => Promise<Session>;
	/** Closes what the services started (the embedded sandbox, even one still starting) once the wizard has ended. */
	release: () => Promise<void>;
	/** Writes the Dockerfile back, keeping a backup; returns the backup's path. */
	writeDockerfile: (text: string) => string;
	/**
	 * Saves the def into the output folder. A def there that was edited by hand since this tool
	 * wrote it is kept (`kept`) and the new one is saved beside it (`file`).
	 */
	saveDef: (name: string, text: string) => SavedDef;
	/** Opens the file in $VISUAL/$EDITOR (vi by default) and returns its text afterwards, or an error. */
	editFile: (file: string) => {text: string} | {error: string};
};
